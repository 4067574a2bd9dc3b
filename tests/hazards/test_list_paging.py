"""The hazard list's pages are cut by id first (core.paging.IdsFirst) and its
subtree filter reads the path copied onto each hazard: pages must still come in
discovery order, complete, and never show a neighbour's hazard."""

import datetime as dt

import pytest

from xiaoan.areas.models import Area
from xiaoan.core.paging import IdsFirst
from xiaoan.hazards.choices import HazardCategory
from xiaoan.hazards.models import Hazard

from .conftest import local


@pytest.fixture
def spread(make_place, make_hazard, neighbour_brigade):
    """Hazards found on different days in three communities of 兴隆台区, one
    overdue in 双台子区 (the neighbour's); two are found on the same day."""
    places = {
        name: make_place(f"{name}场所", area_name=name)
        for name in ("惠宾社区", "兴盛社区", "振兴社区")
    }
    days = [3, 9, 9, 14, 20, 27]
    made = []
    for i, day in enumerate(days):
        community = list(places)[i % 3]
        made.append(
            make_hazard(
                HazardCategory.ESCAPE_BLOCKED,
                at_place=places[community],
                at=local(2024, 2, day),
                deadline=dt.date(2024, 3, 1) if i % 2 else dt.date(2030, 1, 1),
            )
        )
    outside = make_place("胜利小区2号楼", area_name="胜利社区", acting_user=neighbour_brigade)
    make_hazard(
        at_place=outside,
        acting_user=neighbour_brigade,
        at=local(2024, 2, 10),
        deadline=dt.date(2024, 3, 1),
    )
    return made


def test_each_hazard_carries_its_areas_path(spread):
    for hazard in Hazard.objects.select_related("area"):
        assert hazard.area_path == hazard.area.path != ""


def test_pages_of_ids_first_equal_the_sorted_list(spread):
    qs = Hazard.objects.select_related("place").order_by("-found_on", "-id")
    expected = list(qs)
    paged = IdsFirst(qs)
    assert len(paged) == paged.count() == len(expected) == 7
    pages = [paged[i : i + 3] for i in range(0, 7, 3)]
    assert [h.pk for page in pages for h in page] == [h.pk for h in expected]
    assert paged[4].pk == expected[4].pk
    assert paged[10:20] == []

    sliced_first = IdsFirst(qs)  # as django-ninja asks: the page, then the total
    assert [h.pk for h in sliced_first[2:4]] == [h.pk for h in expected[2:4]]
    assert len(sliced_first) == 7


@pytest.mark.django_db
def test_api_pages_a_subtree_in_discovery_order(spread, api_as, settings):
    settings.XIAOAN_TODAY = "2024-03-20"
    xinglong = Area.objects.get(name="兴隆街道")  # 惠宾社区 and 兴盛社区, not 振兴社区
    in_xinglong = sorted(
        (h for h in spread if h.area.is_within(xinglong)),
        key=lambda h: (h.found_on, h.pk),
        reverse=True,
    )
    api = api_as("xinglongtai")
    seen = []
    for offset in range(0, 6, 2):
        body = api.get("/api/hazards", within=xinglong.pk, limit=2, offset=offset).json()
        assert body["count"] == len(in_xinglong) == 4
        seen += [row["id"] for row in body["items"]]
    assert seen == [h.pk for h in in_xinglong]
    past_the_end = api.get("/api/hazards", within=xinglong.pk, offset=100).json()
    assert past_the_end == {"items": [], "count": 4}

    overdue = api.get("/api/hazards", within=xinglong.pk, state="open", overdue="true").json()
    assert [row["id"] for row in overdue["items"]] == [
        h.pk for h in in_xinglong if h.deadline == dt.date(2024, 3, 1)
    ]
    assert all(row["overdue"] for row in overdue["items"])


def test_the_neighbours_subtree_lists_nothing(spread, api_as):
    shuangtaizi = Area.objects.get(name="双台子区")
    body = api_as("xinglongtai").get("/api/hazards", within=shuangtaizi.pk).json()
    assert body == {"items": [], "count": 0}
    assert api_as("shuangtaizi").get("/api/hazards").json()["count"] == 1
