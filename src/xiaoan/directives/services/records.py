"""Recording instructions (and their feedback), meetings and documents with their requirements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit

from ..choices import InstructionKind
from ..models import Document, Instruction, Meeting, Requirement
from .common import save_new


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
        reason="落实反馈",
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
