"""延期 and 改派: their own actions with a required reason, each recorded (its own
row, the history, the timeline) and told to the units concerned exactly once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.test import override_settings

from xiaoan.areas.models import Organisation, User
from xiaoan.core.models import Notification
from xiaoan.directives import services
from xiaoan.directives.models import DeadlineExtension, Reassignment, Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned")]

XINGLONGTAI = "兴隆台区消防救援大队"
HOUSING = "盘锦市住房和城乡建设局"


@pytest.fixture
def pinned():
    with override_settings(XIAOAN_TODAY="2024-03-04"):
        yield


def members(name: str) -> set[int]:
    return set(
        User.objects.filter(organisation__name=name, is_active=True).values_list("pk", flat=True)
    )


def received(kind: str) -> Counter[int]:
    return Counter(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_the_extension_page_moves_the_deadline_and_keeps_the_old_one(
    make_task, client_as, django_capture_on_commit_callbacks
):
    task = make_task()
    office = client_as("office")
    detail = office.get(f"/tasks/{task.pk}/").content.decode()
    assert f'href="/tasks/{task.pk}/extend/"' in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            f"/tasks/{task.pk}/extend/",
            {"version": 1, "new_deadline": "2024-03-31", "reason": "受降雪影响，排查延后"},
        )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == dt.date(2024, 3, 31) and task.version == 2
    extension = DeadlineExtension.objects.get(task=task)
    assert extension.old_deadline == dt.date(2024, 3, 8)
    assert extension.new_deadline == dt.date(2024, 3, 31)
    assert extension.reason == "受降雪影响，排查延后" and extension.by.username == "office"
    entry = task.history.order_by("-history_date", "-history_id").first()
    assert entry.history_user.username == "office"
    assert entry.history_change_reason == "延期：受降雪影响，排查延后"
    # the lead unit's members, each once
    assert received("task_extended") == Counter(members(XINGLONGTAI))
    assert members(XINGLONGTAI)
    timeline = office.get(f"/tasks/{task.pk}/").content.decode().split('id="xa-timeline"')[1]
    assert "期限延至2024-03-31" in timeline
    assert "期限：2024-03-08 → 2024-03-31" in timeline
    assert "原因：受降雪影响，排查延后" in timeline
    assert timeline.count("受降雪影响，排查延后") == 1  # not twice (history and extension)


def test_an_extension_needs_a_reason_and_a_later_date(make_task, client_as, api_as):
    task = make_task()
    page = client_as("office").post(
        f"/tasks/{task.pk}/extend/", {"version": 1, "new_deadline": "2024-03-31", "reason": ""}
    )
    assert page.status_code == 200 and "请填写延期原因" in page.content.decode()
    api = api_as("office")
    blank = api.post(
        f"/api/tasks/{task.pk}/extend",
        {"new_deadline": "2024-03-31", "reason": "  "},
        content_type="application/json",
    )
    assert blank.status_code == 400 and "请填写延期原因" in blank.json()["error"]["message"]
    earlier = api.post(
        f"/api/tasks/{task.pk}/extend",
        {"new_deadline": "2024-03-07", "reason": "提前"},
        content_type="application/json",
    )
    assert earlier.status_code == 400
    assert "新期限须晚于原期限（2024-03-08）" in earlier.json()["error"]["message"]
    task.refresh_from_db()
    assert task.deadline == dt.date(2024, 3, 8) and not task.extensions.exists()


def test_the_extension_api_refuses_a_stale_version(make_task, api_as):
    task = make_task()
    api = api_as("office")
    first = api.post(
        f"/api/tasks/{task.pk}/extend",
        {"new_deadline": "2024-03-20", "reason": "等待材料", "version": 1},
        content_type="application/json",
    )
    assert first.status_code == 200, first.content
    assert first.json()["deadline"] == "2024-03-20" and first.json()["version"] == 2
    stale = api.post(
        f"/api/tasks/{task.pk}/extend",
        {"new_deadline": "2024-03-31", "reason": "再延", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["error"]["message"]
    assert Task.objects.get(pk=task.pk).deadline == dt.date(2024, 3, 20)


def test_reassignment_tells_the_old_and_the_new_lead_unit_once_each(
    make_task, api_as, client_as, django_capture_on_commit_callbacks
):
    task = make_task(co_organisations=[Organisation.objects.get(name=HOUSING)])
    housing = Organisation.objects.get(name=HOUSING)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("office").post(
            f"/api/tasks/{task.pk}/reassign",
            {"lead_organisation_id": housing.pk, "reason": "属地街道牵头更合适"},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["lead_organisation_name"] == HOUSING
    task.refresh_from_db()
    assert task.lead_organisation == housing and not task.co_organisations.exists()
    change = Reassignment.objects.get(task=task)
    assert change.old_lead.name == XINGLONGTAI and change.reason == "属地街道牵头更合适"
    assert received("task_reassigned_away") == Counter(members(XINGLONGTAI))
    assert received("task_reassigned") == Counter(members(HOUSING))
    assert members(HOUSING)
    timeline = client_as("office").get(f"/tasks/{task.pk}/").content.decode()
    assert f"改由{HOUSING}牵头" in timeline
    assert f"牵头单位：{XINGLONGTAI} → {HOUSING}" in timeline
    assert "原因：属地街道牵头更合适" in timeline


def test_the_reassignment_page_needs_a_reason(make_task, client_as):
    task = make_task()
    housing = Organisation.objects.get(name=HOUSING)
    office = client_as("office")
    assert f'href="/tasks/{task.pk}/reassign/"' in office.get(f"/tasks/{task.pk}/").content.decode()
    refused = office.post(
        f"/tasks/{task.pk}/reassign/", {"version": 1, "new_lead": housing.pk, "reason": ""}
    )
    assert refused.status_code == 200 and "请填写改派原因" in refused.content.decode()
    done = office.post(
        f"/tasks/{task.pk}/reassign/", {"version": 1, "new_lead": housing.pk, "reason": "职责调整"}
    )
    assert done.status_code == 302
    assert Task.objects.get(pk=task.pk).lead_organisation == housing


def test_a_neighbouring_area_gets_404(make_task, client_as, api_as):
    task = make_task()
    neighbour = client_as("shuangtaizi")
    assert neighbour.get(f"/tasks/{task.pk}/extend/").status_code == 404
    assert neighbour.get(f"/tasks/{task.pk}/reassign/").status_code == 404
    api = api_as("shuangtaizi")
    for action, body in (
        ("extend", {"new_deadline": "2024-03-31", "reason": "x"}),
        ("reassign", {"lead_organisation_id": task.lead_organisation_id, "reason": "x"}),
    ):
        response = api.post(f"/api/tasks/{task.pk}/{action}", body, content_type="application/json")
        assert response.status_code == 404


@pytest.mark.parametrize("username", ["auditor", "xinglongtai"])
def test_roles_that_may_not_adjust_get_no_buttons_and_are_refused(
    make_task, client_as, api_as, username
):
    task = make_task()
    client = client_as(username)
    detail = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "/extend/" not in detail and "/reassign/" not in detail
    page = client.post(
        f"/tasks/{task.pk}/extend/",
        {"version": 1, "new_deadline": "2024-03-31", "reason": "越权"},
        follow=True,
    )
    assert "只有交办单位可以批准任务延期" in page.content.decode()
    api = api_as(username)
    extend = api.post(
        f"/api/tasks/{task.pk}/extend",
        {"new_deadline": "2024-03-31", "reason": "越权"},
        content_type="application/json",
    )
    assert extend.status_code == 403
    housing = Organisation.objects.get(name=HOUSING)
    reassign = api.post(
        f"/api/tasks/{task.pk}/reassign",
        {"lead_organisation_id": housing.pk, "reason": "越权"},
        content_type="application/json",
    )
    assert reassign.status_code in (403, 404)
    task.refresh_from_db()
    assert task.deadline == dt.date(2024, 3, 8) and task.lead_organisation.name == XINGLONGTAI
    assert not Notification.objects.filter(kind__in=["task_extended", "task_reassigned"]).exists()


def test_a_task_reported_done_is_not_extended(make_task, brigade, office):
    task = make_task()
    services.do_transition_task(task, "complete", acting_user=brigade)
    with pytest.raises(Exception, match="退回重办"):
        services.do_extend_task(
            task, acting_user=office, new_deadline=dt.date(2024, 3, 31), reason="补充材料"
        )
