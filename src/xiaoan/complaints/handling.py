"""Handling of 12345 work orders here: dispatch → reply → close, with returns,
chasing and the transition table `HANDLING_TRANSITIONS`.

The platform's own columns (工单状态, 承办单位, 回复内容 …) stay as the export
says and are overwritten by the next import; the handling fields written here
are never in `services.IMPORTED_FIELDS`, so a re-import keeps them.

Who is who:
- a *manager* holds `manage_complaints` (the detachment office) and the order
  lies within their area: dispatches, sends a reply back, closes, chases;
- a *handler* is a member of the organisation the order is dispatched to and
  holds `handle_complaints`: replies, returns a wrongly dispatched order,
  answers a chase.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from xiaoan.areas.models import Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.attachments import store_attachment
from xiaoan.core.errors import (
    InvalidTransitionError,
    PermissionDeniedError,
    StaleEditError,
    XiaoanError,
)
from xiaoan.core.notifications import notify
from xiaoan.core.scoping import ancestor_paths, subtree_filter
from xiaoan.core.versioning import STALE_MESSAGE, apply_edit, set_history_user
from xiaoan.directives.calendar import add_workdays
from xiaoan.directives.choices import ChaseChannel

from .choices import HandlingState
from .models import Complaint, ComplaintChase

H = HandlingState

MANAGER = "manager"
HANDLER = "handler"
EITHER = "either"

#: action → (states it may start from, state it leads to, who may do it)
HANDLING_TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "dispatch": (frozenset({H.PENDING, H.DISPATCHED}), H.DISPATCHED, MANAGER),
    "return": (frozenset({H.DISPATCHED}), H.PENDING, HANDLER),
    "reply": (frozenset({H.DISPATCHED}), H.REPLIED, EITHER),
    "reject_reply": (frozenset({H.REPLIED}), H.DISPATCHED, MANAGER),
    "close": (frozenset({H.REPLIED}), H.CLOSED, MANAGER),
}

ACTION_LABELS = {
    "dispatch": "分派",
    "return": "退回",
    "reply": "回复",
    "reject_reply": "退回重办",
    "close": "办结",
}

REFUSALS: dict[tuple[str, str], str] = {
    ("dispatch", H.REPLIED): "工单已回复，不能重新分派；如需重办请先“退回重办”。",
    ("dispatch", H.CLOSED): "工单已办结，不能再分派。",
    ("return", H.PENDING): "工单尚未分派，无需退回。",
    ("return", H.REPLIED): "工单已回复，不能退回。",
    ("return", H.CLOSED): "工单已办结，不能退回。",
    ("reply", H.PENDING): "工单尚未分派，不能回复。",
    ("reply", H.REPLIED): "工单已回复，等待办结。",
    ("reply", H.CLOSED): "工单已办结，不能再回复。",
    ("reject_reply", H.PENDING): "工单尚未回复，无需退回重办。",
    ("reject_reply", H.DISPATCHED): "工单尚未回复，无需退回重办。",
    ("reject_reply", H.CLOSED): "工单已办结，不能退回重办。",
    ("close", H.PENDING): "工单尚未分派和回复，不能办结。",
    ("close", H.DISPATCHED): "承办单位尚未回复，不能办结：须先回复，再办结。",
    ("close", H.CLOSED): "工单已办结。",
}

#: the kinds of organisation an order may be dispatched to
DISPATCH_KINDS = (
    Organisation.Kind.BRIGADE,
    Organisation.Kind.TOWNSHIP_OFFICE,
    Organisation.Kind.DEPARTMENT,
)


def default_workdays() -> int:
    return int(getattr(settings, "XIAOAN_COMPLAINT_DEADLINE_WORKDAYS", 5))


def deadline_from(day: dt.date, workdays: int) -> dt.date:
    """The handling deadline `workdays` working days (Chinese holiday calendar) after `day`."""
    return add_workdays(day, workdays)


def is_manager(user: User | None, complaint: Complaint) -> bool:
    if user is None:
        return True
    if not user.can(Permission.MANAGE_COMPLAINTS) or user.area is None:
        return False
    if complaint.area is None:
        return user.area.parent_id is None  # unplaced orders belong to the city
    return complaint.area.is_within(user.area)


def is_handler(user: User | None, complaint: Complaint) -> bool:
    if user is None:
        return True
    return (
        complaint.handling_organisation_id is not None
        and user.organisation_id == complaint.handling_organisation_id
        and user.can(Permission.HANDLE_COMPLAINTS)
    )


def may(user: User | None, complaint: Complaint, who: str) -> bool:
    if who == MANAGER:
        return is_manager(user, complaint)
    if who == HANDLER:
        return is_handler(user, complaint)
    return is_manager(user, complaint) or is_handler(user, complaint)


def allowed_actions(complaint: Complaint, user: User | None) -> list[str]:
    """The transitions this user may make on this order now (for the page's forms)."""
    return [
        action
        for action, (sources, _target, who) in HANDLING_TRANSITIONS.items()
        if complaint.handling_state in sources and may(user, complaint, who)
    ]


def dispatch_candidates(complaint: Complaint, user: User | None) -> QuerySet[Organisation]:
    """Organisations the order may go to: brigades, township offices and departments
    responsible for the order's area, one of its ancestors or an area below it
    (an order placed only at the district may go to a township in it), and
    within the dispatcher's own area."""
    qs = Organisation.objects.filter(kind__in=DISPATCH_KINDS)
    area = complaint.area
    if area is not None:
        scope = Q(area__path__in=ancestor_paths(area.path))
        qs = qs.filter(scope | subtree_filter("area__path", area.path))
    if user is not None:
        if user.area is None:
            return qs.none()
        qs = qs.filter(subtree_filter("area__path", user.area.path))
    return qs.select_related("area").order_by("area__path", "kind", "name")


def _locked(complaint: Complaint, expected_version: int | None) -> Complaint:
    current = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("area", "handling_organisation")
        .get(pk=complaint.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(STALE_MESSAGE.format(current=current.version, given=expected_version))
    return current


def _check(complaint: Complaint, action: str, acting_user: User | None) -> str:
    if action not in HANDLING_TRANSITIONS:
        raise InvalidTransitionError(f"未知操作：{action}")
    sources, target, who = HANDLING_TRANSITIONS[action]
    if complaint.handling_state not in sources:
        raise InvalidTransitionError(
            REFUSALS.get(
                (action, complaint.handling_state),
                f"工单当前办理状态为“{complaint.get_handling_state_display()}”，"
                f"不能{ACTION_LABELS[action]}。",
            )
        )
    if may(acting_user, complaint, who):
        return target
    if who == MANAGER:
        raise PermissionDeniedError(
            f"您无权{ACTION_LABELS[action]}此工单：需要“导入、分派 12345 工单”权限，"
            "且工单在您的辖区内。"
        )
    unit = complaint.handling_organisation
    raise PermissionDeniedError(
        f"只有承办单位“{unit.name if unit else '—'}”的办理人员可以{ACTION_LABELS[action]}此工单。"
    )


def _save(complaint: Complaint, target: str, acting_user: User | None, reason: str) -> Complaint:
    complaint.handling_state = target
    complaint.version += 1
    complaint.updated_at = clock.now()
    set_history_user(complaint, acting_user, reason=reason)
    complaint.save()
    return complaint


def _members(organisation_id: int | None) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def _link(complaint: Complaint) -> str:
    return f"/complaints/{complaint.pk}/"


@transaction.atomic
def do_dispatch(
    complaint: Complaint,
    *,
    acting_user: User | None,
    expected_version: int | None,
    organisation: Organisation,
    workdays: int | None = None,
    deadline: dt.date | None = None,
    note: str = "",
) -> Complaint:
    """Dispatch (or re-dispatch) the order to an organisation responsible for its
    area, with a deadline in working days from today (or a given date). The
    organisation's members are notified."""
    complaint = _locked(complaint, expected_version)
    target = _check(complaint, "dispatch", acting_user)
    if not dispatch_candidates(complaint, acting_user).filter(pk=organisation.pk).exists():
        raise XiaoanError(
            f"不能分派给“{organisation.name}”：只能分派给工单所在区域（或其上级区域）"
            "负责的消防大队、乡镇街道或部门。"
        )
    today = clock.today()
    if deadline is None:
        days = default_workdays() if workdays is None else workdays
        if not 1 <= days <= 60:
            raise XiaoanError("办理时限须为 1 至 60 个工作日。")
        deadline = deadline_from(today, days)
    elif deadline < today:
        raise XiaoanError(f"办理期限 {deadline:%Y-%m-%d} 早于今天，请重新填写。")
    again = complaint.handling_state == H.DISPATCHED
    previous = complaint.handling_organisation
    complaint.handling_organisation = organisation
    complaint.dispatched_at = clock.now()
    complaint.dispatched_by = acting_user
    complaint.dispatch_note = note.strip()
    complaint.handling_deadline = deadline
    label = "重新分派" if again else "分派"
    _save(complaint, target, acting_user, f"{label}给{organisation.name}")
    notify(
        _members(organisation.pk),
        title=f"12345 工单待办理：{complaint.number}",
        body=f"{complaint.title or complaint.content[:60]}；办理期限：{deadline:%Y-%m-%d}"
        + (f"；分派意见：{note.strip()}" if note.strip() else ""),
        link=_link(complaint),
        kind="complaint_dispatched",
    )
    if again and previous is not None and previous.pk != organisation.pk:
        notify(
            _members(previous.pk),
            title=f"12345 工单已改派：{complaint.number}",
            body=f"已改派给{organisation.name}，无需再办理。",
            link="",
            kind="complaint_redispatched",
        )
    return complaint


@transaction.atomic
def do_return(
    complaint: Complaint, *, acting_user: User | None, expected_version: int | None, reason: str
) -> Complaint:
    """The handling organisation sends a wrongly dispatched order back to the
    dispatcher (it is no longer theirs to see unless it lies in their area)."""
    complaint = _locked(complaint, expected_version)
    target = _check(complaint, "return", acting_user)
    if not reason.strip():
        raise XiaoanError("退回须说明原因（如：不属于本单位职责）。")
    unit = complaint.handling_organisation
    dispatcher = complaint.dispatched_by
    complaint.handling_organisation = None
    complaint.handling_deadline = None
    _save(complaint, target, acting_user, f"{unit.name if unit else ''}退回：{reason.strip()}")
    notify(
        [dispatcher] if dispatcher else [],
        title=f"12345 工单被退回：{complaint.number}",
        body=reason.strip(),
        link=_link(complaint),
        kind="complaint_returned",
    )
    return complaint


@transaction.atomic
def do_reply(
    complaint: Complaint,
    *,
    acting_user: User | None,
    expected_version: int | None,
    text: str,
    files: Sequence[tuple[str, IO[bytes]]] = (),
) -> Complaint:
    """Record the handling organisation's reply (text and optional evidence files);
    the dispatcher is told the order awaits closing."""
    complaint = _locked(complaint, expected_version)
    target = _check(complaint, "reply", acting_user)
    if not text.strip():
        raise XiaoanError("回复内容不能为空。")
    complaint.handling_reply = text.strip()
    complaint.handling_replied_at = clock.now()
    complaint.handling_replied_by = acting_user
    late = complaint.handling_deadline is not None and clock.today() > complaint.handling_deadline
    _save(complaint, target, acting_user, "回复（超期）" if late else "回复")
    # filed under the handling organisation's area: both it and the dispatcher above see it
    unit = complaint.handling_organisation
    area = unit.area if unit is not None else complaint.area
    for name, content in files:
        store_attachment(content, name=name, acting_user=acting_user, area=area, target=complaint)
    notify(
        [complaint.dispatched_by] if complaint.dispatched_by else [],
        title=f"12345 工单已回复，待办结：{complaint.number}",
        body=text.strip()[:200],
        link=_link(complaint),
        kind="complaint_replied",
    )
    return complaint


@transaction.atomic
def do_reject_reply(
    complaint: Complaint, *, acting_user: User | None, expected_version: int | None, reason: str
) -> Complaint:
    """The dispatcher finds the reply insufficient and sends the order back to the
    handling organisation (退回重办); the deadline stays."""
    complaint = _locked(complaint, expected_version)
    target = _check(complaint, "reject_reply", acting_user)
    if not reason.strip():
        raise XiaoanError("退回重办须说明原因。")
    _save(complaint, target, acting_user, f"退回重办：{reason.strip()}")
    notify(
        _members(complaint.handling_organisation_id),
        title=f"12345 工单退回重办：{complaint.number}",
        body=reason.strip(),
        link=_link(complaint),
        kind="complaint_reply_rejected",
    )
    return complaint


@transaction.atomic
def do_close(
    complaint: Complaint, *, acting_user: User | None, expected_version: int | None
) -> Complaint:
    """Close the order after its reply (办结); only a manager, never the handler alone."""
    complaint = _locked(complaint, expected_version)
    target = _check(complaint, "close", acting_user)
    complaint.handling_closed_at = clock.now()
    complaint.handling_closed_by = acting_user
    _save(complaint, target, acting_user, "办结")
    notify(
        _members(complaint.handling_organisation_id),
        title=f"12345 工单已办结：{complaint.number}",
        link=_link(complaint),
        kind="complaint_closed",
    )
    return complaint


@transaction.atomic
def do_chase(
    complaint: Complaint,
    *,
    acting_user: User | None,
    note: str = "",
    channel: str = ChaseChannel.INBOX,
) -> ComplaintChase:
    """Chase (督办) the handling organisation: logged, its members notified."""
    complaint = _locked(complaint, None)
    if not is_manager(acting_user, complaint):
        raise PermissionDeniedError("只有分派工单的单位（支队办公室）可以督办。")
    if complaint.handling_state != H.DISPATCHED or complaint.handling_organisation is None:
        raise InvalidTransitionError(
            f"工单当前办理状态为“{complaint.get_handling_state_display()}”，"
            "只有已分派、尚未回复的工单可以督办。"
        )
    if channel not in ChaseChannel.values:
        raise XiaoanError(f"督办方式“{channel}”无效。")
    chase = ComplaintChase(
        complaint=complaint,
        by=acting_user,
        to=complaint.handling_organisation,
        channel=channel,
        note=note.strip() or "请抓紧办理并回复。",
    )
    set_history_user(chase, acting_user)
    chase.save()
    deadline = complaint.handling_deadline
    notify(
        _members(chase.to_id),
        title=f"督办 12345 工单：{complaint.number}",
        body=chase.note + (f"（办理期限 {deadline:%Y-%m-%d}）" if deadline else ""),
        link=_link(complaint),
        kind="complaint_chased",
    )
    return chase


@transaction.atomic
def do_answer_chase(
    chase: ComplaintChase, *, acting_user: User | None, expected_version: int, answer: str
) -> ComplaintChase:
    """The chased organisation answers (e.g. when it will reply)."""
    if acting_user is not None and acting_user.organisation_id != chase.to_id:
        raise PermissionDeniedError("只有被督办单位可以答复督办。")
    if not answer.strip():
        raise XiaoanError("答复内容不能为空。")
    answered = apply_edit(
        chase,
        {"answer": answer.strip()},
        acting_user=acting_user,
        expected_version=expected_version,
        reason="答复督办",
    )
    notify(
        [chase.by] if chase.by else [],
        title=f"督办已答复：{chase.complaint.number}",
        body=answer.strip()[:200],
        link=_link(chase.complaint),
        kind="complaint_chase_answered",
    )
    return answered
