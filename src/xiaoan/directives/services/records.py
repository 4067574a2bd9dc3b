"""Recording instructions (and their feedback), meetings and documents with their requirements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit

from ..choices import InstructionKind
from ..models import Document, Instruction, Meeting, Requirement
from .common import save_new
from .editing import edit_record, merged, refuse

INSTRUCTION_EDITABLE = frozenset(
    {
        "date",
        "leader_name",
        "leader_title",
        "kind",
        "source_title",
        "source_kind",
        "text",
        "addressees",
        "feedback",
        "feedback_date",
    }
)
MEETING_EDITABLE = frozenset({"date", "level", "title", "host", "attendees", "summary"})
DOCUMENT_EDITABLE = frozenset(
    {"title", "issuer", "number", "date", "level", "summary", "follow_through"}
)
REQUIREMENT_EDITABLE = frozenset({"text", "deadline"})


@transaction.atomic
def do_record_instruction(
    *,
    acting_user: User | None,
    date: dt.date,
    leader_name: str,
    area: Area,
    kind: str = InstructionKind.INSTRUCTION,
    leader: User | None = None,
    leader_title: str = "",
    parent: Instruction | None = None,
    source_title: str = "",
    source_kind: str = "other",
    text: str = "",
    addressees: str = "",
) -> Instruction:
    """Record a leader's instruction, follow-up (on `parent`) or read-only circulation."""
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    if kind == InstructionKind.FOLLOW_UP and parent is None:
        raise XiaoanError("跟批必须指明所跟的批示。")
    if kind != InstructionKind.FOLLOW_UP and parent is not None:
        raise XiaoanError("只有跟批可以指明所跟的批示。")
    if parent is not None and date < parent.date:
        raise XiaoanError("跟批日期不能早于所跟批示的日期。")
    if kind != InstructionKind.READ and not text.strip():
        raise XiaoanError("批示内容不能为空（圈阅除外）。")
    return save_new(
        Instruction(
            date=date,
            leader=leader,
            leader_name=leader_name,
            leader_title=leader_title,
            kind=kind,
            parent=parent,
            source_title=source_title,
            source_kind=source_kind,
            text=text,
            addressees=addressees,
            area=area,
        ),
        acting_user,
    )


@transaction.atomic
def do_record_feedback(
    instruction: Instruction,
    *,
    acting_user: User | None,
    expected_version: int,
    feedback: str,
    date: dt.date,
    reason: str = "",
) -> Instruction:
    """Record the feedback given to the leader on how the instruction was implemented."""
    check_permission(acting_user, Permission.ASSIGN_TASKS, instruction.area)
    if not feedback.strip():
        raise XiaoanError("反馈内容不能为空。")
    return apply_edit(
        instruction,
        {"feedback": feedback, "feedback_date": date},
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason.strip() or "落实反馈",
    )


@dataclass
class RequirementSpec:
    text: str
    deadline: dt.date | None = None


def add_requirements(
    parent: Meeting | Document, specs: Sequence[RequirementSpec], acting_user: User | None
) -> list[Requirement]:
    start = (parent.items if isinstance(parent, Meeting) else parent.requirements).count()
    created = []
    for offset, spec in enumerate(specs, start=1):
        if not spec.text.strip():
            raise XiaoanError(f"第{start + offset}项内容不能为空。")
        requirement = Requirement(
            number=start + offset, text=spec.text, deadline=spec.deadline, area=parent.area
        )
        if isinstance(parent, Meeting):
            requirement.meeting = parent
        else:
            requirement.document = parent
        created.append(save_new(requirement, acting_user))
    return created


@transaction.atomic
def do_record_meeting(
    *,
    acting_user: User | None,
    date: dt.date,
    level: str,
    title: str,
    area: Area,
    host: str = "",
    attendees: str = "",
    summary: str = "",
    items: Sequence[RequirementSpec] = (),
) -> Meeting:
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    meeting = save_new(
        Meeting(
            date=date,
            level=level,
            title=title,
            area=area,
            host=host,
            attendees=attendees,
            summary=summary,
        ),
        acting_user,
    )
    add_requirements(meeting, items, acting_user)
    return meeting


