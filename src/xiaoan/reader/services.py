"""Confirming a reading: the accepted proposals become records through the
services of the supervision desk and of hazard elimination, in one transaction,
as the acting user, in their area, with history; the reading itself is kept
with its content hash so the same text is never created twice."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.directives import services as directives
from xiaoan.directives.choices import InstructionKind
from xiaoan.directives.models import Instruction
from xiaoan.hazards.services import do_record_visit

from .choices import CreatedKind
from .fields import _accepted, _date, _text
from .figures import attach_figures
from .models import BriefingReading, ReadingRecord
from .proposals import addressees, content_hash, guess_level, meeting_level, source_kind

UNANNOUNCED = ("四不两直", "明察暗访", "暗访")


class AlreadyConfirmedError(XiaoanError):
    """The same text was confirmed before in this area; nothing new is created."""

    status = 409
    code = "already_confirmed"

    def __init__(self, reading: BriefingReading) -> None:
        who = (
            reading.confirmed_by.full_name or reading.confirmed_by.username
            if reading.confirmed_by
            else "系统"
        )
        super().__init__(
            f"这份文本已于 {clock.local(reading.created_at):%Y-%m-%d %H:%M} 由{who}确认导入，未重复创建记录。",
            details={"reading": reading.pk},
        )
        self.reading = reading


@transaction.atomic
def do_confirm_reading(
    *,
    acting_user: User | None,
    text: str,
    proposals: dict[str, Any],
    source_name: str = "",
    area: Area | None = None,
) -> BriefingReading:
    """Create the accepted proposals (each with `"accept": true`) as records.

    `proposals` has the reader's JSON shape, possibly edited by the person;
    refused as a whole (nothing created) if any accepted proposal is invalid,
    or if the same text was already confirmed in this area.
    """
    area = area or (acting_user.area if acting_user is not None else None)
    if area is None:
        raise XiaoanError("无法确定导入的区域。")
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    digest = content_hash(text)
    earlier = BriefingReading.objects.filter(area=area, content_hash=digest).first()
    if earlier is not None:
        raise AlreadyConfirmedError(earlier)
    document = proposals.get("document") or {}
    reading = BriefingReading(
        title=str(document.get("title") or "")[:300],
        document_date=_date(document.get("date"), "成文日期", required=False),
        source_name=source_name[:200],
        text=text,
        content_hash=digest,
        proposals=proposals,
        confirmed_by=acting_user,
        area=area,
    )
    try:
        with transaction.atomic():
            directives.save_new(reading, acting_user)
    except IntegrityError:  # confirmed at the same moment by someone else
        raise AlreadyConfirmedError(
            BriefingReading.objects.get(area=area, content_hash=digest)
        ) from None
    attached: set[int] = set()
    created = _create_records(reading, proposals, acting_user, area, attached)
    reading.note = _note(proposals, skip=attached)
    if not created and not reading.note:
        raise XiaoanError("没有勾选任何建议，未创建记录。")
    reading.save(update_fields=["note"])
    return reading


def _link(
    reading: BriefingReading,
    kind: str,
    label: str,
    span: Any,
    acting_user: User | None,
    **target: Any,
) -> None:
    start, end = [*span, 0, 0][:2] if isinstance(span, list | tuple) else (0, 0)
    directives.save_new(
        ReadingRecord(
            reading=reading,
            kind=kind,
            label=label[:300],
            span_start=max(int(start), 0),
            span_end=max(int(end), 0),
            **target,
        ),
        acting_user,
    )


def _leader_user(name: str) -> User | None:
    candidates = list(User.objects.filter(full_name__in={name, name[-2:]}, is_active=True)[:2])
    return candidates[0] if len(candidates) == 1 else None


def _create_records(
    reading: BriefingReading,
    proposals: dict[str, Any],
    acting_user: User | None,
    area: Area,
    attached: set[int],
) -> int:
    """Create the accepted records; the indexes of statistics kept with an
    instruction are added to `attached`."""
    count = 0
    instructions: dict[int, Instruction] = {}
    for index, record in _accepted(proposals.get("instructions", [])):
        where = f"第{index + 1}条批示"
        kind = record.get("kind") or InstructionKind.INSTRUCTION
        if kind not in InstructionKind.values:
            raise XiaoanError(f"{where}的类型“{kind}”无法识别。")
        parent = None
        if kind == InstructionKind.FOLLOW_UP:
            follows = record.get("follows")
            parent = (
                instructions.get(int(follows))
                if isinstance(follows, int | str) and str(follows).isdigit()
                else None
            )
            if parent is None:
                raise XiaoanError(f"{where}是跟批，但它所跟的批示没有勾选导入。")
        leader = _text(record.get("leader"), where, "领导")
        created = directives.do_record_instruction(
            acting_user=acting_user,
            date=_date(record.get("date"), where),  # type: ignore[arg-type]
            leader_name=leader,
            leader_title=str(record.get("leader_title") or ""),
            leader=_leader_user(leader),
            kind=kind,
            parent=parent,
            source_title=str(record.get("source") or "")[:300],
            source_kind=source_kind(record.get("source"), False),
            text=str(record.get("text") or ""),
            addressees=addressees(record.get("text"))[:300],
            area=area,
        )
        instructions[index] = created
        _link(
            reading,
            CreatedKind.INSTRUCTION,
            str(created),
            record.get("span"),
            acting_user,
            instruction=created,
        )
        attached |= attach_figures(proposals, record.get("span"), created, acting_user)
        count += 1
    for index, record in _accepted(proposals.get("meetings", [])):
        count += _create_meeting(reading, index, record, acting_user, area)
    for index, record in _accepted(proposals.get("documents", [])):
        where = f"第{index + 1}份文件"
        title = _text(record.get("title"), where, "标题")
        deadline = _date(record.get("deadline"), where, required=False)
        specs = (
            [directives.RequirementSpec(text=f"按期落实《{title}》", deadline=deadline)]
            if deadline
            else []
        )
        created_document = directives.do_record_document(
            acting_user=acting_user,
            title=title,
            issuer=str(record.get("issuer") or ""),
            level=record.get("level") or guess_level(record.get("issuer"), title),
            area=area,
            requirements=specs,
        )
        _link(
            reading,
            CreatedKind.DOCUMENT,
            str(created_document),
            record.get("span"),
            acting_user,
            document=created_document,
        )
        count += 1
    for index, record in _accepted(proposals.get("inspections", [])):
        if not str(record.get("leader") or "").strip():
            continue  # no leader, no supervision visit: kept in the note
        where = f"第{index + 1}次检查"
        dates = [_date(d, where) for d in record.get("dates") or []]
        if not dates:
            raise XiaoanError(f"{where}没有日期。")
        leader = _text(record.get("leader"), where, "带队领导")
        method = str(record.get("method") or "")
        found = record.get("hazards_found")
        notes = "；".join(
            part
            for part in (
                "检查日期：" + "、".join(f"{d:%Y-%m-%d}" for d in dates if d),
                f"发现火灾隐患或问题 {found} 处" if found not in (None, "") else "",
                ("处置：" + "、".join(record.get("enforcement") or []))
                if record.get("enforcement")
                else "",
            )
            if part
        )
        visit = do_record_visit(
            acting_user=acting_user,
            date=min(d for d in dates if d),
            leader_name=leader,
            leader_title=str(record.get("leader_title") or ""),
            title=f"{leader}带队{method or ''}督导检查",
            unannounced=method in UNANNOUNCED,
            area=area,
            notes=notes,
        )
        _link(reading, CreatedKind.VISIT, str(visit), record.get("span"), acting_user, visit=visit)
        count += 1
    return count


def _create_meeting(
    reading: BriefingReading,
    index: int,
    record: dict[str, Any],
    acting_user: User | None,
    area: Area,
) -> int:
    where = f"第{index + 1}个会议"
    items = [
        (n, item) for n, item in enumerate(record.get("items") or []) if item.get("accept", True)
    ]
    specs = [
        directives.RequirementSpec(
            text=_text(item.get("text"), f"{where}第{n + 1}项", "内容"),
            deadline=_date(item.get("deadline"), f"{where}第{n + 1}项", required=False),
        )
        for n, item in items
    ]
    meeting = directives.do_record_meeting(
        acting_user=acting_user,
        date=_date(record.get("date"), where),  # type: ignore[arg-type]
        level=record.get("level") or meeting_level(reading.text, record),
        title=_text(record.get("title"), where, "名称")[:300],
        area=area,
        items=specs,
    )
    _link(
        reading, CreatedKind.MEETING, str(meeting), record.get("span"), acting_user, meeting=meeting
    )
    created = 1
    requirements = list(meeting.items.order_by("number"))
    for requirement, (n, item) in zip(requirements, items, strict=True):
        targets = item.get("targets") or []
        if not targets:
            continue
        if acting_user is None or acting_user.organisation is None:
            raise XiaoanError(f"{where}第{n + 1}项带有数量目标，需要所属单位才能生成任务。")
        specs_t = []
        for target in targets:
            try:
                quantity = Decimal(str(target.get("quantity")))
            except InvalidOperation:
                raise XiaoanError(
                    f"{where}第{n + 1}项的目标数量“{target.get('quantity')}”不是数字。"
                ) from None
            specs_t.append(
                directives.TargetSpec(
                    subject=_text(target.get("object"), f"{where}第{n + 1}项", "目标对象"),
                    quantity=quantity,
                    unit=str(target.get("unit") or ""),
                    year=meeting.date.year,
                )
            )
        task = directives.do_create_task(
            acting_user=acting_user,
            title=requirement.text[:300],
            lead_organisation=acting_user.organisation,
            deadline=requirement.deadline,
            requirement=requirement,
            targets=specs_t,
        )
        _link(reading, CreatedKind.TASK, str(task), item.get("span"), acting_user, task=task)
        created += 1
    return created


def _note(proposals: dict[str, Any], skip: frozenset[int] | set[int] = frozenset()) -> str:
    """Statistics and deadlines that have no record of their own, as lines of text."""
    lines = []
    for index, stat in _accepted(proposals.get("statistics", [])):
        if index in skip:
            continue
        extras = []
        if stat.get("as_of"):
            extras.append(f"截至{stat['as_of']}")
        if stat.get("change_pct") not in (None, ""):
            basis = {"yoy": "同比", "mom": "环比"}.get(stat.get("basis") or "", "")
            extras.append(f"{basis}{float(stat['change_pct']):+g}%")
        suffix = f"（{'，'.join(extras)}）" if extras else ""
        lines.append(
            f"统计：{stat.get('text', '')} {stat.get('count', '')}{stat.get('unit', '')}{suffix}"
        )
    for _, deadline in _accepted(proposals.get("deadlines", [])):
        lines.append(f"期限：{deadline.get('date', '')} {deadline.get('text', '')}")
    for _, inspection in _accepted(proposals.get("inspections", [])):
        if not str(inspection.get("leader") or "").strip():
            found = inspection.get("hazards_found")
            lines.append(
                "检查："
                + "、".join(str(d) for d in inspection.get("dates") or [])
                + (f" {inspection['method']}" if inspection.get("method") else "")
                + (f"，发现隐患 {found} 处" if found not in (None, "") else "")
                + (
                    "，" + "、".join(inspection["enforcement"])
                    if inspection.get("enforcement")
                    else ""
                )
            )
    return "\n".join(lines)
