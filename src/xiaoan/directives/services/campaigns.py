"""Creating a campaign with its dated phases, and correcting either."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError

from ..choices import ActionKind
from ..models import Campaign, Phase
from .common import save_new
from .editing import edit_record, merged, refuse


@dataclass
class PhaseSpec:
    name: str
    start: dt.date
    end: dt.date
    actions: Sequence[str] = ()


@transaction.atomic
def do_create_campaign(
    *,
    acting_user: User | None,
    name: str,
    area: Area,
    start: dt.date,
    end: dt.date,
    phases: Sequence[PhaseSpec] = (),
    plan_title: str = "",
    description: str = "",
) -> Campaign:
    """A campaign with its dated phases (which must lie within the campaign and not overlap)."""
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    if end < start:
        raise XiaoanError("专项行动的结束日期不能早于开始日期。")
    campaign = save_new(
        Campaign(
            name=name,
            area=area,
            start=start,
            end=end,
            plan_title=plan_title,
            description=description,
        ),
        acting_user,
    )
    previous_end: dt.date | None = None
    for number, spec in enumerate(phases, start=1):
        if spec.start < start or spec.end > end or spec.end < spec.start:
            raise XiaoanError(
                f"第{number}阶段“{spec.name}”的日期须在专项行动期间内且结束不早于开始。"
            )
        if previous_end and spec.start <= previous_end:
            raise XiaoanError(f"第{number}阶段“{spec.name}”与上一阶段日期重叠。")
        previous_end = spec.end
        save_new(
            Phase(
                campaign=campaign,
                number=number,
                name=spec.name,
                start=spec.start,
                end=spec.end,
                actions=",".join(spec.actions),
            ),
            acting_user,
        )
    return campaign


CAMPAIGN_EDITABLE = frozenset({"name", "plan_title", "start", "end", "description"})
PHASE_EDITABLE = frozenset({"name", "start", "end", "actions"})


@transaction.atomic
def do_update_campaign(
    campaign: Campaign,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Campaign:
    """Correct a campaign; its dates must still hold all of its phases."""
    if "name" in changes and not str(changes["name"] or "").strip():
        raise refuse(Campaign, "name", "不能为空。")
    start = merged(campaign, changes, "start")
    end = merged(campaign, changes, "end")
    if start is not None and end is not None and end < start:
        raise refuse(Campaign, "end", "结束日期不能早于开始日期。")
    phases = list(campaign.phases.order_by("start"))
    if phases and start is not None and start > phases[0].start:
        first = phases[0]
        raise refuse(
            Campaign,
            "start",
            f"不能晚于第{first.number}阶段“{first.name}”的开始日期（{first.start:%Y-%m-%d}）。",
        )
    last = max(phases, key=lambda p: p.end, default=None)
    if last is not None and end is not None and end < last.end:
        raise refuse(
            Campaign,
            "end",
            f"不能早于第{last.number}阶段“{last.name}”的结束日期（{last.end:%Y-%m-%d}）。",
        )
    return edit_record(
        campaign,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        editable=CAMPAIGN_EDITABLE,
        permission=Permission.ASSIGN_TASKS,
        area=campaign.area,
    )


def action_codes(actions: str | Sequence[str]) -> str:
    """Action kinds as the phase stores them (codes, comma-separated); an unknown one is refused."""
    codes = [a.strip() for a in (actions.split(",") if isinstance(actions, str) else actions)]
    codes = [c for c in codes if c]
    unknown = [c for c in codes if c not in ActionKind.values]
    if unknown:
        raise refuse(
            Phase,
            "actions",
            f"不认识的行动“{'、'.join(unknown)}”；可用：{'、'.join(ActionKind.values)}。",
        )
    return ",".join(codes)


@transaction.atomic
def do_update_phase(
    phase: Phase,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Phase:
    """Correct a phase; it must stay within its campaign, not overlap another phase
    and still hold the activities recorded in it."""
    campaign = phase.campaign
    if "name" in changes and not str(changes["name"] or "").strip():
        raise refuse(Phase, "name", "不能为空。")
    if "actions" in changes:
        changes["actions"] = action_codes(changes["actions"] or "")
    start = merged(phase, changes, "start")
    end = merged(phase, changes, "end")
    if end < start:
        raise refuse(Phase, "end", "结束日期不能早于开始日期。")
    if start < campaign.start:
        raise refuse(Phase, "start", f"不能早于专项行动的开始日期（{campaign.start:%Y-%m-%d}）。")
    if end > campaign.end:
        raise refuse(Phase, "end", f"不能晚于专项行动的结束日期（{campaign.end:%Y-%m-%d}）。")
    overlapping = (
        campaign.phases.exclude(pk=phase.pk).filter(start__lte=end, end__gte=start).first()
    )
    if overlapping is not None:
        name = "start" if overlapping.start <= start else "end"
        raise refuse(
            Phase,
            name,
            f"与第{overlapping.number}阶段“{overlapping.name}”"
            f"（{overlapping.start:%Y-%m-%d}—{overlapping.end:%Y-%m-%d}）日期重叠。",
        )
    outside = phase.activities.exclude(date__gte=start, date__lte=end).order_by("date").first()
    if outside is not None:
        name = "start" if outside.date < start else "end"
        raise refuse(
            Phase,
            name,
            f"阶段内已登记的活动“{outside.title}”（{outside.date:%Y-%m-%d}）将不在阶段期间内。",
        )
    return edit_record(
        phase,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        editable=PHASE_EDITABLE,
        permission=Permission.ASSIGN_TASKS,
        area=campaign.area,
    )
