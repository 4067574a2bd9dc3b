"""Adding and changing urgent-report rules from the rules page and the API: who
may, where a new rule applies, and that incidents recorded afterwards follow it."""

from __future__ import annotations

import pytest

from xiaoan.areas.models import Area, Organisation
from xiaoan.areas.services import do_create_user
from xiaoan.duty import services
from xiaoan.duty.choices import RuleKind
from xiaoan.duty.models import UrgentReportRule

from .conftest import beijing

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(db):
    """An administrator of 兴隆台区 only."""
    return do_create_user(
        acting_user=None,
        username="xlt_admin",
        password="x",
        full_name="兴隆台区管理员",
        roles=["admin"],
        area=Area.objects.get(name="兴隆台区"),
        organisation=Organisation.objects.get(name="兴隆台区消防救援大队"),
        check_password_strength=False,
    )


def test_an_administrator_adds_a_rule_on_the_page_and_new_incidents_follow_it(
    client_as, at, record
):
    admin = client_as("admin")
    response = admin.post(
        "/incidents/rules/new/",
        {
            "new-kind": RuleKind.INJURED,
            "new-name": "",
            "new-threshold": 1,
            "new-deadline_minutes": 30,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已添加规则“受伤人数达到”" in page
    rule = UrgentReportRule.objects.get(kind=RuleKind.INJURED, threshold=1)
    assert rule.area is None  # the city's administrator: every area
    assert rule.history.first().history_user.username == "admin"

    at("2024-03-04 10:05")
    incident = record("2024-03-04 10:00", injured=1)
    assert incident.report_required is True
    assert incident.report_deadline == beijing("2024-03-04 10:30")


def test_a_bad_rule_is_refused_with_a_message_and_nothing_is_added(client_as):
    before = UrgentReportRule.objects.count()
    response = client_as("admin").post(
        "/incidents/rules/new/",
        {"new-kind": RuleKind.TRAPPED, "new-threshold": 0, "new-deadline_minutes": 60},
        follow=True,
    )
    assert "规则未添加" in response.content.decode()
    assert UrgentReportRule.objects.count() == before


def test_without_the_permission_the_page_and_the_api_refuse(client_as, api_as):
    assert client_as("xinglongtai").post("/incidents/rules/new/", {}).status_code == 404
    api = api_as("xinglongtai")
    assert api.get("/api/incident-rules").status_code == 403
    refused = api.post("/api/incident-rules", {"kind": "death"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "无权执行此操作。"


def test_a_county_administrators_rule_applies_to_the_county_only(county_admin, api_as, at, record):
    api = api_as("xlt_admin")
    created = api.post(
        "/api/incident-rules",
        {"kind": "trapped", "name": "被困 1 人", "threshold": 1, "deadline_minutes": 45},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["area_name"], body["threshold"], body["version"]) == ("兴隆台区", 1, 1)

    at("2024-03-04 10:05")
    assert record("2024-03-04 10:00", trapped=1).report_required is True
    shuangtaizi = Area.objects.get(name="双台子区")
    assert services.decide(shuangtaizi, beijing("2024-03-04 10:00"), trapped=1).required is False

    names = [rule["name"] for rule in api.get("/api/incident-rules").json()["items"]]
    assert "被困 1 人" in names and "有人员死亡" in names  # its own and the city's


def test_the_api_changes_a_rule_refuses_a_stale_version_and_hides_a_neighbours(
    county_admin, api_as, user
):
    rule = UrgentReportRule.objects.get(kind=RuleKind.INJURED, area=None)
    city = api_as("admin")
    changed = city.patch(
        f"/api/incident-rules/{rule.pk}", {"version": rule.version, "threshold": 4}
    )
    assert changed.status_code == 200
    assert (changed.json()["threshold"], changed.json()["version"]) == (4, rule.version + 1)
    stale = city.patch(f"/api/incident-rules/{rule.pk}", {"version": rule.version, "active": False})
    assert stale.status_code == 409
    rule.refresh_from_db()
    assert rule.active is True and rule.threshold == 4

    neighbours = services.do_create_rule(
        acting_user=user("admin"),
        area=Area.objects.get(name="双台子区"),
        name="双台子区被困 2 人",
        kind=RuleKind.TRAPPED,
        threshold=2,
    )
    patch = api_as("xlt_admin").patch(
        f"/api/incident-rules/{neighbours.pk}", {"version": 1, "threshold": 1}
    )
    assert patch.status_code == 404
    assert (
        api_as("xlt_admin")
        .patch(f"/api/incident-rules/{rule.pk}", {"version": 2, "threshold": 0})
        .status_code
        == 422
    )
