"""Reward rules: the amount by hazard severity, set per area by the roles that
approve rewards; a report takes the rule of the nearest area at or above it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core.errors import XiaoanError
from xiaoan.core.scoping import ancestor_paths
from xiaoan.core.versioning import apply_edit, set_history_user

from ..models import RewardRule


def rule_for(area: Area, severity: str) -> RewardRule | None:
    paths = [*ancestor_paths(area.path), area.path]
    rules = RewardRule.objects.filter(area__path__in=paths, severity=severity).select_related(
        "area"
    )
    return max(rules, key=lambda r: len(r.area.path), default=None)


@transaction.atomic
def do_create_rule(
    *, acting_user: User | None, area: Area, severity: str, amount: Decimal, note: str = ""
) -> RewardRule:
    """Set the reward for one severity in an area."""
    check_permission(acting_user, Permission.APPROVE_REWARDS, area)
    if RewardRule.objects.filter(area=area, severity=severity).exists():
        raise XiaoanError(f"{area.name}已有该等级的奖励标准，请修改原标准。")
    rule = RewardRule(area=area, severity=severity, amount=amount, note=note)
    full_clean(rule)
    if rule.amount < 0:
        raise XiaoanError("奖励金额不能为负数。")
    set_history_user(rule, acting_user)
    rule.save()
    return rule


@transaction.atomic
def do_update_rule(
    rule: RewardRule,
    *,
    acting_user: User | None,
    expected_version: int,
    amount: Decimal,
    note: str = "",
) -> RewardRule:
    """Change a rule's amount; refused if someone else changed it meanwhile."""
    check_permission(acting_user, Permission.APPROVE_REWARDS, rule.area)
    if amount < 0:
        raise XiaoanError("奖励金额不能为负数。")
    return apply_edit(
        rule,
        {"amount": amount, "note": note},
        acting_user=acting_user,
        expected_version=expected_version,
    )
