"""The statistics API, page and export: scoping, parameters and what they show."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook

from xiaoan.complaints.models import Complaint

from .test_stats import local, order

QUERIES_API = 10
QUERIES_PAGE = 11


def orders(user: Any, area: Any) -> None:
    order(user, area, local(2023, 1, 5, 9), "惠宾社区")  # the data starts here
    order(user, area, local(2023, 3, 2, 9), "惠宾社区", fire_related=True)
    for name in ["惠宾社区", "惠宾社区", "振兴社区"]:
        order(user, area, local(2024, 3, 2, 9), name, fire_related=True, hazard_category="clutter")
    order(user, area, local(2024, 3, 3, 9), "胜利社区", fire_related=True)
    order(user, area, local(2024, 3, 3, 9), "胜利社区", fire_related=False)


def test_api_counts_growth_and_ranking(user: Any, area: Any, api_as: Any) -> None:
    orders(user, area)
    api = api_as("office")
    body = api.get("/api/complaints/stats", start="2024-03-01", end="2024-03-04").json()
    assert body["count"] == 5
    assert body["area"]["name"] == "盘锦市" and body["fire_related"] is None
    assert (body["yoy_start"], body["yoy_end"]) == ("2023-03-01", "2023-03-04")
    assert (body["pop_start"], body["pop_end"]) == ("2024-02-26", "2024-02-29")
    assert body["yoy"] == {"current": 5, "base": 1, "pct": 400.0, "label": "+400%", "kind": "pct"}
    assert body["pop"]["kind"] == "new"
    assert [(r["rank"], r["name"], r["count"]) for r in body["by_area"][:2]] == [
        (1, "兴隆台区", 3),
        (2, "双台子区", 2),
    ]
    assert [d["count"] for d in body["daily"]] == [0, 3, 2, 0]
    fire = api.get(
        "/api/complaints/stats", start="2024-03-01", end="2024-03-04", fire_related="true"
    )
    assert fire.json()["count"] == 4
    assert fire.json()["by_category"][0] == {
        "key": "clutter",
        "label": "楼道堆放杂物",
        "count": 3,
        "share": 75.0,
        "yoy": {"current": 3, "base": 0, "pct": None, "label": "新增", "kind": "new"},
    }
    county = api.get(
        "/api/complaints/stats", start="2024-03-01", end="2024-03-04", area=area("兴隆台区").pk
    ).json()
    assert county["count"] == 3 and county["yoy"]["label"] == "+200%"
    assert {r["name"]: r["count"] for r in county["by_area"]}["兴隆街道"] == 2


def test_a_district_sees_only_its_own_and_a_neighbours_area_is_404(
    user: Any, area: Any, api_as: Any, client_as: Any
) -> None:
    orders(user, area)
    api = api_as("xinglongtai")
    params = {"start": "2024-03-01", "end": "2024-03-04"}
    mine = api.get("/api/complaints/stats", **params).json()
    assert mine["count"] == 3 and mine["area"]["name"] == "兴隆台区"
    assert "双台子区" not in {r["name"] for r in mine["by_area"]}
    neighbour = area("双台子区").pk
    assert api.get("/api/complaints/stats", area=neighbour, **params).status_code == 404
    assert api.get("/api/complaints/stats", area=area("盘锦市").pk, **params).status_code == 404
    client = client_as("xinglongtai")
    assert client.get("/complaints/stats/", {"area": neighbour, **params}).status_code == 404
    assert client.get("/complaints/stats/export/", {"area": neighbour, **params}).status_code == 404
    inside = api.get("/api/complaints/stats", area=area("振兴街道").pk, **params).json()
    assert inside["count"] == 1


def test_bad_parameters_are_clear_chinese_errors(api_as: Any, client_as: Any) -> None:
    api = api_as("office")
    reversed_ = api.get("/api/complaints/stats", start="2024-03-04", end="2024-03-01")
    assert reversed_.status_code == 400
    assert "开始日期 2024-03-04 晚于结束日期 2024-03-01" in reversed_.json()["error"]["message"]
    bad_date = api.get("/api/complaints/stats", start="2024-02-30")
    assert bad_date.status_code == 422
    assert bad_date.json()["error"]["details"][0]["field"] == "start"
    too_long = api.get("/api/complaints/stats", start="2000-01-01", end="2024-03-01")
    assert too_long.status_code == 400 and "最长" in too_long.json()["error"]["message"]
    page = client_as("office").get(
        "/complaints/stats/", {"preset": "custom", "start": "2024-02-30"}
    )
    assert page.status_code == 200
    assert "开始日期" in page.content.decode()


def test_page_shows_cards_tables_and_chart_data(
    user: Any, area: Any, client_as: Any, settings: Any
) -> None:
    settings.XIAOAN_TODAY = "2024-03-04"
    orders(user, area)
    page = client_as("office").get("/complaints/stats/", {"preset": "3days", "fire": ""})
    html = page.content.decode()
    assert page.status_code == 200
    assert "2024-03-02 至 2024-03-04" in html
    assert "+400%" in html  # year-over-year of 5 on 1
    assert "兴隆台区" in html and "xa-stats-data" in html and "echarts" in html
    assert page.context["summary"].count == 5
    fire_only = client_as("office").get("/complaints/stats/", {"preset": "3days"})
    assert fire_only.context["summary"].count == 4  # the page defaults to fire safety


def test_export_is_a_real_workbook_of_the_tables(user: Any, area: Any, client_as: Any) -> None:
    orders(user, area)
    response = client_as("office").get(
        "/complaints/stats/export/",
        {"preset": "custom", "start": "2024-03-01", "end": "2024-03-04", "fire": ""},
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["概况", "逐日", "按类别", "按区域"]
    summary = [list(r) for r in book["概况"].iter_rows(values_only=True)]
    assert ["工单数", 5] in [r[:2] for r in summary]
    assert ["同比", "+400%"] in [r[:2] for r in summary]
    areas = list(book["按区域"].iter_rows(values_only=True))
    assert areas[0][:3] == ("排名", "区域", "工单数")
    assert areas[1][:3] == (1, "兴隆台区", 3)
    days = list(book["逐日"].iter_rows(values_only=True))
    assert len(days) == 1 + 4
    assert days[2][0] == dt.date(2024, 3, 2) or days[2][0] == dt.datetime(2024, 3, 2)


def test_unplaced_orders_count_for_the_city_only(user: Any, area: Any, api_as: Any) -> None:
    orders(user, area)
    Complaint.objects.filter(area__name="胜利社区").update(area=None)
    params = {"start": "2024-03-01", "end": "2024-03-04"}
    assert api_as("office").get("/api/complaints/stats", **params).json()["count"] == 5
    assert api_as("shuangtaizi").get("/api/complaints/stats", **params).json()["count"] == 0


def test_query_counts_do_not_grow_with_the_orders(
    user: Any, area: Any, api_as: Any, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    orders(user, area)
    api, client = api_as("office"), client_as("office")
    api.get("/api/me")  # the token's first use is written once (last used, security log)
    params = {"start": "2024-01-01", "end": "2024-03-04", "area": area("兴隆台区").pk}
    # API: token, its user, area, first day, daily counts, categories, child areas, their counts;
    # page: session, user, area, the same five, the area picker, spike alerts, unread notifications
    with django_assert_max_num_queries(QUERIES_API):
        assert api.get("/api/complaints/stats", **params).status_code == 200
    with django_assert_max_num_queries(QUERIES_PAGE):
        assert client.get("/complaints/stats/", params).status_code == 200
    for day in range(1, 29):
        order(user, area, local(2024, 2, day, 9), "振兴社区", fire_related=True)
    with django_assert_max_num_queries(QUERIES_API):
        assert api.get("/api/complaints/stats", **params).status_code == 200
    with django_assert_max_num_queries(QUERIES_PAGE):
        assert client.get("/complaints/stats/", params).status_code == 200
