"""Incidents and their urgent reports: recording an alarm starts the reporting
clock; the first report stops it. Report kinds follow `REPORT_TRANSITIONS`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core import clock
from xiaoan.core.errors import InvalidTransitionError, XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import apply_edit, set_history_user
from xiaoan.places.models import Place

from ..choices import ReportKind, SensitiveVenue
from ..models import Incident, UrgentReport
from .common import report_duty_users, save_new
from .rules import decide

#: which report may follow the last one sent (None: nothing sent yet)
REPORT_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({ReportKind.FIRST}),
    ReportKind.FIRST: frozenset({ReportKind.FOLLOW_UP, ReportKind.FINAL}),
    ReportKind.FOLLOW_UP: frozenset({ReportKind.FOLLOW_UP, ReportKind.FINAL}),
    ReportKind.FINAL: frozenset(),
}
#: a clock a little ahead of the server's is tolerated when a time is typed in
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
INCIDENT_FIELDS = {
    "alarm_at",
    "kind",
    "address",
    "place_name",
    "sensitive_venue",
    "dead",
    "injured",
    "trapped",
    "description",
}
DECIDING_FIELDS = {"alarm_at", "sensitive_venue", "dead", "injured", "trapped"}


def incident_link(incident: Incident) -> str:
    return f"/incidents/{incident.pk}/"


def check_not_future(moment: dt.datetime, label: str) -> None:
    if moment > clock.now() + FUTURE_TOLERANCE:
        local = moment.astimezone(clock.LOCAL_TZ)
        raise XiaoanError(f"{label}（{local:%Y-%m-%d %H:%M}）晚于当前时间，请检查。")


@transaction.atomic
def do_record_incident(
    *,
    acting_user: User | None,
    alarm_at: dt.datetime,
    kind: str,
    address: str,
    area: Area,
    place: Place | None = None,
    place_name: str = "",
    sensitive_venue: str = "",
    dead: int = 0,
    injured: int = 0,
    trapped: int = 0,
    description: str = "",
    organisation: Organisation | None = None,
) -> Incident:
    """Record an alarm. If the rules say it needs an urgent report the clock starts
    from the alarm time and the reporting units over the area are told at once."""
    check_permission(acting_user, Permission.REPORT_INCIDENTS, area)
    if alarm_at.tzinfo is None:
        raise XiaoanError("接警时间缺少时区。")
    check_not_future(alarm_at, "接警时间")
    check_venue(sensitive_venue)
    if place is not None:
        if not place.area.is_within(area):
            raise XiaoanError(f"场所“{place.name}”不在“{area.name}”范围内。")
        place_name = place_name or place.name
    facts = {"dead": dead, "injured": injured, "trapped": trapped}
    decision = decide(area, alarm_at, sensitive_venue=sensitive_venue, **facts)
    incident = save_new(
        Incident(
            alarm_at=alarm_at,
            kind=kind,
            address=address.strip(),
            area=area,
            place=place,
            place_name=place_name.strip(),
            sensitive_venue=sensitive_venue,
            description=description,
            organisation=organisation
            or (acting_user.organisation if acting_user is not None else None),
            report_required=decision.required,
            report_deadline=decision.deadline,
            report_reasons=decision.reason_text[:300],
            **facts,
        ),
        acting_user,
    )
    if decision.required and decision.deadline is not None:
        due = decision.deadline.astimezone(clock.LOCAL_TZ)
        notify(
            report_duty_users(area),
            title=f"紧急信息须在 {due:%H:%M} 前首报：{incident}",
            body=f"报送依据：{decision.reason_text}。接警后 1 小时内报送上级是政治纪律。",
            link=incident_link(incident),
            kind="urgent_report",
        )
    return incident


@transaction.atomic
def do_update_incident(
    incident: Incident, *, acting_user: User | None, expected_version: int, **changes: Any
) -> Incident:
    """Correct an incident's facts. Until the first report is sent, a change in
    casualties or venue re-applies the rules (the clock still runs from the alarm)."""
    unknown = set(changes) - INCIDENT_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.REPORT_INCIDENTS, incident.area)
    if "alarm_at" in changes:
        check_not_future(changes["alarm_at"], "接警时间")
    if "sensitive_venue" in changes:
        check_venue(changes["sensitive_venue"])
    if incident.first_report_at is None and DECIDING_FIELDS & set(changes):
        facts = {
            name: changes.get(name, getattr(incident, name))
            for name in ("dead", "injured", "trapped", "sensitive_venue")
        }
        decision = decide(incident.area, changes.get("alarm_at", incident.alarm_at), **facts)
        changes |= {
            "report_required": decision.required,
            "report_deadline": decision.deadline,
            "report_reasons": decision.reason_text[:300],
        }
    return apply_edit(incident, changes, acting_user=acting_user, expected_version=expected_version)


def check_venue(value: str | None) -> None:
    """The rules label a venue by its kind, so an unknown kind is refused before they run."""
    if value and value not in SensitiveVenue.values:
        allowed = "、".join(f"{v}（{label}）" for v, label in SensitiveVenue.choices)
        raise XiaoanError(f"敏感群体场所类型不在允许范围内，可选：{allowed}。")


def last_report_kind(incident: Incident) -> str | None:
    last = incident.reports.order_by("-sent_at", "-id").values_list("kind", flat=True).first()
    return last


def allowed_report_kinds(incident: Incident) -> list[str]:
    return [k for k in ReportKind.values if k in REPORT_TRANSITIONS[last_report_kind(incident)]]


@transaction.atomic
def do_send_report(
    incident: Incident,
    *,
    acting_user: User | None,
    kind: str,
    recipient: str,
    channel: str,
    content: str,
    sent_at: dt.datetime | None = None,
) -> UrgentReport:
    """Record a report sent to the higher level. The first report stops the clock;
    whether it was on time is judged here, by the server, against the deadline."""
    check_permission(acting_user, Permission.REPORT_INCIDENTS, incident.area)
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    previous = last_report_kind(locked)
    if kind not in REPORT_TRANSITIONS[previous]:
        label = ReportKind(kind).label if kind in ReportKind.values else kind
        if previous is None:
            raise InvalidTransitionError(f"尚未首报，不能报送“{label}”，请先报送首报。")
        raise InvalidTransitionError(f"已报送“{ReportKind(previous).label}”，不能再报送“{label}”。")
    if not recipient.strip():
        raise XiaoanError("请填写报送对象。")
    if not content.strip():
        raise XiaoanError("请填写报送内容。")
    moment = sent_at or clock.now()
    check_not_future(moment, "报送时间")
    if moment < locked.alarm_at:
        raise XiaoanError("报送时间早于接警时间，请检查。")
    report = save_new(
        UrgentReport(
            incident=locked,
            kind=kind,
            recipient=recipient.strip(),
            channel=channel,
            sent_at=moment,
            content=content.strip(),
            sent_by=acting_user,
        ),
        acting_user,
    )
    if kind == ReportKind.FIRST:
        locked.first_report_at = moment
        locked.version += 1
        locked.updated_at = clock.now()
        set_history_user(locked, acting_user, "首报")
        locked.save()
        incident.first_report_at = moment
        incident.version = locked.version
    return report
