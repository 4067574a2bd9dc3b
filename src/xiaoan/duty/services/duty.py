"""The duty roster: who is on duty for an organisation on a day, in which role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit, set_history_user

from ..choices import DutyRole
from ..models import DutyShift
from .common import save_new


@transaction.atomic
def do_assign_shift(
    *,
    acting_user: User | None,
    organisation: Organisation,
    date: dt.date,
    role: str,
    person: str,
    phone: str = "",
) -> DutyShift:
    """Put a person on duty for the organisation on that day."""
    check_permission(acting_user, Permission.MANAGE_DUTY, organisation.area)
    person = person.strip()
    if not person:
        raise XiaoanError("请填写值班人员姓名。")
    if role not in DutyRole.values:
        raise XiaoanError(f"岗位“{role}”不存在。")
    if DutyShift.objects.filter(
        organisation=organisation, date=date, role=role, person=person
    ).exists():
        raise XiaoanError(f"{date:%m月%d日} {person} 已排为{DutyRole(role).label}，无需重复安排。")
    return save_new(
        DutyShift(organisation=organisation, date=date, role=role, person=person, phone=phone),
        acting_user,
    )


@transaction.atomic
def do_remove_shift(shift: DutyShift, *, acting_user: User | None) -> None:
    """Take a person off the roster; the history keeps the entry as deleted."""
    check_permission(acting_user, Permission.MANAGE_DUTY, shift.organisation.area)
    set_history_user(shift, acting_user, "取消值班")
    shift.delete()


SHIFT_FIELDS = {"date", "role", "person", "phone"}


@transaction.atomic
def do_update_shift(
    shift: DutyShift,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> DutyShift:
    """Correct a roster entry (the day, the role, the name or the phone); the same
    person twice in one role on one day is refused as on assignment."""
    unknown = set(changes) - SHIFT_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.MANAGE_DUTY, shift.organisation.area)
    if "person" in changes:
        changes["person"] = str(changes["person"] or "").strip()
        if not changes["person"]:
            raise XiaoanError("请填写值班人员姓名。", details={"person": ["不能为空。"]})
    role = changes.get("role", shift.role)
    if role not in DutyRole.values:
        raise XiaoanError(f"岗位“{role}”不存在。", details={"role": ["岗位不存在。"]})
    date = changes.get("date", shift.date)
    person = changes.get("person", shift.person)
    clash = DutyShift.objects.filter(
        organisation_id=shift.organisation_id, date=date, role=role, person=person
    ).exclude(pk=shift.pk)
    if clash.exists():
        raise XiaoanError(f"{date:%m月%d日} {person} 已排为{DutyRole(role).label}，不能重复安排。")
    return apply_edit(
        shift, changes, acting_user=acting_user, expected_version=expected_version, reason=reason
    )
