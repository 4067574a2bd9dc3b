"""Recording an activity (publicity, training, drill …) under a campaign and phase,
and correcting one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError

from ..models import Activity, Campaign, Phase
from .common import save_new
from .editing import edit_record, merged, refuse

ACTIVITY_EDITABLE = frozenset(
    {"kind", "date", "title", "participants", "reach", "description", "phase"}
)


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


@transaction.atomic
def do_update_activity(
    activity: Activity,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Activity:
    """Correct an activity. Under a campaign its phase follows its date: the phase
    whose dates hold the new date, or none."""
    if "title" in changes and not str(changes["title"] or "").strip():
        raise refuse(Activity, "title", "不能为空。")
    for name in ("participants", "reach"):
        value = changes.get(name)
        if value is not None and value < 0:
            raise refuse(Activity, name, "不能为负数。")
    if "phase" in changes:
        raise refuse(Activity, "phase", "阶段按活动日期自动确定，不能直接修改。")
    date: dt.date = merged(activity, changes, "date")
    if "date" in changes and activity.campaign_id is not None:
        phases = Phase.objects.filter(campaign_id=activity.campaign_id)
        phase = phases.filter(start__lte=date, end__gte=date).first()
        if phase != activity.phase:
            changes["phase"] = phase
    return edit_record(
        activity,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        editable=ACTIVITY_EDITABLE,
        permission=Permission.REPORT_PROGRESS,
        area=activity.area,
    )
