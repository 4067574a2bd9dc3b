"""/security-log/ and GET /api/security-events: who reads the log, how it is
searched, and that it is scoped like everything else."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xiaoan.areas.services import SYSTEM, do_create_user
from xiaoan.core import clock
from xiaoan.core.models import SecurityEvent
from xiaoan.core.securitylog import SecurityEventKind as K

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(user):
    """A few entries: two failed sign-ins from different addresses, a district
    user's sign-in ten days ago, and one with no account at all."""
    now = clock.now()
    office, brigade = user("office"), user("xinglongtai")
    rows = [
        SecurityEvent(
            kind=K.LOGIN_FAILED,
            username="office",
            client_address="10.9.0.1",
            area_path=office.area.path,
            at=now,
        ),
        SecurityEvent(
            kind=K.LOGIN_FAILED,
            username="office",
            client_address="192.168.7.7",
            area_path=office.area.path,
            at=now,
        ),
        SecurityEvent(
            kind=K.LOGIN_SUCCEEDED,
            user=brigade,
            username="xinglongtai",
            client_address="10.9.0.2",
            area_path=brigade.area.path,
            at=now - dt.timedelta(days=10),
        ),
        SecurityEvent(kind=K.LOGIN_FAILED, username="ghost", client_address="10.9.0.3", at=now),
    ]
    for row in rows:
        row.save()
    return rows


@pytest.mark.parametrize("username", ["auditadmin", "auditor"])
def test_audit_administrator_and_auditor_read_and_search_the_log(client_as, username, logged):
    client = client_as(username)
    page = client.get("/security-log/").content.decode()
    assert "安全审计日志" in page and "192.168.7.7" in page and "ghost" in page
    assert 'href="/security-log/"' in page  # the menu entry

    only_address = client.get("/security-log/", {"address": "192.168"}).content.decode()
    assert "192.168.7.7" in only_address and "10.9.0.1" not in only_address
    by_user = client.get("/security-log/", {"user": "xinglongtai"}).content.decode()
    assert "10.9.0.2" in by_user and "192.168.7.7" not in by_user
    recent = client.get(
        "/security-log/", {"kind": "login_failed", "date_from": clock.today().isoformat()}
    ).content.decode()
    assert "ghost" in recent and "10.9.0.2" not in recent
    bad = client.get("/security-log/", {"date_from": "昨天"}).content.decode()
    assert "筛选条件有误：日期起" in bad


@pytest.mark.parametrize("username", ["admin", "secadmin", "office", "grid"])
def test_nobody_else_reads_the_log(client_as, api_as, username, logged):
    client = client_as(username)
    assert client.get("/security-log/").status_code == 403
    assert client.get("/security-log/export/").status_code == 403
    assert 'href="/security-log/"' not in client.get("/").content.decode()
    answer = api_as(username).get("/api/security-events")
    assert answer.status_code == 403
    assert answer.json()["error"]["message"] == "只有审计管理员和审计人员可以查看安全审计日志。"


def test_the_log_exports_to_excel(client_as, logged):
    response = client_as("auditadmin").get("/security-log/export/", {"address": "10.9.0"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("时间", "事件", "用户名", "姓名", "客户端地址")
    addresses = {row[4] for row in rows[1:]}
    assert {"10.9.0.1", "10.9.0.2", "10.9.0.3"} <= addresses
    assert "192.168.7.7" not in addresses


def test_api_filters_and_pages(api_as, logged):
    api = api_as("auditadmin")
    body = api.get("/api/security-events", kind="login_failed", user="office", limit=1).json()
    assert body["count"] == 2
    assert len(body["items"]) == 1
    item = body["items"][0]
    assert item["kind_label"] == "登录失败" and item["username"] == "office"
    second = api.get("/api/security-events", kind="login_failed", user="office", limit=1, offset=1)
    assert second.json()["items"][0]["id"] != item["id"]
    bad = api.get("/api/security-events", date_to="not-a-date")
    assert bad.status_code == 422
    # there is no way to change the log through the API
    assert api.client.delete(
        f"/api/security-events/{item['id']}", headers=api.headers
    ).status_code in (404, 405)


def test_a_district_auditor_sees_only_its_district(api_as, area, organisation, logged):
    do_create_user(
        acting_user=SYSTEM,
        username="xlt-audit",
        password="Quiet-Harbour-81!",
        full_name="兴隆台审计",
        roles=["audit_admin"],
        area=area("兴隆台区"),
        organisation=organisation("兴隆台区消防救援大队"),
    )
    names = {
        e["username"]
        for e in api_as("xlt-audit").get("/api/security-events", limit=500).json()["items"]
    }
    assert "xinglongtai" in names
    assert "office" not in names and "ghost" not in names


def test_page_and_endpoint_have_fixed_query_counts(client_as, api_as, logged):
    from xiaoan.core.testing import assert_query_count, get_with_query_count

    client = client_as("auditadmin")
    client.get("/security-log/")
    assert get_with_query_count(client, "/security-log/", 5).status_code == 200
    api = api_as("auditadmin")
    api.get("/api/me")
    with assert_query_count(3):
        assert api.client.get("/api/security-events", headers=api.headers).status_code == 200
