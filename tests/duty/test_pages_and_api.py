"""Incidents, reports and the on-time rate through the pages and the API, scoped by area."""

from __future__ import annotations

import pytest

from xiaoan.areas.models import Area
from xiaoan.duty import services
from xiaoan.duty.models import Incident, UrgentReportRule

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}}


@pytest.fixture
def neighbours_incident(at, user):
    """A fire at a school in 双台子区, recorded by its own brigade."""
    at("2024-03-04 09:10")
    return services.do_record_incident(
        acting_user=user("shuangtaizi"),
        alarm_at=at("2024-03-04 09:00"),
        kind="fire",
        address="双台子区胜利街道 8 号",
        place_name="胜利小学",
        sensitive_venue="school",
        area=Area.objects.get(name="双台子区"),
    )


def test_a_neighbours_incident_is_404_on_the_page_and_the_api(
    neighbours_incident, client_as, api_as
):
    pk = neighbours_incident.pk
    browser = client_as("xinglongtai")
    assert browser.get(f"/incidents/{pk}/").status_code == 404
    assert browser.post(f"/incidents/{pk}/reports/", {"kind": "first"}).status_code == 404
    assert "胜利小学" not in browser.get("/incidents/").content.decode()
    api = api_as("xinglongtai")
    response = api.get(f"/api/incidents/{pk}")
    assert response.status_code == 404 and response.json() == NOT_FOUND
    assert api.patch(f"/api/incidents/{pk}", {"version": 1, "dead": 1}).status_code == 404
    report = {"kind": "first", "recipient": "x", "channel": "phone", "content": "x"}
    assert (
        api.post(
            f"/api/incidents/{pk}/reports", report, content_type="application/json"
        ).status_code
        == 404
    )
    assert pk not in [i["id"] for i in api.get("/api/incidents").json()["items"]]
    # the city sees it
    assert client_as("office").get(f"/incidents/{pk}/").status_code == 200


