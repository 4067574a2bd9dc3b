"""The hazard lifecycle: found → rectifying → rectified (with evidence) → closed
(verified by someone other than who reported the fix) → reopened if a re-check fails.

`HAZARD_TRANSITIONS` is the table; every move is in the hazard's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO, Any

from django.db import transaction

from xiaoan.areas.models import User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core import clock
from xiaoan.core.attachments import store_attachment
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import apply_edit, set_history_user

from ..choices import HazardState, Severity
from ..models import Hazard, Rectification, gb35181_version_on

H = HazardState

#: action → (states it may start from, state it leads to, permission needed)
HAZARD_TRANSITIONS: dict[str, tuple[frozenset[str], str, tuple[str, ...]]] = {
    "start": (
        frozenset({H.FOUND, H.REOPENED}),
        H.RECTIFYING,
        (Permission.INSPECT, Permission.SELF_INSPECT),
    ),
    "report_fixed": (
        frozenset({H.FOUND, H.RECTIFYING, H.REOPENED}),
        H.RECTIFIED,
        (Permission.INSPECT, Permission.SELF_INSPECT),
    ),
    "verify": (frozenset({H.RECTIFIED}), H.CLOSED, (Permission.VERIFY_HAZARDS,)),
    "reject": (frozenset({H.RECTIFIED}), H.RECTIFYING, (Permission.VERIFY_HAZARDS,)),
    "reopen": (frozenset({H.CLOSED}), H.REOPENED, (Permission.VERIFY_HAZARDS,)),
}

ACTION_LABELS = {
    "start": "开始整改",
    "report_fixed": "报告整改完成",
    "verify": "验收销号",
    "reject": "验收不通过",
    "reopen": "复查未通过，重新整改",
}

REFUSALS: dict[tuple[str, str], str] = {
    ("verify", H.FOUND): "隐患尚未报告整改完成，不能销号。",
    ("verify", H.RECTIFYING): "隐患尚未报告整改完成，不能销号。",
    ("verify", H.REOPENED): "隐患尚未报告整改完成，不能销号。",
    ("verify", H.CLOSED): "隐患已销号。",
    ("report_fixed", H.RECTIFIED): "已报告整改完成，等待验收。",
    ("report_fixed", H.CLOSED): "隐患已销号。",
    ("reopen", H.FOUND): "只有已销号的隐患才能因复查未通过而重新整改。",
}


def allowed_actions(hazard: Hazard, user: User | None) -> list[str]:
    actions = []
    for action, (sources, _target, permissions) in HAZARD_TRANSITIONS.items():
        if hazard.state not in sources:
            continue
        if user is not None and not any(user.can(p) for p in permissions):
            continue
        if action in ("verify", "reject") and user is not None and hazard.fixed_by_id == user.pk:
            continue
        actions.append(action)
    return actions


def check_move(hazard: Hazard, action: str, acting_user: User | None) -> str:
    if action not in HAZARD_TRANSITIONS:
        raise InvalidTransitionError(f"未知操作：{action}")
    sources, target, permissions = HAZARD_TRANSITIONS[action]
    if hazard.state not in sources:
        raise InvalidTransitionError(
            REFUSALS.get(
                (action, hazard.state),
                f"隐患当前状态为“{hazard.get_state_display()}”，不能{ACTION_LABELS[action]}。",
            )
        )
    if acting_user is not None:
        if not any(acting_user.can(p) for p in permissions):
            raise PermissionDeniedError(f"您的角色无权{ACTION_LABELS[action]}。")
        check_permission(acting_user, Permission.VIEW, hazard.area)
    return target


def move(hazard: Hazard, target: str, acting_user: User | None, reason: str) -> Hazard:
    hazard.state = target
    hazard.version += 1
    hazard.updated_at = clock.now()
    set_history_user(hazard, acting_user, reason=reason)
    hazard.save()
    return hazard


def locked(hazard: Hazard) -> Hazard:
    return Hazard.objects.select_for_update().select_related("place").get(pk=hazard.pk)


@transaction.atomic
def do_start_rectifying(hazard: Hazard, *, acting_user: User | None) -> Hazard:
    hazard = locked(hazard)
    target = check_move(hazard, "start", acting_user)
    return move(hazard, target, acting_user, ACTION_LABELS["start"])


@transaction.atomic
def do_report_fixed(
    hazard: Hazard,
    *,
    acting_user: User,
    text: str,
    photos: Sequence[tuple[str, IO[bytes]]] = (),
    on: dt.date | None = None,
) -> Rectification:
    """Report the fix with evidence: a description and at least one after-photo or document."""
    hazard = locked(hazard)
    target = check_move(hazard, "report_fixed", acting_user)
    if not text.strip():
        raise XiaoanError("请说明整改情况。")
    if not photos:
        raise XiaoanError("报告整改完成须上传整改后的照片或证明材料。")
    rectification = Rectification(
        hazard=hazard, reported_by=acting_user, reported_on=on or clock.today(), text=text
    )
    set_history_user(rectification, acting_user)
    rectification.save()
    for name, content in photos:
        store_attachment(
            content, name=name, acting_user=acting_user, area=hazard.area, target=rectification
        )
    hazard.fixed_by = acting_user
    move(hazard, target, acting_user, ACTION_LABELS["report_fixed"])
    return rectification


@transaction.atomic
def do_verify(hazard: Hazard, *, acting_user: User | None, accept: bool, note: str = "") -> Hazard:
    """Close the hazard (accept) or send it back (reject). The verifier cannot be
    the person who reported the fix."""
    hazard = locked(hazard)
    action = "verify" if accept else "reject"
    target = check_move(hazard, action, acting_user)
    if acting_user is not None and hazard.fixed_by_id == acting_user.pk:
        raise PermissionDeniedError("验收人不能是报告整改的人：须由他人验收。")
    if not accept and not note.strip():
        raise XiaoanError("验收不通过须写明原因。")
    latest = hazard.rectifications.order_by("-reported_on", "-id").first()
    if latest is not None:
        latest.verdict = "accepted" if accept else "rejected"
        latest.verdict_note = note
        set_history_user(latest, acting_user)
        latest.save(update_fields=["verdict", "verdict_note"])
    if accept:
        hazard.closed_by = acting_user
        hazard.closed_on = clock.today()
    moved = move(hazard, target, acting_user, ACTION_LABELS[action] + (f"：{note}" if note else ""))
    if not accept:
        notify(
            User.objects.filter(pk=hazard.fixed_by_id),
            title=f"隐患整改验收不通过：{hazard}",
            body=note,
            link=f"/hazards/{hazard.pk}/",
            kind="hazard_rejected",
        )
    return moved


@transaction.atomic
def do_reopen(hazard: Hazard, *, acting_user: User | None, reason: str) -> Hazard:
    hazard = locked(hazard)
    target = check_move(hazard, "reopen", acting_user)
    if not reason.strip():
        raise XiaoanError("重新整改须写明复查情况。")
    hazard.closed_on = None
    hazard.closed_by = None
    return move(hazard, target, acting_user, f"{ACTION_LABELS['reopen']}：{reason}")


#: what the edit page and PATCH may correct; the deadline and the responsible
#: unit change only by 延期 and 改派 (services.changes), which keep their own
#: record and tell the units concerned
HAZARD_FIELDS = {
    "description",
    "responsible_party",
    "severity",
    "major_element",
    "category",
}
ROUTED_ELSEWHERE = {
    "deadline": "整改期限请通过“延期”办理，须写明延期原因。",
    "responsible_organisation": "责任单位请通过“改派”办理，须写明改派原因。",
}
#: change → (refusal on a closed hazard, refusal for a role without the permission)
CHANGE_REFUSALS = {
    "edit": (
        "隐患已销号，不能再修改；如复查发现问题，请先“复查未通过，重新整改”。",
        "您的角色无权修改隐患。",
    ),
    "extend": ("隐患已销号，不能再延期。", "您的角色无权为隐患延期。"),
    "reassign": ("隐患已销号，不能再改派。", "您的角色无权改派隐患。"),
}


#: the history keeps a change's reason in 100 characters
HISTORY_REASON_MAX = 100


def checked_reason(reason: str, *, limit: int = HISTORY_REASON_MAX, required: str = "") -> str:
    """The reason stripped; refused when longer than the history keeps, or
    missing when `required` (the refusal) is given."""
    reason = (reason or "").strip()
    if required and not reason:
        raise XiaoanError(required, details={"reason": [required]})
    if len(reason) > limit:
        message = f"原因不能超过 {limit} 字。"
        raise XiaoanError(message, details={"reason": [message]})
    return reason


def check_may_change(hazard: Hazard, acting_user: User | None, change: str) -> None:
    """The hazard is open and `acting_user` may inspect in its area (`change` is
    one of CHANGE_REFUSALS: edit, extend, reassign)."""
    closed, forbidden = CHANGE_REFUSALS[change]
    if hazard.state == H.CLOSED:
        raise InvalidTransitionError(closed)
    if acting_user is not None:
        if not acting_user.can(Permission.INSPECT):
            raise PermissionDeniedError(forbidden)
        check_permission(acting_user, Permission.INSPECT, hazard.area)


def may_change(hazard: Hazard, user: User) -> bool:
    """Whether the detail page offers 修改, 延期 and 改派 to `user`."""
    return hazard.state != H.CLOSED and user.can(Permission.INSPECT)


@transaction.atomic
def do_update_hazard(
    hazard: Hazard,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Hazard:
    """Correct a hazard's plain fields (description, category, severity …) while it
    is open; the reason goes into its history."""
    for name, refusal in ROUTED_ELSEWHERE.items():
        if name in changes:
            raise XiaoanError(refusal, details={name: [refusal]})
    unknown = set(changes) - HAZARD_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_may_change(hazard, acting_user, "edit")
    reason = checked_reason(reason)
    severity = changes.get("severity", hazard.severity)
    if severity == Severity.MAJOR:
        if not str(changes.get("major_element", hazard.major_element)).strip():
            raise XiaoanError(
                "重大火灾隐患须写明依据 GB 35181 判定的要素。",
                details={"major_element": ["重大火灾隐患须写明判定要素。"]},
            )
        changes["gb35181_version"] = gb35181_version_on(hazard.found_on)
    elif "severity" in changes:
        changes["major_element"] = ""
        changes["gb35181_version"] = ""
    return apply_edit(
        hazard,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
    )
