"""Due-soon and overdue reminders, the daily digest and users' choices:
each reminder reaches the inbox once, across repeated runs and restarts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.hazards.conftest import local
from xiaoan.core import periodic
from xiaoan.core.models import Notification
from xiaoan.hazards.choices import HazardCategory
from xiaoan.reminders.models import ReminderSent
from xiaoan.reminders.preferences import save_preference
from xiaoan.reminders.sending import send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(settings: Any, make_task: Any, make_hazard: Any) -> dict[str, Any]:
    """Wednesday 6 March 2024: one task due Friday, one overdue since the 1st; a
    hazard due tomorrow and one overdue, both at 惠宾小区 (惠宾物业 responsible)."""
    settings.XIAOAN_TODAY = "2024-03-06"
    settings.XIAOAN_DIGEST_HOUR = 0
    return {
        "friday": make_task("排查高层住宅", dt.date(2024, 3, 8)),
        "late": make_task("上报电动车台账", dt.date(2024, 3, 1)),
        "far": make_task("年度总结", dt.date(2024, 6, 30)),
        "tomorrow": make_hazard(at=local(2024, 3, 4), deadline=dt.date(2024, 3, 7)),
        "old": make_hazard(
            HazardCategory.CLUTTER, at=local(2024, 2, 20), deadline=dt.date(2024, 3, 2)
        ),
    }


def inbox(username: str, kind_prefix: str = "reminder_") -> list[str]:
    return sorted(
        Notification.objects.filter(
            recipient__username=username, kind__startswith=kind_prefix
        ).values_list("title", flat=True)
    )


def run(capture: Any, **kwargs: Any) -> int:
    with capture(execute=True):
        return send_due_reminders(**kwargs)


def test_due_soon_and_overdue_are_sent_once(
    week: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sent = run(django_capture_on_commit_callbacks)
    titles = inbox("xinglongtai", "reminder_tasks")
    assert titles == [
        "任务临近期限（还剩 2 个工作日）：排查高层住宅",
        "任务已逾期：上报电动车台账",
    ]
    hazard_titles = inbox("property", "reminder_hazards")
    assert len(hazard_titles) == 2
    assert any(t.startswith("隐患整改已逾期：惠宾小区") for t in hazard_titles)
    assert any(t.startswith("隐患整改临近期限：惠宾小区") for t in hazard_titles)
    assert sent >= 4
    # the brigade that found them is reminded too
    assert len(inbox("xinglongtai", "reminder_hazards")) == 2

    before = Notification.objects.count()
    assert run(django_capture_on_commit_callbacks) == 0
    assert Notification.objects.count() == before


def test_a_restarted_worker_sends_nothing_twice(
    week: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert "reminders" in periodic.run_due(force=True)
    count = Notification.objects.count()
    for check in periodic._checks.values():  # a new process starts with fresh timers
        check.last_run = 0.0
    with django_capture_on_commit_callbacks(execute=True):
        periodic.run_due(force=True)
    assert Notification.objects.count() == count


def test_a_reminder_claimed_by_another_worker_is_not_sent(
    week: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ReminderSent.objects.create(
        kind="tasks", key=f"task:{week['late'].pk}", threshold="overdue@2024-03-01"
    )
    run(django_capture_on_commit_callbacks)
    assert "任务已逾期：上报电动车台账" not in inbox("xinglongtai")


def test_crossing_the_next_threshold_reminds_again(
    week: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    run(django_capture_on_commit_callbacks)
    settings.XIAOAN_TODAY = "2024-03-11"  # Monday: Friday's task is now overdue
    run(django_capture_on_commit_callbacks)
    assert "任务已逾期：排查高层住宅" in inbox("xinglongtai")
    assert inbox("xinglongtai").count("任务已逾期：上报电动车台账") == 1


def test_a_moved_deadline_is_reminded_again(
    week: Any, django_capture_on_commit_callbacks: Any
) -> None:
    run(django_capture_on_commit_callbacks)
    task = week["late"]
    task.deadline = dt.date(2024, 3, 7)
    task.save()
    run(django_capture_on_commit_callbacks)
    assert "任务临近期限（还剩 1 个工作日）：上报电动车台账" in inbox("xinglongtai")


def test_users_choose_what_they_receive(
    week: Any, user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    save_preference(user("xinglongtai"), {"tasks": False})
    run(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "reminder_tasks") == []
    assert len(inbox("xinglongtai", "reminder_hazards")) == 2


def test_daily_digest_once_a_day_per_organisation(
    week: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    [digest] = Notification.objects.filter(
        recipient__username="xinglongtai", kind="reminder_digest"
    )
    assert digest.title == "兴隆台区消防救援大队每日汇总（03月06日）"
    assert digest.body == "逾期任务 1 项；临期任务 1 项。"
    [company] = Notification.objects.filter(recipient__username="property", kind="reminder_digest")
    assert company.body == "逾期未整改隐患 1 处。"
    settings.XIAOAN_TODAY = "2024-03-07"
    run(django_capture_on_commit_callbacks)
    assert (
        Notification.objects.filter(
            recipient__username="xinglongtai", kind="reminder_digest"
        ).count()
        == 2
    )


def test_no_digest_before_the_digest_hour(
    week: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.XIAOAN_DIGEST_HOUR = 24  # never reached today
    run(django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(kind="reminder_digest").exists()


def test_settings_page_and_api(client_as: Any, api_as: Any) -> None:
    page = client_as("grid")
    assert 'name="digest"' in page.get("/reminders/settings/").content.decode()
    page.post("/reminders/settings/", {"tasks": "on", "hazards": "on", "complaints": "on"})
    api = api_as("grid")
    assert api.get("/api/reminder-preferences").json() == {
        "tasks": True,
        "hazards": True,
        "complaints": True,
        "digest": False,
    }
    response = api.client.put(
        "/api/reminder-preferences",
        {"digest": True, "tasks": False},
        content_type="application/json",
        headers=api.headers,
    )
    assert response.json()["digest"] is True and response.json()["tasks"] is False


def test_a_dispatched_12345_order_is_reminded_before_and_after_its_deadline(
    settings: Any, user: Any, area: Any, organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.complaints.test_handling import dispatch, make

    settings.XIAOAN_TODAY = "2024-03-04"  # Monday; five working days → Monday 11th
    order = dispatch(make(user, area, number="GD-R-1"), user, organisation)
    assert order.handling_deadline == dt.date(2024, 3, 11)
    run(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "reminder_complaints") == []
    settings.XIAOAN_TODAY = "2024-03-08"  # one working day left
    run(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "reminder_complaints") == ["12345 工单临近办理时限：GD-R-1"]
    settings.XIAOAN_TODAY = "2024-03-12"
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "reminder_complaints") == sorted(
        ["12345 工单办理已超期：GD-R-1", "12345 工单临近办理时限：GD-R-1"]
    )