def test_record_on_the_page_see_the_clock_and_report_on_time(at, client_as):
    at("2024-03-04 10:15")
    browser = client_as("xinglongtai")
    page = browser.get("/incidents/new/").content.decode()
    assert "接警时间" in page
    response = browser.post(
        "/incidents/new/",
        {
            "alarm_at": "2024-03-04T10:00",
            "kind": "fire",
            "area": Area.objects.get(name="兴隆台区").pk,
            "address": "兴隆台区惠宾街道 12 号",
            "place_name": "惠宾幼儿园",
            "sensitive_venue": "kindergarten",
            "dead": 0,
            "injured": 0,
            "trapped": 0,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "此警情须紧急报送" in page and "2024-03-04 11:00" in page
    assert "还剩 45 分钟" in page
    incident = Incident.objects.get(place_name="惠宾幼儿园")
    assert incident.alarm_at.isoformat() == "2024-03-04T02:00:00+00:00"
    assert 'data-deadline="2024-03-04T03:00:00+00:00"' in page

    at("2024-03-04 10:40")
    response = browser.post(
        f"/incidents/{incident.pk}/reports/",
        {
            "kind": "first",
            "recipient": "市应急管理局",
            "channel": "phone",
            "content": "厨房起火，已扑灭",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "首报已记录，按时报送" in page
    assert "按时报送（提前 20 分钟）" in page


def test_a_late_first_report_is_flagged_on_the_page(at, client_as, record):
    at("2024-03-04 11:20")
    incident = record("2024-03-04 10:00", dead=1)
    browser = client_as("xinglongtai")
    page = browser.get(f"/incidents/{incident.pk}/").content.decode()
    assert "已超时 20 分钟" in page
    response = browser.post(
        f"/incidents/{incident.pk}/reports/",
        {"kind": "first", "recipient": "市应急管理局", "channel": "phone", "content": "1 人死亡"},
        follow=True,
    )
    page = response.content.decode()
    assert "首报已记录，已迟报" in page and "迟报 20 分钟" in page
    listing = browser.get("/incidents/?state=late").content.decode()
    assert "兴隆台区惠宾街道 1 号" in listing


def test_api_records_reports_and_counts_the_rate(at, api_as):
    at("2024-03-04 10:30")
    api = api_as("xinglongtai")
    area = Area.objects.get(name="兴隆台区").pk
    created = api.post(
        "/api/incidents",
        {
            "alarm_at": "2024-03-04T10:00:00",
            "kind": "fire",
            "address": "兴隆台区振兴街道 3 号",
            "area_id": area,
            "trapped": 4,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["report_required"] and body["state"] == "running" and body["minutes_left"] == 30
    assert body["report_deadline"].startswith("2024-03-04T11:00:00+08:00") or body[
        "report_deadline"
    ].startswith("2024-03-04T03:00:00")
    sent = api.post(
        f"/api/incidents/{body['id']}/reports",
        {
            "kind": "first",
            "recipient": "市应急局",
            "channel": "platform",
            "content": "4 人被困已救出",
        },
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    refused = api.post(
        f"/api/incidents/{body['id']}/reports",
        {"kind": "first", "recipient": "市应急局", "channel": "platform", "content": "再报"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and "已报送“首报”" in refused.json()["error"]["message"]
    rate = api.get("/api/incidents/on-time-rate", start="2024-03-04", end="2024-03-04").json()
    assert (rate["reported_on_time"], rate["required"], rate["rate"]) == (1, 1, 1.0)
    assert {a["area_name"] for a in rate["areas"]} >= {"兴隆街道", "振兴街道"}
    # a bad period is a Chinese message, not a 500
    bad = api.get("/api/incidents/on-time-rate", start="2024-03-05", end="2024-03-04")
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "开始日期晚于结束日期。"


def test_on_time_rate_page_by_area(at, client_as, record, first_report):
    at("2024-03-04 12:00")
    first_report(record("2024-03-04 10:00", dead=1), "2024-03-04 10:30")
    first_report(record("2024-03-04 10:00", dead=1), "2024-03-04 11:30")
    page = client_as("office").get("/incidents/rates/?start=2024-03-01&end=2024-03-04")
    text = page.content.decode()
    assert "须紧急报送 2 起，按时首报 1 起，按时率 50%" in text
    assert "<td>兴隆台区</td><td>2</td><td>1</td>" in text


def test_only_an_administrator_opens_the_rules_page(client_as):
    assert client_as("xinglongtai").get("/incidents/rules/").status_code == 404
    admin = client_as("admin")
    page = admin.get("/incidents/rules/").content.decode()
    assert "敏感群体场所" in page and "接警后 30 分钟" in page
    rule = UrgentReportRule.objects.get(kind="injured")
    response = admin.post(
        f"/incidents/rules/{rule.pk}/",
        {
            f"r{rule.pk}-version": rule.version,
            f"r{rule.pk}-name": "受伤 5 人以上",
            f"r{rule.pk}-threshold": 5,
            f"r{rule.pk}-deadline_minutes": 60,
            f"r{rule.pk}-active": "on",
        },
        follow=True,
    )
    assert "已保存" in response.content.decode()
    rule.refresh_from_db()
    assert rule.threshold == 5
    assert rule.history.first().history_user.username == "admin"


def test_a_role_without_the_permission_cannot_record(at, api_as):
    at("2024-03-04 10:30")
    response = api_as("auditor").post(
        "/api/incidents",
        {
            "alarm_at": "2024-03-04T10:00:00+08:00",
            "kind": "fire",
            "address": "x",
            "area_id": Area.objects.get(name="兴隆台区").pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 403


def test_stale_edit_is_refused(at, api_as, record):
    at("2024-03-04 10:30")
    incident = record("2024-03-04 10:00")
    api = api_as("xinglongtai")
    first = api.patch(f"/api/incidents/{incident.pk}", {"version": 1, "injured": 1})
    assert first.status_code == 200
    second = api.patch(f"/api/incidents/{incident.pk}", {"version": 1, "injured": 2})
    assert second.status_code == 409 and second.json()["error"]["code"] == "stale_edit"


def test_incident_list_exports_to_excel(at, client_as, record):
    import io

    from openpyxl import load_workbook

    at("2024-03-04 10:30")
    record("2024-03-04 10:00", dead=1, place_name="兴隆商场")
    response = client_as("xinglongtai").get("/incidents/?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][0] == "接警时间"
    assert any(r[4] == "兴隆商场" and r[-1] == "计时中" for r in rows[1:])


def test_an_incident_at_a_registered_place_takes_its_name(at, api_as, user):
    from xiaoan.places.services import do_register_place

    at("2024-03-04 10:30")
    place = do_register_place(
        acting_user=user("xinglongtai"),
        name="惠宾幼儿园",
        address="兴隆台区惠宾街道 12 号",
        area=Area.objects.get(name="惠宾社区"),
        kind="small_school",
    )
    api = api_as("xinglongtai")
    payload = {
        "alarm_at": "2024-03-04T10:00:00+08:00",
        "kind": "fire",
        "address": place.address,
        "place_id": place.pk,
        "sensitive_venue": "kindergarten",
    }
    created = api.post(
        "/api/incidents",
        payload | {"area_id": Area.objects.get(name="兴隆台区").pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert (created.json()["place_id"], created.json()["place_name"]) == (place.pk, "惠宾幼儿园")
    elsewhere = api_as("office").post(
        "/api/incidents",
        payload | {"area_id": Area.objects.get(name="双台子区").pk},
        content_type="application/json",
    )
    assert elsewhere.status_code == 400
    assert elsewhere.json()["error"]["message"] == "场所“惠宾幼儿园”不在“双台子区”范围内。"


def test_edit_page_reapplies_the_rules_and_refuses_a_stale_edit(
    at, client_as, record, neighbours_incident
):
    at("2024-03-04 10:20")
    incident = record("2024-03-04 10:00", injured=1)
    browser = client_as("xinglongtai")
    form = {
        "version": 1,
        "alarm_at": "2024-03-04T10:00",
        "kind": "fire",
        "address": incident.address,
        "place_name": "",
        "sensitive_venue": "",
        "dead": 1,
        "injured": 1,
        "trapped": 0,
        "description": "",
    }
    page = browser.post(f"/incidents/{incident.pk}/edit/", form, follow=True).content.decode()
    assert "警情已修改" in page and "还剩 40 分钟" in page
    stale = browser.post(f"/incidents/{incident.pk}/edit/", form | {"dead": 2}).content.decode()
    assert "已被他人修改" in stale
    incident.refresh_from_db()
    assert (incident.dead, incident.report_required) == (1, True)
    history = browser.get(f"/incidents/{incident.pk}/").content.decode()
    assert "死亡人数" in history
    assert browser.get(f"/incidents/{neighbours_incident.pk}/edit/").status_code == 404


def test_reminder_points_are_added_and_paused_on_the_rules_page(client_as):
    from xiaoan.duty.models import ReminderPoint

    admin = client_as("admin")
    bad = admin.post("/incidents/reminders/", {"minutes": "半小时"}, follow=True).content.decode()
    assert "提醒时点须为接警后的分钟数" in bad
    page = admin.post("/incidents/reminders/", {"minutes": "50"}, follow=True).content.decode()
    assert "已添加接警后 50 分钟的提醒" in page
    point = ReminderPoint.objects.get(minutes_after_alarm=50)
    admin.post(f"/incidents/reminders/{point.pk}/", {"version": point.version})
    point.refresh_from_db()
    assert point.active is False
    assert client_as("office").post("/incidents/reminders/", {"minutes": "10"}).status_code == 404


def test_the_office_arranges_a_dispatch_on_the_page(client_as):
    from xiaoan.areas.models import Organisation
    from xiaoan.duty.models import DispatchPeriod

    office = client_as("office")
    units = [
        Organisation.objects.get(name=n).pk for n in ("兴隆台区消防救援大队", "盘锦市应急管理局")
    ]
    response = office.post(
        "/dispatches/new/",
        {
            "title": "清明节期间安全防范",
            "start_date": "2024-04-03",
            "end_date": "2024-04-01",
            "due_time": "15:00",
            "area": Area.objects.get(name="盘锦市").pk,
            "organisations": units,
        },
    )
    assert "结束日期早于开始日期" in response.content.decode()
    response = office.post(
        "/dispatches/new/",
        {
            "title": "清明节期间安全防范",
            "start_date": "2024-04-03",
            "end_date": "2024-04-06",
            "due_time": "16:00",
            "area": Area.objects.get(name="盘锦市").pk,
            "organisations": units,
        },
        follow=True,
    )
    period = DispatchPeriod.objects.get(title="清明节期间安全防范")
    assert period.due_time.hour == 16 and period.organisations.count() == 2
    # a brigade arranges dispatches in its own county only
    form = client_as("xinglongtai").get("/dispatches/new/").content.decode()
    assert ">兴隆台区</option>" in form and ">双台子区</option>" not in form
