"""The duty roster: who is on duty for an organisation on a day, in which role."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoan.areas.models import Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import set_history_user

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
