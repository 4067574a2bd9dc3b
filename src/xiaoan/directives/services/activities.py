"""Recording an activity (publicity, training, drill …) under a campaign and phase."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError

from ..models import Activity, Campaign, Phase
from .common import save_new


@transaction.atomic
def do_record_activity(
    *,
    acting_user: User | None,
    kind: str,
    date: dt.date,
    title: str,
    organiser: Organisation,
    area: Area,
    campaign: Campaign | None = None,
    phase: Phase | None = None,
    participants: int | None = None,
    reach: int | None = None,
    description: str = "",
) -> Activity:
    check_permission(acting_user, Permission.REPORT_PROGRESS, area)
    if phase is not None:
        campaign = phase.campaign
        if not phase.start <= date <= phase.end:
            raise XiaoanError(f"活动日期不在阶段“{phase.name}”期间内。")
    return save_new(
        Activity(
            kind=kind,
            date=date,
            title=title,
            organiser=organiser,
            area=area,
            campaign=campaign,
            phase=phase,
            participants=participants,
            reach=reach,
            description=description,
        ),
        acting_user,
    )
