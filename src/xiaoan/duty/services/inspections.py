"""Inspections announced by higher levels and their preparation checklists.

Each checklist item is a supervision-desk task made through
`directives.services.do_create_task`, so it has an owner and a deadline and is
chased, reported and closed like any other task."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit
from xiaoan.directives import services as directives

from ..models import PreparationItem, UpcomingInspection
from .common import save_new

INSPECTION_FIELDS = {
    "title",
    "inspecting_body",
    "starts_on",
    "ends_on",
    "date_note",
    "location",
    "focus",
    "summary",
    "host_organisation",
}


@transaction.atomic
def do_announce_inspection(
    *,
    acting_user: User | None,
    title: str,
    inspecting_body: str,
    area: Area,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    date_note: str = "",
    location: str = "",
    focus: str = "",
    host_organisation: Organisation | None = None,
    summary: str = "",
) -> UpcomingInspection:
    """Record a visit a higher level has announced, so the areas below can prepare."""
    check_permission(acting_user, Permission.MANAGE_DUTY, area)
    if not title.strip():
        raise XiaoanError("请填写迎检名称。")
    if starts_on and ends_on and ends_on < starts_on:
        raise XiaoanError("结束日期早于开始日期。")
    return save_new(
        UpcomingInspection(
            title=title.strip(),
            inspecting_body=inspecting_body.strip(),
            area=area,
            starts_on=starts_on,
            ends_on=ends_on,
            date_note=date_note,
            location=location,
            focus=focus,
            summary=summary.strip(),
            host_organisation=host_organisation,
        ),
        acting_user,
    )


@transaction.atomic
def do_update_inspection(
    inspection: UpcomingInspection,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> UpcomingInspection:
    """Correct an announced visit within the editor's area; a stale version is refused."""
    unknown = set(changes) - INSPECTION_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.MANAGE_DUTY, inspection.area)
    starts_on = changes.get("starts_on", inspection.starts_on)
    ends_on = changes.get("ends_on", inspection.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise XiaoanError("结束日期早于开始日期。")
    if "title" in changes and not str(changes["title"] or "").strip():
        raise XiaoanError("请填写迎检名称。", details={"title": ["不能为空。"]})
    return apply_edit(
        inspection,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def do_add_checklist_item(
    inspection: UpcomingInspection,
    *,
    acting_user: User | None,
    title: str,
    owner: Organisation,
    deadline: dt.date | None = None,
    description: str = "",
) -> PreparationItem:
    """Add a preparation item: a task for `owner`, due before the visit unless a date is given."""
    check_permission(acting_user, Permission.MANAGE_DUTY, inspection.area)
    task = directives.do_create_task(
        acting_user=acting_user,
        title=title,
        lead_organisation=owner,
        deadline=deadline or inspection.starts_on,
        description=description or f"迎检准备：{inspection.title}",
    )
    return save_new(PreparationItem(inspection=inspection, task=task), acting_user)
