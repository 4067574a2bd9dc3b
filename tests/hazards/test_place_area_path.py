"""Places carry a copy of their area's path, kept by save(), so that scoping and
coverage need no join to the areas; a places-per-area tally, kept in step by
save() and delete(), gives the dashboard its places in scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from xiaoan.areas.models import Area
from xiaoan.places.models import Place, PlaceTally

pytestmark = pytest.mark.django_db


def test_a_registered_place_carries_its_areas_path(make_place: Any) -> None:
    place = make_place("惠宾小区")
    assert place.area_path == Area.objects.get(name="惠宾社区").path
    Place.objects.filter(pk=place.pk).update(area_path="")
    place.refresh_from_db()
    place.save()
    assert Place.objects.get(pk=place.pk).area_path == place.area.path


def test_scoping_uses_the_copy(make_place: Any, brigade: Any, neighbour_brigade: Any) -> None:
    ours = make_place("惠宾小区")
    theirs = make_place(
        "胜利小区", "胜利社区", address="双台子区胜利路1号", acting_user=neighbour_brigade
    )
    assert list(Place.objects.restrict(brigade)) == [ours]
    assert list(Place.objects.restrict(neighbour_brigade)) == [theirs]


def tally() -> dict[str, int]:
    return {t.area.name: t.places for t in PlaceTally.objects.select_related("area") if t.places}


def live() -> dict[str, int]:
    counts: dict[str, int] = {}
    for place in Place.objects.select_related("area"):
        counts[place.area.name] = counts.get(place.area.name, 0) + 1
    return counts


def test_the_places_per_area_tally_keeps_in_step(make_place: Any, neighbour_brigade: Any) -> None:
    home = make_place("惠宾小区")
    make_place("惠宾超市")
    make_place("胜利小区", "胜利社区", address="双台子区胜利路1号", acting_user=neighbour_brigade)
    assert tally() == live() == {"惠宾社区": 2, "胜利社区": 1}
    home.name = "惠宾家园"
    home.save()  # an edit that keeps the area counts nothing twice
    assert tally() == live()
    moved = Place.objects.get(pk=home.pk)
    moved.area = Area.objects.get(name="胜利社区")
    moved.save()
    assert tally() == live() == {"惠宾社区": 1, "胜利社区": 2}
    moved.delete()
    assert tally() == live() == {"惠宾社区": 1, "胜利社区": 1}
    PlaceTally.objects.all().delete()
    PlaceTally.rebuild()
    assert tally() == live()


def test_dashboard_coverage_from_the_tally_equals_counting_places(
    make_place: Any, brigade: Any
) -> None:
    from xiaoan.dashboard.coverage import CoverageOf
    from xiaoan.hazards.queries import coverage

    for n in range(3):
        make_place(f"惠宾{n}号楼")
    make_place("振兴小区", "振兴社区", address="兴隆台区振兴路1号")
    for name in ["兴隆台区", "盘锦市", "惠宾社区"]:
        area = Area.objects.get(name=name)
        day = dict(start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 20))
        ours = CoverageOf(brigade, area)(**day)
        counted = coverage(Place.objects.restrict(brigade), area=area, **day)
        assert (ours.in_scope, ours.inspected) == (counted.in_scope, counted.inspected)
        assert [(r.area, r.in_scope) for r in ours.by_area] == [
            (r.area, r.in_scope) for r in counted.by_area
        ]


def test_dashboard_inspected_places_from_the_inspections_equal_counting_places(
    make_place: Any, inspect: Any, brigade: Any, neighbour_brigade: Any
) -> None:
    """Inspections carry their place's area path; the dashboard counts the places
    inspected in a subtree from them, and must get what reading the places gives."""
    from xiaoan.dashboard.coverage import CoverageOf
    from xiaoan.hazards.models import Inspection
    from xiaoan.hazards.queries import coverage

    from .conftest import local

    twice, once, late = (make_place(f"惠宾{n}号楼") for n in range(3))
    zhenxing = make_place("振兴小区", "振兴社区", address="兴隆台区振兴路1号")
    make_place("兴盛小区", "兴盛社区", address="兴隆台区兴盛路1号")  # never inspected
    theirs = make_place(
        "胜利小区", "胜利社区", address="双台子区胜利路1号", acting_user=neighbour_brigade
    )
    inspect(twice, at=local(2024, 3, 2))
    inspect(twice, "clutter", at=local(2024, 3, 9))
    inspect(once, at=local(2024, 3, 20, 23, 30))
    inspect(late, at=local(2024, 3, 21, 0, 10))  # the day after the range
    inspect(zhenxing, at=local(2024, 3, 1, 0, 5))
    inspect(theirs, at=local(2024, 3, 5), acting_user=neighbour_brigade)
    assert {i.area_path for i in Inspection.objects.select_related("place")} == {
        p.area_path for p in (twice, once, late, zhenxing, theirs)
    }

    day = dict(start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 20))
    for name, inspected in [("兴隆台区", 3), ("兴隆街道", 2), ("惠宾社区", 2), ("振兴社区", 1)]:
        area = Area.objects.get(name=name)
        ours = CoverageOf(brigade, area)(**day)
        counted = coverage(Place.objects.restrict(brigade), area=area, **day)
        assert ours.inspected == counted.inspected == inspected
        assert [(r.area, r.in_scope, r.inspected) for r in ours.by_area] == [
            (r.area, r.in_scope, r.inspected) for r in counted.by_area
        ]
