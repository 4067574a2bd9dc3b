"""延期 and 改派: the two changes of an open hazard that its units must hear about.

An extension moves the rectification deadline later and keeps a
`HazardExtension` row (old and new deadline, reason, who, when), so overdue
counts for a past day use the deadline then in force (see `hazards.deadlines`).
A reassignment hands the rectification to another responsible unit (责任单位,
the unit that leads the rectification). Both need a reason, which goes into the
hazard's history, and both notify the members of the units concerned after
commit: for an extension the responsible unit and the unit that found the
hazard; for a reassignment the old and the new responsible unit. The acting
user is not told what they did themselves.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoan.areas.models import Organisation, User
from xiaoan.core import clock
from xiaoan.core.errors import StaleEditError, XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import STALE_MESSAGE, apply_edit

from ..models import Hazard, HazardExtension
from .lifecycle import check_may_change, checked_reason, locked

#: a 延期 or 改派 reason, with its prefix ("延期：") within the history's 100 characters
REASON_MAX = 90


def check_version(hazard: Hazard, expected_version: int | None) -> None:
    """Refuse before anything else when the form was opened on an older version."""
    if expected_version is not None and expected_version != hazard.version:
        raise StaleEditError(STALE_MESSAGE.format(current=hazard.version, given=expected_version))


def members(organisation_ids: list[int | None], acting_user: User | None) -> list[User]:
    """Active members of these units, without the acting user."""
    ids = [pk for pk in organisation_ids if pk]
    if not ids:
        return []
    users = User.objects.filter(organisation_id__in=ids, is_active=True)
    if acting_user is not None and acting_user.pk:
        users = users.exclude(pk=acting_user.pk)
    return list(users)


def hazard_link(hazard: Hazard) -> str:
    return f"/hazards/{hazard.pk}/"


def day(value: dt.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "未定"


@transaction.atomic
def do_extend_deadline(
    hazard: Hazard,
    *,
    acting_user: User | None,
    new_deadline: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> HazardExtension:
    """Extend the rectification deadline to `new_deadline` (later than the current
    one, not before today), with a reason. `expected_version`, when given, refuses
    the extension if the hazard changed since the form was opened."""
    hazard = locked(hazard)
    check_may_change(hazard, acting_user, "extend")
    check_version(hazard, expected_version)
    reason = checked_reason(reason, limit=REASON_MAX, required="延期须写明原因。")
    old = hazard.deadline
    if new_deadline is None:
        raise XiaoanError(
            "请填写新的整改期限。", details={"new_deadline": ["请填写新的整改期限。"]}
        )
    if old is not None and new_deadline <= old:
        message = f"新的整改期限须晚于原期限（{day(old)}）。"
        raise XiaoanError(message, details={"new_deadline": [message]})
    if new_deadline < clock.today():
        message = "新的整改期限不能早于今天。"
        raise XiaoanError(message, details={"new_deadline": [message]})
    apply_edit(
        hazard,
        {"deadline": new_deadline},
        acting_user=acting_user,
        expected_version=hazard.version if expected_version is None else expected_version,
        reason=f"延期：{reason}",
    )
    extension = HazardExtension.objects.create(
        hazard=hazard,
        old_deadline=old,
        new_deadline=new_deadline,
        reason=reason,
        extended_by=acting_user if acting_user is not None and acting_user.pk else None,
        at=clock.now(),
    )
    found_by = User.objects.filter(pk=hazard.found_by_id).values_list("organisation_id", flat=True)
    notify(
        members([hazard.responsible_organisation_id, *found_by], acting_user),
        title=f"隐患整改期限已延期：{hazard}",
        body=f"整改期限：{day(old)} → {day(new_deadline)}；原因：{reason}",
        link=hazard_link(hazard),
        kind="hazard_extended",
    )
    return extension


@transaction.atomic
def do_reassign_hazard(
    hazard: Hazard,
    *,
    acting_user: User | None,
    organisation: Organisation,
    reason: str,
    expected_version: int | None = None,
) -> Hazard:
    """Hand the rectification to another responsible unit (责任单位), with a reason;
    the old and the new unit are told."""
    hazard = locked(hazard)
    check_may_change(hazard, acting_user, "reassign")
    check_version(hazard, expected_version)
    reason = checked_reason(reason, limit=REASON_MAX, required="改派须写明原因。")
    if organisation is None:
        raise XiaoanError(
            "请选择新的责任单位。", details={"organisation": ["请选择新的责任单位。"]}
        )
    old_id = hazard.responsible_organisation_id
    if organisation.pk == old_id:
        message = f"隐患的责任单位已是“{organisation.name}”。"
        raise XiaoanError(message, details={"organisation": [message]})
    old = Organisation.objects.filter(pk=old_id).first() if old_id else None
    saved = apply_edit(
        hazard,
        {"responsible_organisation": organisation},
        acting_user=acting_user,
        expected_version=hazard.version if expected_version is None else expected_version,
        reason=f"改派：{reason}",
    )
    moved = f"{old.name if old else '（未定）'} → {organisation.name}；原因：{reason}"
    if old is not None:
        notify(
            members([old.pk], acting_user),
            title=f"隐患已改派其他单位整改：{hazard}",
            body=f"责任单位：{moved}",
            link=hazard_link(hazard),
            kind="hazard_reassigned_away",
        )
    notify(
        members([organisation.pk], acting_user),
        title=f"隐患改派本单位整改：{hazard}",
        body=f"责任单位：{moved}；整改期限：{day(hazard.deadline)}",
        link=hazard_link(hazard),
        kind="hazard_reassigned",
    )
    return saved
