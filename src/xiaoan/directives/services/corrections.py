"""Corrections of a task and of its quantitative targets (the edit pages, PATCH).

Plain corrections only: the deadline and the lead unit change by 延期 and 改派
(`services.adjustments`), which keep their own record and tell the units."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Organisation, User
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.versioning import apply_edit

from ..models import Target, Task
from .tasks import is_assigner

#: what the edit page corrects; the deadline and the lead unit change only by
#: 延期 and 改派 (services.adjustments), which keep their own record
TASK_EDITABLE = {"title", "description", "campaign", "phase", "co_organisations"}
ADJUSTED_ELSEWHERE = {
    "deadline": "期限不在此修改：请使用“延期”，并说明原因。",
    "lead_organisation": "牵头单位不在此修改：请使用“改派”，并说明原因。",
}
TARGET_EDITABLE = {"subject", "quantity", "unit", "counts", "year"}


def names(organisations: Iterable[Organisation]) -> str:
    return "、".join(sorted(o.name for o in organisations)) or "无"


@transaction.atomic
def do_update_task(
    task: Task,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Task:
    """Correct a task (title, description, campaign and phase, co-organisations).
    Co-organisations are not columns, so their change is written into the history
    entry's reason."""
    for name, message in ADJUSTED_ELSEWHERE.items():
        if name in changes:
            raise XiaoanError(message, details={name: [message]})
    unknown = set(changes) - TASK_EDITABLE
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    if not is_assigner(acting_user, task):
        raise PermissionDeniedError("只有交办单位可以修改任务。")
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            raise XiaoanError("任务名称不能为空。", details={"title": ["任务名称不能为空。"]})
    phase = changes.get("phase")
    if phase is not None:
        campaign = changes.setdefault("campaign", phase.campaign)
        if campaign is None or phase.campaign_id != campaign.pk:
            raise XiaoanError(
                "阶段不属于所选专项行动。", details={"phase": ["阶段不属于所选专项行动。"]}
            )
    note = reason.strip()
    co = changes.pop("co_organisations", None)
    if co is not None:
        old = set(task.co_organisations.all())
        new = {o for o in co if o.pk != task.lead_organisation_id}
        if new != old:
            note += f"（配合单位：{names(old)} → {names(new)}）"
        else:
            co = None
    edited = apply_edit(
        task, changes, acting_user=acting_user, expected_version=expected_version, reason=note
    )
    if co is not None:
        edited.co_organisations.set(new)
    return edited


@transaction.atomic
def do_update_target(
    target: Target,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Target:
    """Correct a quantitative target of a task (its subject, quantity, unit, year)."""
    unknown = set(changes) - TARGET_EDITABLE
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    if not is_assigner(acting_user, target.task):
        raise PermissionDeniedError("只有交办单位可以修改量化目标。")
    quantity = changes.get("quantity")
    if quantity is not None and Decimal(quantity) <= 0:
        message = "目标数量必须大于 0。"
        raise XiaoanError(message, details={"quantity": [message]})
    return apply_edit(
        target, changes, acting_user=acting_user, expected_version=expected_version, reason=reason
    )
