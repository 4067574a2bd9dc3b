"""Dashboard figures against hand-built hazards, their drill-down lists, the
district ranking, the fishbone, and scoping."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.hazards.conftest import local
from xiaoan.areas.models import Area
from xiaoan.hazards.choices import HazardCategory, Severity
from xiaoan.places.choices import PlaceKind

pytestmark = pytest.mark.django_db

PERIOD = {"period": "range", "start": "2024-03-01", "end": "2024-03-20"}


@pytest.fixture
def march(
    settings: Any, make_place: Any, make_hazard: Any, close_hazard: Any, neighbour_brigade: Any
) -> dict[str, Any]:
    """兴隆台区: four hazards found in March (one closed, two overdue on the 20th, one
    major); 双台子区 next door: one overdue hazard the brigade must never count."""
    settings.XIAOAN_TODAY = "2024-03-20"
    home = make_place("惠宾小区")
    shop = make_place("惠宾超市", kind=PlaceKind.SMALL_SHOP)
    made = {
        "ebike": make_hazard(
            HazardCategory.EBIKE_INDOOR,
            at_place=home,
            at=local(2024, 3, 5),
            deadline=dt.date(2024, 3, 10),
        ),
        "late": make_hazard(
            HazardCategory.ILLEGAL_WIRING,
            at_place=home,
            at=local(2024, 3, 6),
            deadline=dt.date(2024, 3, 15),
        ),
        "clutter": make_hazard(HazardCategory.CLUTTER, at_place=home, at=local(2024, 3, 12)),
        "door": make_hazard(
            HazardCategory.FIRE_DOOR,
            at_place=shop,
            at=local(2024, 3, 15),
            severity=Severity.MAJOR,
            deadline=dt.date(2024, 3, 31),
            major_element="防火门损坏",
        ),
    }
    close_hazard(made["clutter"])
    far = make_place(
        "胜利小区", "胜利社区", address="双台子区胜利路1号", acting_user=neighbour_brigade
    )
    made["neighbour"] = make_hazard(
        HazardCategory.EBIKE_INDOOR,
        at_place=far,
        at=local(2024, 3, 6),
        acting_user=neighbour_brigade,
        deadline=dt.date(2024, 3, 9),
    )
    return made


def figures(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content.decode()[:500]
    return response.json()["figures"]


def rows_in_list(client: Any, link: str) -> int:
    page = client.get(link).content.decode()
    body = page.split('id="xa-hazard-table"', 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<tr\b", body)) - 1 if "<tbody" in body else 0


def test_key_figures_of_a_district(march: Any, api_as: Any) -> None:
    got = figures(api_as("xinglongtai").get("/api/dashboard", **PERIOD))
    assert got["open_hazards"]["value"] == 3
    assert got["major_open_hazards"]["value"] == 1
    assert got["overdue_hazards"]["value"] == 2  # the e-bike (10th) and the wiring (15th)
    assert got["found_hazards"]["value"] == 4
    assert got["closure_rate"]["value"] == 25.0
    assert got["closure_rate"]["note"] == "本期发现 4 处，已销号 1 处"


def test_every_hazard_figure_drills_down_to_the_hazards_it_counts(
    march: Any, api_as: Any, client_as: Any
) -> None:
    got = figures(api_as("office").get("/api/dashboard", **PERIOD))
    browser = client_as("office")
    checked = 0
    for figure in got.values():
        if figure["link"] and figure["link"].startswith("/hazards/") and figure["unit"] == "处":
            assert rows_in_list(browser, figure["link"]) == figure["value"], figure
            checked += 1
    assert checked == 4
    assert got["overdue_hazards"]["value"] == 3  # the city counts the neighbour's too


def test_a_brigade_never_counts_the_neighbouring_county(
    march: Any, api_as: Any, client_as: Any
) -> None:
    mine = figures(api_as("xinglongtai").get("/api/dashboard", **PERIOD))
    assert mine["found_hazards"]["value"] == 4
    neighbour = Area.objects.get(name="双台子区")
    assert api_as("xinglongtai").get("/api/dashboard", area=neighbour.pk).status_code == 404
    assert client_as("xinglongtai").get(f"/dashboard/?area={neighbour.pk}").status_code == 404
    assert (
        client_as("xinglongtai").get(f"/dashboard/fishbone/?area={neighbour.pk}").status_code == 404
    )
    assert client_as("xinglongtai").get("/dashboard/?area=abc").status_code == 404


def test_charts_by_district_and_category(march: Any, api_as: Any) -> None:
    body = api_as("office").get("/api/dashboard", **PERIOD).json()
    districts = {row["area"]: row["count"] for row in body["charts"]["hazards_by_district"]}
    assert districts["兴隆台区"] == 4
    assert districts["双台子区"] == 1
    categories = {row["category"]: row["count"] for row in body["charts"]["hazards_by_category"]}
    assert categories == {"ebike_indoor": 2, "illegal_wiring": 1, "clutter": 1, "fire_door": 1}
    weekly = body["charts"]["weekly_found_closed"]
    assert sum(weekly["found"]) == 5
    assert sum(weekly["closed"]) == 1
    week_of_4th = weekly["weeks"].index("2024-03-04")
    assert weekly["found"][week_of_4th] == 3  # 5th and 6th (two), the neighbour's 6th


def test_ranking_with_the_change_since_last_week(march: Any, api_as: Any) -> None:
    body = api_as("office").get("/api/dashboard", **PERIOD).json()
    ranking = {row["area"]: row for row in body["ranking"]}
    xlt, stz = ranking["兴隆台区"], ranking["双台子区"]
    assert (xlt["closure_rate"], xlt["overdue"]) == (25.0, 2)
    assert (stz["closure_rate"], stz["overdue"]) == (0.0, 1)
    assert xlt["rank"] < stz["rank"]
    # on the 13th only the e-bike was overdue in 兴隆台区; the wiring fell due on the 15th
    assert xlt["overdue_change"] == 1
    assert stz["overdue_change"] == 0
    # a week ago nothing was closed yet (the clutter closed on the 20th)
    assert xlt["closure_rate_change"] == 25.0


def test_fishbone_groups_the_kind_by_cause_family(march: Any, api_as: Any, client_as: Any) -> None:
    body = (
        api_as("xinglongtai")
        .get("/api/dashboard/fishbone", kind=PlaceKind.RESIDENTIAL, **PERIOD)
        .json()
    )
    [diagram] = body["diagrams"]
    families = {f["family"]: f["count"] for f in diagram["families"]}
    assert families == {"management": 1, "facilities": 1, "materials": 0, "behaviour": 1}
    assert diagram["total"] == 3
    wiring = next(
        c for f in diagram["families"] for c in f["categories"] if c["category"] == "illegal_wiring"
    )
    assert rows_in_list(client_as("xinglongtai"), wiring["link"]) == 1
    page = client_as("xinglongtai").get("/dashboard/fishbone/", PERIOD).content.decode()
    assert "<svg" in page and "设施与设备（" in page


def test_bad_period_is_a_chinese_message_not_an_error(api_as: Any, client_as: Any) -> None:
    response = api_as("office").get("/api/dashboard", period="range", start="2024-13-01")
    assert response.status_code == 400
    assert "开始日期“2024-13-01”不是有效日期" in response.json()["error"]["message"]
    page = client_as("office").get(
        "/dashboard/", {"period": "range", "start": "2024-03-09", "end": "2024-03-01"}
    )
    assert page.status_code == 200
    assert "结束日期早于开始日期" in page.content.decode()


def test_the_page_shows_the_figures_and_ranking(march: Any, client_as: Any) -> None:
    page = client_as("office").get("/dashboard/", PERIOD).content.decode()
    assert 'id="xa-ranking"' in page and "兴隆台区" in page
    assert "echarts.min.js" in page and 'id="xa-dashboard-data"' in page


def test_the_number_of_queries_does_not_grow_with_the_data(
    march: Any, api_as: Any, make_place: Any, make_hazard: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_as("office")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/dashboard", **PERIOD).status_code == 200
        return len(captured.captured_queries)

    queries()  # the first call of a token also records its use
    before = queries()
    for name in ("兴盛小区", "振兴小区"):
        place = make_place(name, "兴盛社区" if name == "兴盛小区" else "振兴社区")
        for category in (HazardCategory.GAS, HazardCategory.HOT_WORK):
            make_hazard(
                category, at_place=place, at=local(2024, 3, 8), deadline=dt.date(2024, 3, 12)
            )
    assert queries() == before


def test_12345_and_urgent_report_figures(march: Any, api_as: Any, user: Any, area: Any) -> None:
    from tests.complaints.test_handling import make

    for n in range(3):
        order = make(user, area, number=f"GD-D-{n}")
        order.fire_related = True
        order.received_at = local(2024, 3, 5 + n)
        order.save()
    body = api_as("xinglongtai").get("/api/dashboard", **PERIOD).json()
    complaints = body["figures"]["complaints"]
    assert complaints["value"] == 3
    assert complaints["note"] == "同比 无可比数据，环比 无可比数据"
    assert complaints["link"].startswith("/complaints/stats/?")
    assert sum(body["charts"]["complaints_trend"]["counts"]) == 3
    urgent = body["figures"]["urgent_on_time_rate"]
    assert urgent["value"] is None and urgent["note"] == "本期无须报送的警情"
    neighbour = api_as("shuangtaizi").get("/api/dashboard", **PERIOD).json()
    assert neighbour["figures"]["complaints"]["value"] == 0
