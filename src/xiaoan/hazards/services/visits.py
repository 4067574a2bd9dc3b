"""Corrections of a supervision visit's record (督导检查): its date, leader, title,
whether it was unannounced, and the notes. The totals come from its inspections
and are not edited here."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiaoan.areas.models import User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit

from ..models import SupervisionVisit

VISIT_FIELDS = {"date", "leader_name", "leader_title", "title", "unannounced", "notes"}


@transaction.atomic
def do_update_visit(
    visit: SupervisionVisit,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> SupervisionVisit:
    """Correct a visit within the editor's area; a stale version is refused."""
    unknown = set(changes) - VISIT_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.INSPECT, visit.area)
    for name in ("title", "leader_name"):
        if name in changes and not str(changes[name] or "").strip():
            label = "名称" if name == "title" else "带队领导"
            raise XiaoanError(f"{label}不能为空。", details={name: ["不能为空。"]})
    return apply_edit(
        visit, changes, acting_user=acting_user, expected_version=expected_version, reason=reason
    )
