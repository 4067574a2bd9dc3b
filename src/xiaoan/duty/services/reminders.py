"""The reporting clock's reminders and escalation, run periodically by the worker.

Each reminder point and the escalation is sent at most once per incident:
before notifying, the worker inserts a `ClockNotice` row for (incident, point)
under a unique constraint, in the same transaction as the notification (which
goes out on commit). A second worker, or the same one after a restart, finds the
row and sends nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from xiaoan.core import clock
from xiaoan.core.notifications import notify

from ..models import ClockNotice, Incident
from .common import leaders_over, report_duty_users
from .incidents import incident_link
from .rules import reminder_minutes

ESCALATION = "escalate"
#: the clock stops looking at an unreported incident this long after its deadline
LOOKBACK = dt.timedelta(days=2)


def reminder_point(minutes: int) -> str:
    return f"remind:{minutes}"


def claim(incident: Incident, point: str) -> bool:
    """Record that `point` is being sent for `incident`; False if it already was."""
    try:
        with transaction.atomic():
            ClockNotice.objects.create(incident=incident, point=point, sent_at=clock.now())
    except IntegrityError:
        return False
    return True


def due_points(incident: Incident, now: dt.datetime) -> tuple[list[str], bool]:
    """Reminder points that have come (before the deadline) and whether the deadline has passed."""
    assert incident.report_deadline is not None
    elapsed = now - incident.alarm_at
    deadline_minutes = (incident.report_deadline - incident.alarm_at).total_seconds() / 60
    points = [
        reminder_point(m)
        for m in reminder_minutes(incident.area)
        if m < deadline_minutes and elapsed >= dt.timedelta(minutes=m)
    ]
    return points, now >= incident.report_deadline


def run_reminders() -> int:
    """Send every reminder and escalation that has come due; returns how many were sent."""
    now = clock.now()
    pending = Incident.objects.filter(
        report_required=True,
        first_report_at__isnull=True,
        report_deadline__isnull=False,
        report_deadline__gte=now - LOOKBACK,
        alarm_at__lte=now,
    ).select_related("area")
    sent = 0
    for incident in pending:
        points, overdue = due_points(incident, now)
        with transaction.atomic():
            if overdue:
                # reminders that never went out are moot once the deadline has passed
                for point in points:
                    claim(incident, point)
                if claim(incident, ESCALATION):
                    escalate(incident)
                    sent += 1
                continue
            fresh = [point for point in points if claim(incident, point)]
            if fresh:
                remind(incident, now)
                sent += 1
    return sent


def remind(incident: Incident, now: dt.datetime) -> None:
    assert incident.report_deadline is not None
    left = max(0, int((incident.report_deadline - now).total_seconds() // 60))
    due = incident.report_deadline.astimezone(clock.LOCAL_TZ)
    notify(
        report_duty_users(incident.area),
        title=f"紧急信息尚未首报，还剩 {left} 分钟：{incident}",
        body=f"请在 {due:%H:%M} 前向上级报送首报。",
        link=incident_link(incident),
        kind="urgent_report_reminder",
    )


def escalate(incident: Incident) -> None:
    due = incident.report_deadline.astimezone(clock.LOCAL_TZ) if incident.report_deadline else None
    notify(
        [*report_duty_users(incident.area), *leaders_over(incident.area)],
        title=f"紧急信息超时未报：{incident}",
        body=f"首报时限 {due:%H:%M} 已过，仍未报送。请立即报送并说明迟报原因。",
        link=incident_link(incident),
        kind="urgent_report_escalation",
    )
