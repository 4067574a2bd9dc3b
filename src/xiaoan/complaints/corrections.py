"""Corrections of an order's handling record here: the dispatch note, the handling
deadline, the reply text, and the classification override.

Only corrections: the handling state moves through `handling.HANDLING_TRANSITIONS`
alone, and a field is correctable only once its step happened (a reply text only
after the reply). The platform's columns (`services.IMPORTED_FIELDS`) are never
edited here, since the next import owns them.

Who corrects what:
- a manager (the office that dispatches, `handling.is_manager`): the dispatch
  note once dispatched, the deadline while the order is being handled, the reply
  text once replied;
- the handling organisation (`handling.is_handler`): its own reply text until the
  order is closed;
- whoever may classify (`triage_services.check_may_decide`): the classification.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiaoan.areas.models import User
from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.versioning import apply_edit
from xiaoan.hazards.choices import HazardCategory

from .choices import ClassificationSource, HandlingState
from .handling import is_handler, is_manager
from .models import Complaint
from .services import IMPORTED_FIELDS
from .triage_services import check_may_decide

H = HandlingState

#: in the order the edit page shows them
CORRECTABLE = (
    "dispatch_note",
    "handling_deadline",
    "handling_reply",
    "fire_related",
    "hazard_category",
)
CLASSIFICATION = ("fire_related", "hazard_category")

LABELS = {
    "dispatch_note": "分派意见",
    "handling_deadline": "办理期限",
    "handling_reply": "办理答复",
    "fire_related": "涉及消防安全",
    "hazard_category": "隐患类别",
}

#: field → (states in which it may be corrected, what is said in another state)
WHEN: dict[str, tuple[frozenset[str], str]] = {
    "dispatch_note": (
        frozenset({H.DISPATCHED, H.REPLIED, H.CLOSED}),
        "工单尚未分派，没有分派意见可改；请通过“分派”填写。",
    ),
    "handling_deadline": (
        frozenset({H.DISPATCHED}),
        "只有已分派、尚未回复的工单可以更正办理期限。",
    ),
    "handling_reply": (
        frozenset({H.REPLIED, H.CLOSED}),
        "工单尚未回复，没有答复可改；请通过“回复”办理。",
    ),
}


def may_decide(user: User | None, complaint: Complaint) -> bool:
    try:
        check_may_decide(user, complaint)
    except PermissionDeniedError:
        return False
    return True


def may_correct(user: User | None, complaint: Complaint, name: str) -> bool:
    """Whether `user` may correct field `name` of the order in its present state."""
    if name in CLASSIFICATION:
        return may_decide(user, complaint)
    states, _ = WHEN[name]
    if complaint.handling_state not in states:
        return False
    if is_manager(user, complaint):
        return True
    return (
        name == "handling_reply"
        and complaint.handling_state == H.REPLIED
        and is_handler(user, complaint)
    )


def correctable_fields(complaint: Complaint, user: User | None) -> list[str]:
    """The handling fields this user may correct on this order now (the edit form's)."""
    return [name for name in CORRECTABLE if may_correct(user, complaint, name)]


def refusal(complaint: Complaint, name: str) -> XiaoanError:
    label = LABELS[name]
    if name in WHEN and complaint.handling_state not in WHEN[name][0]:
        return XiaoanError(f"不能修改{label}：{WHEN[name][1]}", details={name: [WHEN[name][1]]})
    return PermissionDeniedError(f"您无权修改此工单的{label}。")


def checked_classification(complaint: Complaint, changes: dict[str, Any]) -> dict[str, Any]:
    """The classification as `do_classify_complaint` keeps it: a fire-related order
    has a category (其他 if none is given), another has none; marked manual."""
    fire_related = changes.get("fire_related", complaint.fire_related)
    category = changes.get("hazard_category", complaint.hazard_category) or ""
    if fire_related is None:
        raise XiaoanError(
            "请选择是否涉及消防安全。", details={"fire_related": ["请选择是否涉及消防安全。"]}
        )
    if category and category not in HazardCategory.values:
        raise XiaoanError(f"隐患类别“{category}”不存在。")
    if fire_related and not category:
        category = HazardCategory.OTHER
    if not fire_related:
        category = ""
    return {
        "fire_related": fire_related,
        "hazard_category": category,
        "classified_by": ClassificationSource.MANUAL,
    }


@transaction.atomic
def do_correct_handling(
    complaint: Complaint,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Complaint:
    """Correct some handling fields of an order; a stale version is refused (every
    handling step moves the version, so the state checked here is the state saved)."""
    imported = sorted(set(changes) & set(IMPORTED_FIELDS))
    if imported:
        raise XiaoanError(
            f"不能修改 12345 平台导出的字段：{'、'.join(imported)}（以平台为准，重新导入时更新）。"
        )
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(unknown)}（办理状态只能通过办理操作改变）。")
    for name in changes:
        if not may_correct(acting_user, complaint, name):
            raise refusal(complaint, name)
    values = dict(changes)
    if "handling_reply" in values:
        values["handling_reply"] = str(values["handling_reply"] or "").strip()
        if not values["handling_reply"]:
            raise XiaoanError("办理答复不能为空。", details={"handling_reply": ["不能为空。"]})
    if "dispatch_note" in values:
        values["dispatch_note"] = str(values["dispatch_note"] or "").strip()
    if "handling_deadline" in values:
        deadline = values["handling_deadline"]
        if deadline is None:
            raise XiaoanError("办理期限不能为空。", details={"handling_deadline": ["不能为空。"]})
        dispatched = clock.local_date(complaint.dispatched_at) if complaint.dispatched_at else None
        if dispatched is not None and deadline < dispatched:
            message = f"办理期限 {deadline:%Y-%m-%d} 早于分派日期 {dispatched:%Y-%m-%d}。"
            raise XiaoanError(message, details={"handling_deadline": [message]})
    if any(name in values for name in CLASSIFICATION):
        values |= checked_classification(complaint, values)
    return apply_edit(
        complaint,
        values,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
    )