@transaction.atomic
def do_record_document(
    *,
    acting_user: User | None,
    title: str,
    level: str,
    area: Area,
    issuer: str = "",
    number: str = "",
    date: dt.date | None = None,
    summary: str = "",
    follow_through: str = "",
    requirements: Sequence[RequirementSpec] = (),
) -> Document:
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    document = save_new(
        Document(
            title=title.strip("《》"),
            level=level,
            area=area,
            issuer=issuer,
            number=number,
            date=date,
            summary=summary,
            follow_through=follow_through,
        ),
        acting_user,
    )
    add_requirements(document, requirements, acting_user)
    return document


# ----- corrections -----


@transaction.atomic
def do_update_instruction(
    instruction: Instruction,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Instruction:
    """Correct an instruction; the rules of recording one still hold (a follow-up
    keeps its parent and is not dated before it, follow-ups are not dated before
    it, only a circulation may have no text, feedback is not dated before it)."""
    kind = merged(instruction, changes, "kind")
    date = merged(instruction, changes, "date")
    if kind == InstructionKind.FOLLOW_UP and instruction.parent_id is None:
        raise refuse(Instruction, "kind", "跟批必须指明所跟的批示，此条不是跟批。")
    if kind != InstructionKind.FOLLOW_UP and instruction.parent_id is not None:
        raise refuse(Instruction, "kind", "此条跟在另一条批示之后，只能是跟批。")
    parent = instruction.parent
    if date is not None and parent is not None and date < parent.date:
        raise refuse(
            Instruction, "date", f"跟批日期不能早于所跟批示的日期（{parent.date:%Y-%m-%d}）。"
        )
    earliest = instruction.follow_ups.order_by("date").first()
    if date is not None and earliest is not None and date > earliest.date:
        raise refuse(
            Instruction, "date", f"不能晚于跟批“{earliest}”的日期（{earliest.date:%Y-%m-%d}）。"
        )
    if kind != InstructionKind.READ and not str(merged(instruction, changes, "text")).strip():
        raise refuse(Instruction, "text", "批示内容不能为空（圈阅除外）。")
    if "leader_name" in changes and not str(changes["leader_name"] or "").strip():
        raise refuse(Instruction, "leader_name", "不能为空。")
    feedback_date = merged(instruction, changes, "feedback_date")
    if feedback_date is not None and date is not None and feedback_date < date:
        raise refuse(Instruction, "feedback_date", "反馈日期不能早于批示日期。")
    return edit_record(
        instruction,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        editable=INSTRUCTION_EDITABLE,
        permission=Permission.ASSIGN_TASKS,
        area=instruction.area,
    )


@transaction.atomic
def do_update_meeting(
    meeting: Meeting,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Meeting:
    """Correct a meeting's date, level, title, host, attendees or content."""
    if "title" in changes and not str(changes["title"] or "").strip():
        raise refuse(Meeting, "title", "不能为空。")
    return edit_record(
        meeting,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        editable=MEETING_EDITABLE,
        permission=Permission.ASSIGN_TASKS,
        area=meeting.area,
    )


@transaction.atomic
def do_update_document(
    document: Document,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Document:
    """Correct an incoming document's title, issuer, number, date, level or follow-through."""
    if "title" in changes:
        changes["title"] = str(changes["title"] or "").strip().strip("《》")
        if not changes["title"]:
            raise refuse(Document, "title", "不能为空。")
    return edit_record(
        document,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        editable=DOCUMENT_EDITABLE,
        permission=Permission.ASSIGN_TASKS,
        area=document.area,
    )


@transaction.atomic
def do_update_requirement(
    requirement: Requirement,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Requirement:
    """Correct a numbered item's text or deadline (not before its meeting's or document's date)."""
    if "text" in changes and not str(changes["text"] or "").strip():
        raise refuse(Requirement, "text", "不能为空。")
    source = requirement.meeting or requirement.document
    deadline = changes.get("deadline")
    source_date = getattr(source, "date", None)
    if deadline is not None and source_date is not None and deadline < source_date:
        what = "会议" if requirement.meeting_id else "文件"
        raise refuse(Requirement, "deadline", f"期限不能早于{what}日期（{source_date:%Y-%m-%d}）。")
    return edit_record(
        requirement,
        changes,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        editable=REQUIREMENT_EDITABLE,
        permission=Permission.ASSIGN_TASKS,
        area=requirement.area,
    )
