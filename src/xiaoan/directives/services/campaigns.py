"""Creating a campaign with its dated phases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError

from ..models import Campaign, Phase
from .common import save_new


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
