"""Dates of events are Beijing dates everywhere: a hazard found at 00:04 on 4 March
Beijing time (2024-03-03T16:04Z) was found on 4 March on its page, in the API, in
the hazard list export, in the dashboard's weekly counts and in the briefing's."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from xiaoan.areas.models import Area
from xiaoan.briefings.figures import hazard_figures
from xiaoan.core import clock
from xiaoan.hazards.models import Hazard

pytestmark = pytest.mark.django_db

MARCH_4 = dt.date(2024, 3, 4)


def record(api: Any, place: Any, at: str) -> Hazard:
    response = api.post(
        "/api/inspections",
        {
            "place_id": place.pk,
            "kind": "brigade",
            "at": at,
            "hazards": [{"category": "ebike_indoor", "description": "一楼大厅停放电动车充电"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content.decode()
    return Hazard.objects.get(inspection_id=response.json()["id"])


def test_a_hazard_found_just_after_midnight_is_found_on_that_day(
    settings: Any, make_place: Any, api_as: Any, client_as: Any
) -> None:
    settings.XIAOAN_TODAY = "2024-03-06"
    hazard = record(api_as("xinglongtai"), make_place("惠宾小区"), "2024-03-03T16:04:00Z")
    assert hazard.found_on == MARCH_4
    browser = client_as("xinglongtai")

    page = browser.get(f"/hazards/{hazard.pk}/").content.decode()
    assert "2024年3月4日" in page
    assert "2024-03-03" not in page and "3月3日" not in page  # nor in its history
    inspection = browser.get(f"/inspections/{hazard.inspection_id}/").content.decode()
    assert "2024-03-03" not in inspection and "3月3日" not in inspection

    api = api_as("xinglongtai")
    assert api.get(f"/api/hazards/{hazard.pk}").json()["found_on"] == "2024-03-04"

    export = browser.get("/hazards/export.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    found = rows[0].index("发现日期")
    assert [r[found].date() for r in rows[1:]] == [MARCH_4]
    inspections = browser.get("/inspections/export.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(inspections.streaming_content))).active.values)
    assert rows[1][0] == dt.datetime(2024, 3, 4, 0, 4)

    weekly = api.get("/api/dashboard", period="range", start="2024-02-26", end="2024-03-06").json()[
        "charts"
    ]["weekly_found_closed"]
    by_week = dict(zip(weekly["weeks"], weekly["found"], strict=True))
    assert by_week["2024-03-04"] == 1 and by_week["2024-02-26"] == 0

    district = Area.objects.get(name="兴隆台区")
    assert hazard_figures(district, MARCH_4, MARCH_4).found == 1
    assert hazard_figures(district, dt.date(2024, 3, 3), dt.date(2024, 3, 3)).found == 0


def test_a_time_given_without_a_zone_is_beijing_time(
    settings: Any, make_place: Any, api_as: Any
) -> None:
    """An API client that leaves out the zone means Beijing time, for the stored
    moment and for the date alike (never the server's own zone)."""
    settings.XIAOAN_TODAY = "2024-03-06"
    hazard = record(api_as("xinglongtai"), make_place("惠宾小区"), "2024-03-04T23:30:00")
    assert hazard.found_on == MARCH_4
    assert clock.local(hazard.inspection.at) == dt.datetime(
        2024, 3, 4, 23, 30, tzinfo=clock.LOCAL_TZ
    )
    assert clock.local_date(hazard.inspection.at) == hazard.found_on
