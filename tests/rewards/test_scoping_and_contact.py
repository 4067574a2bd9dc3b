"""Who sees what: a neighbour's report is 404 everywhere; the reporter's phone is
masked for every role (page, API, export) until revealed; lists filter alike
in the page and the API, with pinned query counts."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.rewards.conftest import MASKED, PHONE
from xiaoan.core.testing import assert_query_count, get_with_query_count
from xiaoan.rewards.contact import mask_phone

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}}


def test_a_neighbours_report_is_404_in_pages_and_api(make_report, client_as, api_as):
    theirs = make_report("双台子区")
    page = client_as("xinglongtai")
    assert page.get(f"/rewards/{theirs.pk}/").status_code == 404
    assert (
        page.post(f"/rewards/{theirs.pk}/verify/", {"verdict": "false", "note": "x"}).status_code
        == 404
    )
    assert theirs.code not in page.get("/rewards/").content.decode()
    api = api_as("xinglongtai")
    response = api.get(f"/api/reward-reports/{theirs.pk}")
    assert response.status_code == 404 and response.json() == NOT_FOUND
    assert (
        api.post(
            f"/api/reward-reports/{theirs.pk}/verify",
            {"verdict": "false", "note": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert api.get("/api/reward-reports").json()["count"] == 0
    # the city sees it, and so does its own district
    assert client_as("office").get(f"/rewards/{theirs.pk}/").status_code == 200
    assert api_as("shuangtaizi").get(f"/api/reward-reports/{theirs.pk}").status_code == 200


def test_a_report_without_an_area_waits_at_the_city(make_report, client_as, area):
    report = make_report(None)
    assert client_as("xinglongtai").get(f"/rewards/{report.pk}/").status_code == 404
    office = client_as("office")
    office.post(
        f"/rewards/{report.pk}/move/", {"area": area("兴隆台区").pk, "version": report.version}
    )
    assert client_as("xinglongtai").get(f"/rewards/{report.pk}/").status_code == 200
    stale = office.post(
        f"/rewards/{report.pk}/move/",
        {"area": area("双台子区").pk, "version": report.version},
        follow=True,
    )
    assert "已被他人修改" in stale.content.decode()
    garbled = office.post(
        f"/rewards/{report.pk}/move/", {"area": area("双台子区").pk, "version": "x"}, follow=True
    )
    assert garbled.status_code == 200 and "已被他人修改" in garbled.content.decode()


def test_mask():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("") == ""


@pytest.mark.parametrize("username", ["office", "xinglongtai", "leader", "auditor", "yingshang"])
def test_contact_is_masked_for_every_role_until_revealed(make_report, client_as, api_as, username):
    """Pages, API and the default export show the phone masked, also to the roles
    that handle rewards (they reveal it on purpose: tests/rewards/test_personal_data.py)."""
    report = make_report()
    detail = client_as(username).get(f"/rewards/{report.pk}/").content.decode()
    listing = client_as(username).get("/rewards/").content.decode()
    assert MASKED in detail and MASKED in listing
    # nowhere on the pages, not even in the history panel
    assert PHONE not in detail and PHONE not in listing

    api = api_as(username)
    assert api.get(f"/api/reward-reports/{report.pk}").json()["phone"] == MASKED
    assert api.get("/api/reward-reports").json()["items"][0]["phone"] == MASKED

    export = client_as(username).get("/rewards/export/")
    rows = list(
        load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][6] == "联系电话"
    assert rows[1][0] == report.code and rows[1][6] == MASKED


def test_roles_without_reward_permissions_cannot_act(make_report, api_as):
    report = make_report()
    response = api_as("auditor").post(
        f"/api/reward-reports/{report.pk}/verify",
        {"verdict": "false", "note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "您的角色无权核实。"
    assert api_as("auditor").get(f"/api/reward-reports/{report.pk}").json()["allowed_actions"] == []


def test_page_and_api_filter_alike(make_report, client_as, api_as, area):
    a = make_report(description="楼道电动车充电严重")
    b = make_report("双台子区", description="消防通道被占用")
    page = client_as("office").get("/rewards/", {"q": "电动车"}).content.decode()
    assert a.code in page and b.code not in page
    api = api_as("office")
    codes = [r["code"] for r in api.get("/api/reward-reports", q="电动车").json()["items"]]
    assert codes == [a.code]
    codes = [
        r["code"]
        for r in api.get("/api/reward-reports", within=area("双台子区").pk).json()["items"]
    ]
    assert codes == [b.code]
    assert [r["code"] for r in api.get("/api/reward-reports", q=b.code).json()["items"]] == [b.code]
    assert api.get("/api/reward-reports", state="open").json()["count"] == 2
    bad = client_as("office").get("/rewards/", {"submitted_from": "昨天"}).content.decode()
    assert "筛选条件有误：提交日期起" in bad
    response = api.get("/api/reward-reports", submitted_from="昨天")
    assert response.status_code == 422


def test_list_queries_are_pinned(make_report, client_as, api_as):
    for _ in range(3):
        make_report()
    # session, user, unread count; count, page; the areas of the filter
    get_with_query_count(client_as("office"), "/rewards/", 6)
    api = api_as("office")
    api.get("/api/me")
    with assert_query_count(3):  # token, count, page
        assert api.get("/api/reward-reports").status_code == 200


def test_staff_pages_and_api_need_a_login(make_report):
    from django.test import Client

    report = make_report()
    anonymous = Client()
    for url in (
        "/rewards/",
        f"/rewards/{report.pk}/",
        "/rewards/ledger/",
        "/rewards/export/",
        "/rewards/rules/",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert anonymous.get(f"/api/reward-reports/{report.pk}").status_code == 401


def test_ledger_queries_are_pinned(client_as, api_as, make_report, rules):
    from xiaoan.rewards import services
    from xiaoan.rewards.choices import Verdict

    from .conftest import staff

    for _ in range(2):
        report = services.do_verify_report(
            make_report(), acting_user=staff("office"), verdict=Verdict.TRUE
        )
        report = services.do_decide_reward(report, acting_user=staff("office"), severity="ordinary")
        report = services.do_approve_reward(report, acting_user=staff("xifeng"))
        services.do_pay_reward(
            report, acting_user=staff("office"), method="cash", reference=f"R{report.pk}"
        )
    # session, user, unread count; count, page, total; the areas of the filter
    get_with_query_count(client_as("office"), "/rewards/ledger/", 7)
    api = api_as("office")
    api.get("/api/me")
    with assert_query_count(3):  # token, count, page
        assert api.get("/api/reward-payouts").status_code == 200
