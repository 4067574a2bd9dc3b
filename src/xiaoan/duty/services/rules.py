"""The rules that decide which incidents need an urgent report, and by when;
and the reminder points of the reporting clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.scoping import ancestor_paths
from xiaoan.core.versioning import apply_edit

from ..choices import RuleKind, SensitiveVenue
from ..models import ReminderPoint, UrgentReportRule
from .common import save_new

#: the rules a new city starts with (name, kind, threshold, deadline minutes)
DEFAULT_RULES: tuple[tuple[str, str, int, int], ...] = (
    ("有人员死亡", RuleKind.DEATH, 1, 60),
    ("敏感群体场所（学校、幼儿园、医院、养老机构等）", RuleKind.SENSITIVE_VENUE, 1, 60),
    ("受伤 3 人以上", RuleKind.INJURED, 3, 60),
    ("被困 3 人以上", RuleKind.TRAPPED, 3, 60),
)
DEFAULT_REMINDER_MINUTES = (30, 45)
RULE_FIELDS = {"name", "threshold", "deadline_minutes", "active"}


@dataclass
class Decision:
    """Whether an incident needs an urgent report, by when, and which rules said so."""

    required: bool = False
    deadline: dt.datetime | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def rules_for(area: Area) -> list[UrgentReportRule]:
    """The active rules of `area` and the areas above it."""
    paths = [*ancestor_paths(area.path), area.path]
    return list(
        UrgentReportRule.objects.filter(active=True).filter(
            Q(area__isnull=True) | Q(area__path__in=paths)
        )
    )


def matches(rule: UrgentReportRule, facts: dict[str, Any]) -> bool:
    if rule.kind == RuleKind.DEATH:
        return int(facts.get("dead") or 0) > 0
    if rule.kind == RuleKind.SENSITIVE_VENUE:
        return bool(facts.get("sensitive_venue"))
    if rule.kind == RuleKind.INJURED:
        return int(facts.get("injured") or 0) >= rule.threshold
    if rule.kind == RuleKind.TRAPPED:
        return int(facts.get("trapped") or 0) >= rule.threshold
    return False


def decide(area: Area, alarm_at: dt.datetime, **facts: Any) -> Decision:
    """Apply the rules to an incident's facts (dead, injured, trapped, sensitive_venue).
    Of several matching rules the strictest deadline wins."""
    decision = Decision()
    for rule in rules_for(area):
        if matches(rule, facts):
            decision.required = True
            due = alarm_at + dt.timedelta(minutes=rule.deadline_minutes)
            decision.deadline = due if decision.deadline is None else min(decision.deadline, due)
            label = rule.name
            if rule.kind == RuleKind.SENSITIVE_VENUE and facts.get("sensitive_venue"):
                label += f"：{SensitiveVenue(facts['sensitive_venue']).label}"
            decision.reasons.append(label)
    return decision


def reminder_minutes(area: Area) -> list[int]:
    paths = [*ancestor_paths(area.path), area.path]
    return sorted(
        set(
            ReminderPoint.objects.filter(active=True)
            .filter(Q(area__isnull=True) | Q(area__path__in=paths))
            .values_list("minutes_after_alarm", flat=True)
        )
    )


@transaction.atomic
def do_create_rule(
    *,
    acting_user: User | None,
    area: Area | None,
    name: str,
    kind: str,
    threshold: int = 1,
    deadline_minutes: int = 60,
    active: bool = True,
) -> UrgentReportRule:
    """Add a rule for incidents in `area` and below (every area when None)."""
    check_permission(acting_user, Permission.CONFIGURE_URGENT_REPORTS, area)
    if deadline_minutes < 1:
        raise XiaoanError("报送时限至少为 1 分钟。")
    return save_new(
        UrgentReportRule(
            area=area,
            name=name.strip() or RuleKind(kind).label,
            kind=kind,
            threshold=max(1, threshold),
            deadline_minutes=deadline_minutes,
            active=active,
        ),
        acting_user,
    )


@transaction.atomic
def do_update_rule(
    rule: UrgentReportRule, *, acting_user: User | None, expected_version: int, **changes: Any
) -> UrgentReportRule:
    """Change a rule's threshold, deadline, name or whether it is active; applies to
    incidents recorded from now on."""
    unknown = set(changes) - RULE_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.CONFIGURE_URGENT_REPORTS, rule.area)
    if "deadline_minutes" in changes and int(changes["deadline_minutes"]) < 1:
        raise XiaoanError("报送时限至少为 1 分钟。")
    if "threshold" in changes and int(changes["threshold"]) < 1:
        raise XiaoanError("人数阈值至少为 1。")
    return apply_edit(rule, changes, acting_user=acting_user, expected_version=expected_version)


@transaction.atomic
def do_create_reminder_point(
    *, acting_user: User | None, area: Area | None, minutes_after_alarm: int
) -> ReminderPoint:
    check_permission(acting_user, Permission.CONFIGURE_URGENT_REPORTS, area)
    if minutes_after_alarm < 1:
        raise XiaoanError("提醒时点至少为接警后 1 分钟。")
    if ReminderPoint.objects.filter(area=area, minutes_after_alarm=minutes_after_alarm).exists():
        raise XiaoanError(f"接警后 {minutes_after_alarm} 分钟的提醒已存在。")
    return save_new(ReminderPoint(area=area, minutes_after_alarm=minutes_after_alarm), acting_user)


@transaction.atomic
def do_update_reminder_point(
    point: ReminderPoint, *, acting_user: User | None, expected_version: int, active: bool
) -> ReminderPoint:
    check_permission(acting_user, Permission.CONFIGURE_URGENT_REPORTS, point.area)
    return apply_edit(
        point, {"active": active}, acting_user=acting_user, expected_version=expected_version
    )


@transaction.atomic
def ensure_default_rules() -> int:
    """Put back the default rules and reminder points (for every area) if there are
    none at all, as the initial migration seeds them; returns how many were made.
    The demo loader calls it, since a flushed database loses migration data."""
    made = 0
    if not UrgentReportRule.objects.exists():
        for name, kind, threshold, minutes in DEFAULT_RULES:
            do_create_rule(
                acting_user=None,
                area=None,
                name=name,
                kind=kind,
                threshold=threshold,
                deadline_minutes=minutes,
            )
            made += 1
    if not ReminderPoint.objects.exists():
        for minutes in DEFAULT_REMINDER_MINUTES:
            do_create_reminder_point(acting_user=None, area=None, minutes_after_alarm=minutes)
            made += 1
    return made
