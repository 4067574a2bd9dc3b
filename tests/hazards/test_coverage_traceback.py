"""Coverage (how many places in scope were inspected in a window) and
trace-back (倒查: earlier inspections that missed a hazard, and who signed them)."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.areas.models import Area
from xiaoan.directives.services import do_create_campaign
from xiaoan.hazards import queries
from xiaoan.hazards.choices import HazardCategory
from xiaoan.hazards.services import do_sign_inspection
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place

from .conftest import local

pytestmark = pytest.mark.django_db

MARCH = {"start": dt.date(2024, 3, 1), "end": dt.date(2024, 3, 31)}


@pytest.fixture
def city_places(make_place, inspect, neighbour_brigade):
    """Five places in 兴隆台区 across 兴隆街道 and 振兴街道, three inspected in March
    (one with "no hazard"), the others inspected just outside it or never;
    plus an inspected place of 双台子区."""
    p = {
        "p1": make_place("惠宾小区", "惠宾社区"),
        "p2": make_place("兴盛小区", "兴盛社区"),
        "p3": make_place("惠宾小区3号楼", "惠宾社区第一网格"),
        "p4": make_place("振兴便利店", "振兴社区", kind=PlaceKind.SMALL_SHOP),
        "p5": make_place("振兴小吃部", "振兴社区", kind=PlaceKind.SMALL_SHOP),
        "other": make_place(
            "胜利小区", "胜利社区", address="双台子区胜利路1号", acting_user=neighbour_brigade
        ),
    }
    inspect(p["p1"], HazardCategory.EBIKE_INDOOR, at=local(2024, 3, 5))
    inspect(p["p1"], at=local(2024, 3, 25))  # a second visit counts the place once
    inspect(p["p2"], at=local(2024, 3, 10))  # no hazard counts as inspected
    inspect(p["p3"], at=local(2024, 2, 20))  # before the window
    inspect(p["p4"], HazardCategory.GAS, at=local(2024, 3, 31, 23, 30))  # last evening
    inspect(p["p5"], at=local(2024, 4, 1, 0, 30))  # just after (still 31 March in UTC)
    inspect(p["other"], at=local(2024, 3, 5), acting_user=neighbour_brigade)
    return p


def rows(cov):
    return [(c.area.name, c.in_scope, c.inspected, c.percent) for c in cov.by_area]


def test_coverage_of_a_district(city_places, brigade):
    cov = queries.coverage(
        Place.objects.restrict(brigade), area=Area.objects.get(name="兴隆台区"), **MARCH
    )
    assert (cov.in_scope, cov.inspected, cov.percent) == (5, 3, 60.0)
    assert rows(cov) == [("兴隆街道", 3, 2, 66.7), ("振兴街道", 2, 1, 50.0)]
    assert [p.name for p in cov.not_inspected] == ["惠宾小区3号楼", "振兴小吃部"]


def test_the_scope_is_the_area_even_from_the_whole_city(city_places, office):
    cov = queries.coverage(Place.objects.all(), area=Area.objects.get(name="兴隆台区"), **MARCH)
    assert (cov.in_scope, cov.inspected) == (5, 3)
    city = queries.coverage(
        Place.objects.restrict(office), area=Area.objects.get(name="盘锦市"), **MARCH
    )
    assert (city.in_scope, city.inspected, city.percent) == (6, 4, 66.7)
    assert rows(city) == [("双台子区", 1, 1, 100.0), ("兴隆台区", 5, 3, 60.0)]


def test_coverage_one_level_down(city_places, brigade):
    cov = queries.coverage(
        Place.objects.restrict(brigade), area=Area.objects.get(name="兴隆街道"), **MARCH
    )
    assert (cov.in_scope, cov.inspected) == (3, 2)
    assert rows(cov) == [("惠宾社区", 2, 1, 50.0), ("兴盛社区", 1, 1, 100.0)]


def test_a_neighbour_sees_no_places_of_the_district(city_places, neighbour_brigade):
    cov = queries.coverage(
        Place.objects.restrict(neighbour_brigade), area=Area.objects.get(name="兴隆台区"), **MARCH
    )
    assert (cov.in_scope, cov.inspected, cov.percent, cov.by_area) == (0, 0, 0.0, [])
    assert list(cov.not_inspected) == []


def test_the_window_moves_the_count(city_places, brigade):
    xlt = Area.objects.get(name="兴隆台区")
    feb = queries.coverage(
        Place.objects.restrict(brigade),
        area=xlt,
        start=dt.date(2024, 2, 1),
        end=dt.date(2024, 2, 29),
    )
    assert (feb.in_scope, feb.inspected) == (5, 1)
    spring = queries.coverage(
        Place.objects.restrict(brigade),
        area=xlt,
        start=dt.date(2024, 2, 1),
        end=dt.date(2024, 4, 30),
    )
    assert (spring.inspected, spring.percent) == (5, 100.0)
    assert list(spring.not_inspected) == []


def test_kinds_filter(city_places, brigade):
    cov = queries.coverage(
        Place.objects.restrict(brigade),
        area=Area.objects.get(name="兴隆台区"),
        kinds=[PlaceKind.SMALL_SHOP],
        **MARCH,
    )
    assert (cov.in_scope, cov.inspected, cov.percent) == (2, 1, 50.0)
    assert rows(cov) == [("振兴街道", 2, 1, 50.0)]
    assert [p.name for p in cov.not_inspected] == ["振兴小吃部"]


def test_campaign_filter(city_places, brigade, office, inspect):
    campaign = do_create_campaign(
        acting_user=office,
        name="除患攻坚大整治",
        area=Area.objects.get(name="兴隆台区"),
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 31),
    )
    inspect(city_places["p5"], at=local(2024, 3, 15), campaign=campaign)
    cov = queries.coverage(
        Place.objects.restrict(brigade),
        area=Area.objects.get(name="兴隆台区"),
        campaign_id=campaign.pk,
        **MARCH,
    )
    assert (cov.in_scope, cov.inspected, cov.percent) == (5, 1, 20.0)
    assert rows(cov) == [("兴隆街道", 3, 0, 0.0), ("振兴街道", 2, 1, 50.0)]
    assert [p.name for p in cov.not_inspected] == [
        "惠宾小区",
        "惠宾小区3号楼",
        "兴盛小区",
        "振兴便利店",
    ]


# ----- trace-back -----


@pytest.fixture
def grid_place(make_place):
    return make_place("惠宾小区5号楼", "惠宾社区第一网格")


def test_trace_back_lists_the_inspections_that_missed_the_hazard(
    grid_place, inspect, brigade, colleague, grid_worker, property_manager
):
    # 2023-12-01: no hazard, but more than 90 days before — not listed
    inspect(grid_place, at=local(2023, 12, 1))
    # 2024-01-10: no hazard; the colleague signed, the grid worker never did
    clean = inspect(grid_place, at=local(2024, 1, 10), inspectors=[colleague, grid_worker])
    do_sign_inspection(clean, acting_user=colleague)
    # 2024-02-15: found e-bikes already — not a miss for an e-bike hazard
    inspect(grid_place, HazardCategory.EBIKE_INDOOR, at=local(2024, 2, 15))
    # 2024-03-01: the grid worker found only clutter
    other = inspect(
        grid_place, HazardCategory.CLUTTER, at=local(2024, 3, 1), acting_user=grid_worker
    )
    # 2024-03-20: e-bikes charging in the lobby
    found = inspect(grid_place, HazardCategory.EBIKE_INDOOR, at=local(2024, 3, 20))
    hazard = found.hazards.get()

    missed = queries.trace_back(hazard)
    assert [m.inspection for m in missed] == [other, clean]  # latest first
    assert missed[0].reason == "发现了其他隐患，但未发现“电动车违规停放充电”"
    assert missed[0].inspectors == [grid_worker]
    assert missed[1].reason == "报告未发现隐患"
    assert missed[1].inspectors == [brigade, colleague]  # only those who signed

    # a longer window reaches back to December
    assert len(queries.trace_back(hazard, window_days=120)) == 3


def test_trace_back_of_a_clutter_hazard_skips_the_clutter_inspection(grid_place, inspect):
    inspect(grid_place, HazardCategory.CLUTTER, HazardCategory.FIRE_DOOR, at=local(2024, 3, 1))
    inspect(grid_place, HazardCategory.EBIKE_INDOOR, at=local(2024, 3, 10))
    hazard = inspect(grid_place, HazardCategory.CLUTTER, at=local(2024, 3, 20)).hazards.get()
    missed = queries.trace_back(hazard)
    assert [m.reason for m in missed] == ["发现了其他隐患，但未发现“楼道堆放杂物”"]
    assert missed[0].inspection.at == local(2024, 3, 10)


def test_trace_back_window_edge_and_other_places(grid_place, make_place, inspect):
    hazard = inspect(grid_place, HazardCategory.GAS, at=local(2024, 3, 31)).hazards.get()
    on_edge = inspect(grid_place, at=local(2024, 1, 1, 8))  # exactly 90 days before
    inspect(grid_place, at=local(2023, 12, 31, 23))  # 91 days before
    inspect(make_place("别的小区"), at=local(2024, 3, 1))  # another place
    inspect(grid_place, at=local(2024, 4, 2))  # after the hazard was found
    assert [m.inspection for m in queries.trace_back(hazard)] == [on_edge]


def test_no_earlier_inspection_no_trace_back(grid_place, inspect):
    hazard = inspect(grid_place, HazardCategory.GAS, HazardCategory.CLUTTER, at=local(2024, 3, 31))
    for h in hazard.hazards.all():
        assert queries.trace_back(h) == []


def test_the_rows_by_area_add_up_to_the_total(city_places, make_place, brigade):
    make_place("兴隆台区直属单位", "兴隆台区")
    cov = queries.coverage(
        Place.objects.restrict(brigade), area=Area.objects.get(name="兴隆台区"), **MARCH
    )
    assert cov.in_scope == 6
    assert sum(row.in_scope for row in cov.by_area) == cov.in_scope
