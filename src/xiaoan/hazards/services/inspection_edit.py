"""Correcting an inspection before anyone else has signed it.

Co-inspectors sign the facts as recorded; once one has, the record is what
they confirmed and stays as it is. Until then the recording inspector may
correct the time, the kind, the notes and the list of co-inspectors: the ones
added are asked to sign, the ones removed are taken off the list, and the
inspection is complete again only when the new list has signed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from xiaoan.areas.models import User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core import clock
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.versioning import apply_edit

from ..models import Inspection, Signature
from .inspections import ask_to_sign, may_inspect, phase_on
from .inspectors import check_co_inspectors

EDITABLE = ("at", "kind", "notes", "co_inspectors")

SIGNED_MESSAGE = "已有检查人签字确认，不能再修改此次检查。"
NOT_RECORDER_MESSAGE = "只有登记此次检查的检查人可以修改。"


def edit_refusal(inspection: Inspection, user: User) -> str:
    """Why `user` may not edit the inspection now, or "" when they may."""
    if inspection.created_by_id != user.pk or not may_inspect(user, inspection.kind):
        return NOT_RECORDER_MESSAGE
    others = [s for s in inspection.signatures.all() if s.inspector_id != inspection.created_by_id]
    if any(s.signed_at for s in others):
        return SIGNED_MESSAGE
    return ""


@transaction.atomic
def do_edit_inspection(
    inspection: Inspection,
    changes: Mapping[str, Any],
    *,
    acting_user: User,
    expected_version: int,
    reason: str = "",
) -> Inspection:
    """Apply `changes` (of EDITABLE; `co_inspectors` is the whole new list) if no
    co-inspector has signed and nobody edited since `expected_version`."""
    current = (
        Inspection.objects.select_for_update().select_related("place__area").get(pk=inspection.pk)
    )
    check_permission(acting_user, Permission.VIEW, current.area)
    changes = dict(changes)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(unknown)}")
    refusal = edit_refusal(current, acting_user)
    if refusal == NOT_RECORDER_MESSAGE:
        raise PermissionDeniedError(refusal)
    if refusal:
        raise InvalidTransitionError(refusal)
    if "kind" in changes and not may_inspect(acting_user, changes["kind"]):
        raise PermissionDeniedError("您的角色无权进行此类检查。")
    if "at" in changes:
        changes["at"] = clock.local(changes["at"])
        changes |= moved_in_time(current, changes["at"])
    notes: list[str] = []
    if "co_inspectors" in changes:
        notes = relist(current, changes.pop("co_inspectors"), acting_user=acting_user)
    full_reason = "；".join(part for part in (reason, *notes) if part)
    return apply_edit(
        current,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=full_reason,
    )


def moved_in_time(inspection: Inspection, when: Any) -> dict[str, Any]:
    """The campaign phase of the new time; refuses a time outside the campaign."""
    day = clock.local_date(when)
    campaign = inspection.campaign
    if campaign is None:
        return {}
    if not campaign.start <= day <= campaign.end:
        raise XiaoanError(
            f"检查日期不在专项行动“{campaign.name}”期间内。",
            details={"at": ["不在专项行动期间内。"]},
        )
    return {"phase": phase_on(campaign, day)}


def relist(inspection: Inspection, inspectors: Iterable[User], *, acting_user: User) -> list[str]:
    """Replace the co-inspectors (none of whom has signed) by `inspectors`; the added
    ones are asked to sign. Returns what changed, for the history."""
    lead = inspection.created_by
    wanted = check_co_inspectors(inspection.place, inspectors, lead=lead)
    listed = {
        s.inspector_id: s
        for s in inspection.signatures.select_related("inspector").exclude(inspector=lead)
    }
    removed = [s for pk, s in listed.items() if pk not in {u.pk for u in wanted}]
    added = [u for u in wanted if u.pk not in listed]
    Signature.objects.filter(pk__in=[s.pk for s in removed]).delete()
    for inspector in added:
        Signature.objects.create(inspection=inspection, inspector=inspector)
    ask_to_sign(inspection, added, lead=acting_user)
    # complete exactly when nobody is left to sign (the recorder signed on submission)
    completed_at = None if wanted else (inspection.completed_at or clock.now())
    Inspection.objects.filter(pk=inspection.pk).update(completed_at=completed_at)
    notes = []
    if added:
        notes.append("增加检查人：" + "、".join(str(u) for u in added))
    if removed:
        notes.append("去掉检查人：" + "、".join(str(s.inspector) for s in removed))
    return notes
