"""Inspection schedules by place kind and risk level."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.hazards import services
from xiaoan.hazards.schedule import interval_days, schedule
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.django_db


def test_intervals_by_kind_and_risk(settings):
    assert interval_days("hotel", "medium") == 60
    assert interval_days("hotel", "high") == 30
    assert interval_days("small_shop", "low") == 180
    settings.XIAOAN_INSPECTION_DAYS = {"hotel": 40}
    assert interval_days("hotel", "medium") == 40


def test_due_and_overdue_places(user, area, client_as, settings):
    settings.XIAOAN_TODAY = "2024-01-01"
    brigade = user("xinglongtai")
    hotel = do_register_place(
        acting_user=brigade,
        name="宜居酒店",
        address="振兴街12号",
        area=area("振兴社区"),
        kind="hotel",
        risk_level="high",
    )
    shop = do_register_place(
        acting_user=brigade,
        name="小卖部",
        address="振兴街1号",
        area=area("振兴社区"),
        kind="small_shop",
    )
    services.do_record_inspection(
        acting_user=brigade,
        place=hotel,
        kind="brigade",
        at=dt.datetime(2024, 1, 1, 2, tzinfo=dt.UTC),
        no_hazard=True,
    )
    services.do_record_inspection(
        acting_user=brigade,
        place=shop,
        kind="brigade",
        at=dt.datetime(2024, 1, 1, 2, tzinfo=dt.UTC),
        no_hazard=True,
    )
    places = Place.objects.restrict(brigade)
    rows = schedule(places, dt.date(2024, 2, 5))
    # the high-risk hotel was due on 31 January (30 days); the shop not until 31 March
    assert [(r.name, r.days_overdue) for r in rows] == [("宜居酒店", 5)]
    assert [r.name for r in schedule(places, dt.date(2024, 3, 25))] == ["宜居酒店", "小卖部"]
    settings.XIAOAN_TODAY = "2024-02-05"
    page = client_as("xinglongtai").get("/inspections/schedule/").content.decode()
    assert "宜居酒店" in page and "逾期 5 天" in page and "小卖部" not in page
    assert "宜居酒店" not in client_as("shuangtaizi").get("/inspections/schedule/").content.decode()
