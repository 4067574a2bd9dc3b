"""Reminders at 30 and 45 minutes and the escalation at the deadline: each sent
exactly once, however often the worker runs and even after it restarts."""

from __future__ import annotations

import pytest

from xiaoan.core import periodic
from xiaoan.core.models import Notification
from xiaoan.duty.models import ClockNotice, ReminderPoint
from xiaoan.duty.services import reminders

pytestmark = pytest.mark.django_db

KINDS = ("urgent_report_reminder", "urgent_report_escalation")


def inbox(username: str, kind: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient__username=username, kind=kind)
        .order_by("id")
        .values_list("title", flat=True)
    )


def run_worker(capture) -> None:
    """One pass of the worker's periodic checks, with notifications delivered on commit."""
    with capture(execute=True):
        assert "urgent-report-clock" in periodic.run_due(force=True)


def restart_worker() -> None:
    """A new worker process starts with no memory of when checks last ran."""
    for check in periodic._checks.values():
        check.last_run = 0.0


def test_reminders_and_escalation_go_out_once_each(at, record, django_capture_on_commit_callbacks):
    at("2024-03-04 23:35")
    with django_capture_on_commit_callbacks(execute=True):
        incident = record("2024-03-04 23:30", sensitive_venue="kindergarten")
    # told at once when recorded, no reminder yet
    assert len(inbox("xinglongtai", "urgent_report")) == 1
    run_worker(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "urgent_report_reminder") == []

    at("2024-03-05 00:01")
    run_worker(django_capture_on_commit_callbacks)
    run_worker(django_capture_on_commit_callbacks)
    restart_worker()
    run_worker(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "urgent_report_reminder") == [
        f"紧急信息尚未首报，还剩 29 分钟：{incident}"
    ]
    # the city's detachment office is over 兴隆台区 and hears it too; the neighbour does not
    assert len(inbox("office", "urgent_report_reminder")) == 1
    assert inbox("shuangtaizi", "urgent_report_reminder") == []

    at("2024-03-05 00:16")
    run_worker(django_capture_on_commit_callbacks)
    run_worker(django_capture_on_commit_callbacks)
    assert len(inbox("xinglongtai", "urgent_report_reminder")) == 2

    at("2024-03-05 00:31")
    run_worker(django_capture_on_commit_callbacks)
    restart_worker()
    run_worker(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "urgent_report_escalation") == [f"紧急信息超时未报：{incident}"]
    # the escalation reaches the city leaders
    assert len(inbox("zhanming", "urgent_report_escalation")) == 1
    assert sorted(
        ClockNotice.objects.filter(incident=incident).values_list("point", flat=True)
    ) == [
        "escalate",
        "remind:30",
        "remind:45",
    ]


def test_a_worker_that_was_down_sends_only_the_escalation(
    at, record, django_capture_on_commit_callbacks
):
    at("2024-03-04 10:05")
    record("2024-03-04 10:00", dead=1)
    at("2024-03-04 11:10")
    run_worker(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "urgent_report_reminder") == []
    assert len(inbox("xinglongtai", "urgent_report_escalation")) == 1


def test_a_reported_incident_gets_no_reminders(
    at, record, first_report, django_capture_on_commit_callbacks
):
    at("2024-03-04 10:20")
    incident = record("2024-03-04 10:00", dead=1)
    first_report(incident, "2024-03-04 10:20")
    at("2024-03-04 11:30")
    run_worker(django_capture_on_commit_callbacks)
    for kind in KINDS:
        assert inbox("xinglongtai", kind) == []


def test_a_claimed_point_cannot_be_claimed_again(at, record):
    """What keeps a second worker from sending: the unique (incident, point) row."""
    at("2024-03-04 10:05")
    incident = record("2024-03-04 10:00", dead=1)
    assert reminders.claim(incident, "remind:30") is True
    assert reminders.claim(incident, "remind:30") is False
    assert ClockNotice.objects.filter(incident=incident).count() == 1


def test_reminder_points_are_configurable(at, record, user, django_capture_on_commit_callbacks):
    from xiaoan.duty import services

    admin = user("admin")
    for point in ReminderPoint.objects.all():
        services.do_update_reminder_point(
            point, acting_user=admin, expected_version=point.version, active=False
        )
    services.do_create_reminder_point(acting_user=admin, area=None, minutes_after_alarm=50)
    at("2024-03-04 10:05")
    record("2024-03-04 10:00", dead=1)
    at("2024-03-04 10:46")
    run_worker(django_capture_on_commit_callbacks)
    assert inbox("xinglongtai", "urgent_report_reminder") == []
    at("2024-03-04 10:51")
    run_worker(django_capture_on_commit_callbacks)
    assert len(inbox("xinglongtai", "urgent_report_reminder")) == 1


def test_the_worker_command_run_twice_sends_the_reminder_once(
    at, record, django_capture_on_commit_callbacks, settings
):
    """`xiaoan worker --once`, as a cron job or a restarted worker would run it (tasks
    inline, so the task runner does not close the test's database connection)."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    at("2024-03-04 10:05")
    record("2024-03-04 10:00", sensitive_venue="hospital")
    at("2024-03-04 10:31")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("worker", once=True)
    assert len(inbox("xinglongtai", "urgent_report_reminder")) == 1
