"""Classification overrides, the dictionary, placing, the 待定位 queue and duplicates,
through the import, the pages, the API and the command line."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.management import call_command

from xiaoan.areas.services import do_set_area_aliases
from xiaoan.complaints.importers import import_complaints
from xiaoan.complaints.models import ClassificationKeyword, Complaint, ComplaintDuplicate
from xiaoan.complaints.placing import area_index

from .conftest import good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}}


def imported(office: Any, *rows: list[Any]) -> dict[str, Complaint]:
    result = import_complaints(xlsx_bytes(list(rows)), acting_user=office)
    assert result.rejected == 0, result.errors
    return {c.number: c for c in Complaint.objects.select_related("area")}


def patch_json(api: Any, url: str, data: dict[str, Any]) -> Any:
    return api.patch(url, data)


def post_json(api: Any, url: str, data: dict[str, Any]) -> Any:
    return api.post(url, json.dumps(data), content_type="application/json")


# ----- classification -----


def test_a_manual_classification_survives_reimport_and_reclassification(
    user: Any, api_as: Any
) -> None:
    office = user("office")
    order = imported(office, good_row("K1"))["K1"]
    assert (order.fire_related, order.classified_by) == (True, "auto")
    api = api_as("office")
    response = patch_json(
        api,
        f"/api/complaints/{order.pk}/classification",
        {"version": order.version, "fire_related": False},
    )
    assert response.status_code == 200, response.content
    assert response.json()["classified_by"] == "manual"
    # a newer export with other wording, then a re-classification of everything
    imported(office, good_row("K1", 诉求内容="楼道里有人私拉电线给电动车充电，还堆了纸箱。"))
    call_command("classify_complaints", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    order.refresh_from_db()
    assert (order.fire_related, order.hazard_category, order.classified_by) == (
        False,
        "",
        "manual",
    )
    assert "人工分类" in [h.history_change_reason for h in order.history.all()]
    detail = api.get(f"/api/complaints/{order.pk}").json()
    assert detail["fire_related"] is False and detail["classified_by"] == "manual"


def test_override_on_the_order_page(user: Any, client_as: Any) -> None:
    order = imported(user("office"), good_row("K2", 诉求内容="小区路灯坏了半个月。"))["K2"]
    assert order.fire_related is False
    client = client_as("office")
    page = client.get(f"/complaints/{order.pk}/")
    assert "不涉及消防安全" in page.content.decode() and "保存人工分类" in page.content.decode()
    response = client.post(
        f"/complaints/{order.pk}/classification/",
        {"version": order.version, "fire_related": "1", "hazard_category": "facilities_broken"},
        follow=True,
    )
    text = response.content.decode()
    assert "已保存人工分类" in text
    assert "涉及消防安全：消防设施缺失或损坏" in text and "人工" in text
    # a stale form is refused, the first decision stays
    response = client.post(
        f"/complaints/{order.pk}/classification/",
        {"version": order.version, "fire_related": "0", "hazard_category": ""},
        follow=True,
    )
    assert "已被他人修改" in response.content.decode()
    order.refresh_from_db()
    assert order.fire_related is True


def test_stale_api_override_is_409(user: Any, api_as: Any) -> None:
    order = imported(user("office"), good_row("K3"))["K3"]
    api = api_as("office")
    url = f"/api/complaints/{order.pk}/classification"
    assert (
        patch_json(api, url, {"version": order.version, "fire_related": False}).status_code == 200
    )
    stale = patch_json(api, url, {"version": order.version, "fire_related": True})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_edit"


def test_editing_the_dictionary_changes_the_classification(
    user: Any, client_as: Any, api_as: Any
) -> None:
    office = user("office")
    order = imported(office, good_row("K4", 工单标题="", 诉求内容="有人在单元门口卖充电宝。"))["K4"]
    assert order.fire_related is False
    client = client_as("office")
    response = client.post(
        "/complaints/keywords/",
        {"word": "充电宝", "hazard_category": "other", "weight": "4", "note": "测试"},
        follow=True,
    )
    assert "已添加词语“充电宝”" in response.content.decode()
    call_command("classify_complaints", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    order.refresh_from_db()
    assert (order.fire_related, order.hazard_category) == (True, "other")
    # disabling the word through the API undoes it
    keyword = ClassificationKeyword.objects.get(word="充电宝")
    api = api_as("office")
    response = patch_json(
        api,
        f"/api/complaints/keywords/{keyword.pk}",
        {"version": keyword.version, "active": False},
    )
    assert response.status_code == 200 and response.json()["active"] is False
    call_command("classify_complaints", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    order.refresh_from_db()
    assert order.fire_related is False
    assert keyword.history.count() == 2  # added, disabled


def test_a_duplicate_word_is_refused_in_chinese(client_as: Any) -> None:
    response = client_as("office").post(
        "/complaints/keywords/", {"word": "彩钢板", "hazard_category": "", "weight": "1"}
    )
    assert "词语“彩钢板”已在词典中" in response.content.decode()


def test_only_those_who_manage_orders_edit_the_dictionary(client_as: Any, api_as: Any) -> None:
    response = client_as("xinglongtai").get("/complaints/keywords/", follow=True)
    assert "无权查看或修改分类词典" in response.content.decode()
    response = post_json(
        api_as("xinglongtai"), "/api/complaints/keywords", {"word": "测试词", "weight": 1}
    )
    assert response.status_code == 403
    assert not ClassificationKeyword.objects.filter(word="测试词").exists()


def test_classify_command_reports_progress(user: Any) -> None:
    imported(user("office"), good_row("K5"), good_row("K6"))
    Complaint.objects.update(classified_by="", fire_related=None)
    import io

    out = io.StringIO()
    call_command("classify_complaints", stdout=out)
    assert "待分类工单 2 件" in out.getvalue() and "已处理 2 / 2（100%）" in out.getvalue()
    assert set(Complaint.objects.values_list("classified_by", flat=True)) == {"auto"}


# ----- placing -----


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("辽宁省盘锦市兴隆台区兴隆街道惠宾社区12号楼", "惠宾社区"),
        ("兴隆台惠宾社区3号楼2单元", "惠宾社区"),
        ("盘锦市大洼向阳社区", "向阳社区"),
        ("大洼区大洼街道中兴路8号", "大洼街道"),
        ("双台子区 红旗街道 某小区", "红旗街道"),
        ("盘山县沙岭镇沙岭村二组", "沙岭村"),
        ("辽东湾新区荣兴街道", "荣兴街道"),
        ("兴隆台区某商场", "兴隆台区"),
        ("中兴路123号", None),
        ("双台子区兴隆街道", None),  # names that contradict each other
    ],
)
def test_placing_typical_addresses(address: str, expected: str | None, area: Any) -> None:
    found = area_index(None).resolve(address)
    assert (found and area_name(found)) == expected


def area_name(pk: int) -> str:
    from xiaoan.areas.models import Area

    return Area.objects.get(pk=pk).name


def test_a_stored_alias_places_an_order(area: Any, user: Any) -> None:
    huibin = area("惠宾社区")
    assert area_index(None).resolve("兴隆台区惠宾花园5号楼") == area("兴隆台区").pk
    assert area_index(None).resolve("兴隆台区惠宾小区5号楼") == huibin.pk  # a demo alias
    do_set_area_aliases(
        huibin,
        acting_user=user("admin"),
        aliases=[*huibin.alias_list, "惠宾花园"],
        expected_version=huibin.version,
    )
    assert area_index(None).resolve("兴隆台区惠宾花园5号楼") == huibin.pk
    assert "惠宾花园" in area("惠宾社区").aliases


def test_unresolvable_address_waits_in_the_queue_of_the_importers_office(
    user: Any, client_as: Any, area: Any
) -> None:
    office = user("office")
    orders = imported(office, good_row("P1", 事发地址="中兴路123号", 诉求内容="楼道堆放杂物。"))
    order = orders["P1"]
    assert order.placed_by == "unresolved" and order.area == office.area
    queue = client_as("office").get("/complaints/unplaced/").content.decode()
    assert "P1" in queue and "中兴路123号" in queue
    assert (
        "中兴路123号" not in client_as("xinglongtai").get("/complaints/unplaced/").content.decode()
    )
    # a person places it; the history names them; a re-import keeps it there
    community = area("惠宾社区")
    response = client_as("office").post(
        f"/complaints/{order.pk}/placing/",
        {"version": order.version, "area": community.pk, "next": "queue"},
        follow=True,
    )
    assert "已定位到 惠宾社区" in response.content.decode()
    assert "中兴路123号" not in client_as("office").get("/complaints/unplaced/").content.decode()
    imported(office, good_row("P1", 事发地址="双台子区红旗街道", 诉求内容="楼道堆放杂物。"))
    order.refresh_from_db()
    assert (order.area, order.placed_by) == (community, "manual")
    last_manual = order.history.filter(history_change_reason="人工定位").get()
    assert last_manual.history_user == office
    # now in 兴隆台区: its brigade sees it
    assert client_as("xinglongtai").get(f"/complaints/{order.pk}/").status_code == 200


def test_queue_export_is_a_workbook(user: Any, client_as: Any) -> None:
    imported(user("office"), good_row("P2", 事发地址="中兴路1号"))
    response = client_as("office").get("/complaints/unplaced/", {"export": "xlsx"})
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[2]][:3][0] == "P2"


def test_placing_through_the_api_within_scope_only(user: Any, api_as: Any, area: Any) -> None:
    order = imported(user("office"), good_row("P3", 事发地址="兴隆台区某商场"))["P3"]
    assert order.area == area("兴隆台区")
    api = api_as("xinglongtai")  # the brigade handles orders of its district
    response = post_json(
        api,
        f"/api/complaints/{order.pk}/placing",
        {"version": order.version, "area_id": area("振兴社区").pk},
    )
    assert response.status_code == 200 and response.json()["placed_by"] == "manual"
    # not to a neighbour's area
    response = post_json(
        api,
        f"/api/complaints/{order.pk}/placing",
        {"version": order.version + 1, "area_id": area("红旗社区").pk},
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.area == area("振兴社区")


# ----- scoping -----


def test_a_neighbour_district_gets_404(user: Any, api_as: Any, client_as: Any, area: Any) -> None:
    order = imported(user("office"), good_row("S1", 事发地址="双台子区红旗街道红旗社区"))["S1"]
    assert order.area == area("红旗社区")
    api = api_as("xinglongtai")
    response = patch_json(
        api,
        f"/api/complaints/{order.pk}/classification",
        {"version": order.version, "fire_related": False},
    )
    assert response.status_code == 404 and response.json() == NOT_FOUND
    response = post_json(
        api,
        f"/api/complaints/{order.pk}/placing",
        {"version": order.version, "area_id": area("振兴社区").pk},
    )
    assert response.status_code == 404 and response.json() == NOT_FOUND
    client = client_as("xinglongtai")
    assert client.get(f"/complaints/{order.pk}/").status_code == 404
    assert (
        client.post(
            f"/complaints/{order.pk}/classification/",
            {"version": order.version, "fire_related": "0"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/complaints/{order.pk}/placing/",
            {"version": order.version, "area": area("振兴社区").pk},
        ).status_code
        == 404
    )
    order.refresh_from_db()
    assert order.classified_by == "auto" and order.area == area("红旗社区")


def test_a_read_only_role_may_not_decide(user: Any, api_as: Any) -> None:
    order = imported(user("office"), good_row("S2"))["S2"]
    response = patch_json(
        api_as("auditor"),
        f"/api/complaints/{order.pk}/classification",
        {"version": order.version, "fire_related": False},
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.classified_by == "auto"


# ----- duplicates -----


def test_likely_duplicates_are_linked_within_the_window_only(
    user: Any, api_as: Any, client_as: Any
) -> None:
    office = user("office")
    text = "惠宾社区8号楼楼道里堆满纸箱和旧家具，多次找物业没人管。"
    orders = imported(
        office,
        good_row(
            "D1", 来电时间="2024-02-25 09:00", 事发地址="兴隆台区惠宾社区8号楼", 诉求内容=text
        ),
        good_row(
            "D2",
            来电时间="2024-02-26 18:30",
            事发地址="兴隆台区兴隆街道惠宾社区",
            诉求内容="惠宾社区8号楼楼道堆满纸箱、旧家具，物业不管，请处理。",
        ),
        good_row(
            "D3", 来电时间="2024-03-05 10:00", 事发地址="兴隆台区惠宾社区8号楼", 诉求内容=text
        ),
        good_row(
            "D4",
            来电时间="2024-02-25 11:00",
            事发地址="兴隆台区惠宾社区",
            诉求内容="小区供暖不热，家里只有十五度。",
        ),
    )
    pairs = {
        (orders_by_pk(orders, link.first_id), orders_by_pk(orders, link.second_id))
        for link in ComplaintDuplicate.objects.all()
    }
    assert pairs == {("D1", "D2")}  # D3 is 8 days later, D4 is about something else
    api = api_as("office")
    detail = api.get(f"/api/complaints/{orders['D2'].pk}").json()
    assert [d["number"] for d in detail["duplicates"]] == ["D1"]
    assert 0 < detail["duplicates"][0]["similarity"] <= 1
    page = client_as("office").get(f"/complaints/{orders['D1'].pk}/").content.decode()
    assert "疑似重复工单（1）" in page and "D2" in page
    listed = api.get("/api/complaints", has_duplicates="true").json()
    assert sorted(c["number"] for c in listed["items"]) == ["D1", "D2"]
    listed_page = client_as("office").get("/complaints/", {"has_duplicates": "true"})
    listed_numbers = re.findall(r">(D\d)<", listed_page.content.decode())
    assert "D1" in listed_numbers and "D4" not in listed_numbers
    # re-importing the same file links nothing twice
    imported(
        office,
        good_row(
            "D2",
            来电时间="2024-02-26 18:30",
            事发地址="兴隆台区兴隆街道惠宾社区",
            诉求内容="惠宾社区8号楼楼道堆满纸箱、旧家具，物业不管，请处理。",
        ),
    )
    assert ComplaintDuplicate.objects.count() == 1


def orders_by_pk(orders: dict[str, Complaint], pk: int) -> str:
    return next(number for number, c in orders.items() if c.pk == pk)


def test_list_filters_by_classification(user: Any, api_as: Any) -> None:
    imported(
        user("office"),
        good_row("F1"),
        good_row("F2", 工单标题="", 诉求内容="楼上装修噪音扰民。"),
    )
    api = api_as("office")
    fire = api.get("/api/complaints", fire_related="true").json()
    assert [c["number"] for c in fire["items"]] == ["F1"]
    bad = api.get("/api/complaints", hazard_category="nonsense")
    assert bad.status_code == 422


# ----- query counts -----


def test_queue_and_dictionary_pages_queries(user: Any, client_as: Any) -> None:
    from xiaoan.core.testing import get_with_query_count

    imported(
        user("office"), good_row("Q1", 事发地址="中兴路1号"), good_row("Q2", 事发地址="无名路")
    )
    client = client_as("office")
    # session, user, unread count; then count, page, the areas to choose from
    get_with_query_count(client, "/complaints/unplaced/", 6)
    # session, user, unread count; then count, page
    get_with_query_count(client, "/complaints/keywords/", 5)


def test_dictionary_endpoint_queries(api_as: Any) -> None:
    from xiaoan.core.testing import assert_query_count

    api = api_as("office")
    api.get("/api/me")
    with assert_query_count(3):  # token, count, page
        assert api.get("/api/complaints/keywords", limit=50).status_code == 200


def test_aliases_are_edited_on_the_area_page(client_as: Any, area: Any) -> None:
    huibin = area("惠宾社区")
    client = client_as("admin")
    response = client.post(
        f"/areas/{huibin.pk}/aliases/",
        {"version": huibin.version, "aliases": "惠宾小区、惠宾家园 惠宾家园"},
        follow=True,
    )
    assert "已保存别名" in response.content.decode()
    assert area("惠宾社区").alias_list == ["惠宾小区", "惠宾家园"]
    assert area_index(None).resolve("兴隆台区惠宾家园2号楼") == huibin.pk
    # a brigade may not change the area tree; a neighbour's area does not exist for it
    refused = client_as("xinglongtai").post(
        f"/areas/{area('兴隆台区').pk}/aliases/", {"version": 1, "aliases": "x"}, follow=True
    )
    assert "无权" in refused.content.decode()
    neighbour = client_as("xinglongtai").post(
        f"/areas/{area('双台子区').pk}/aliases/", {"version": 1, "aliases": "x"}
    )
    assert neighbour.status_code == 404


def test_orders_waiting_are_placed_again_after_an_alias_is_added(user: Any, area: Any) -> None:
    import io

    order = imported(user("office"), good_row("W1", 事发地址="惠宾家园5号楼"))["W1"]
    assert order.placed_by == "unresolved"
    huibin = area("惠宾社区")
    do_set_area_aliases(
        huibin,
        acting_user=user("admin"),
        aliases=[*huibin.alias_list, "惠宾家园"],
        expected_version=huibin.version,
    )
    out = io.StringIO()
    call_command("classify_complaints", "--place", stdout=out)
    assert "重新定位：1 件已定位，仍待定位 0 件" in out.getvalue()
    order.refresh_from_db()
    assert (order.area, order.placed_by) == (huibin, "auto")
