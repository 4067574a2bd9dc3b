"""Tasks: creation, the transition table `TASK_TRANSITIONS`, edits, progress and chasing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.roles import Permission, Role
from xiaoan.areas.services import check_permission
from xiaoan.core import clock
from xiaoan.core.attachments import store_attachment
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import apply_edit, set_history_user

from ..choices import ChaseChannel, TaskStatus
from ..models import (
    Campaign,
    Chase,
    Instruction,
    Phase,
    ProgressQuantity,
    ProgressReport,
    Requirement,
    Target,
    Task,
)
from ..queries import target_progress, unmet_targets
from .common import save_new

S = TaskStatus


@dataclass
class TargetSpec:
    subject: str
    quantity: Decimal | int
    unit: str
    counts: str = ""
    year: int | None = None


def actor_organisation(acting_user: User | None, fallback: Organisation | None) -> Organisation:
    organisation = acting_user.organisation if acting_user is not None else fallback
    if organisation is None:
        raise XiaoanError("交办单位不明：您的账户没有所属单位。")
    return organisation


@transaction.atomic
def do_create_task(
    *,
    acting_user: User | None,
    title: str,
    lead_organisation: Organisation,
    deadline: dt.date | None = None,
    area: Area | None = None,
    description: str = "",
    co_organisations: Iterable[Organisation] = (),
    instruction: Instruction | None = None,
    requirement: Requirement | None = None,
    campaign: Campaign | None = None,
    phase: Phase | None = None,
    targets: Sequence[TargetSpec] = (),
    recurrence: str = "",
    recurrence_start: dt.date | None = None,
    recurrence_time: dt.time | None = None,
    assigning_organisation: Organisation | None = None,
) -> Task:
    """Assign a task to a lead organisation. Its area defaults to the lead
    organisation's and must lie within it, so the owner always sees its task."""
    area = area or lead_organisation.area
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    if not area.is_within(lead_organisation.area):
        raise XiaoanError(f"任务区域“{area.name}”不在牵头单位“{lead_organisation.name}”的辖区内。")
    if phase is not None and campaign is None:
        campaign = phase.campaign
    if phase is not None and phase.campaign_id != campaign.pk:  # type: ignore[union-attr]
        raise XiaoanError("阶段不属于所选专项行动。")
    if recurrence and recurrence_start is None:
        raise XiaoanError("重复任务需要开始日期。")
    if not title.strip():
        raise XiaoanError("任务名称不能为空。")
    task = save_new(
        Task(
            title=title.strip(),
            description=description,
            lead_organisation=lead_organisation,
            assigning_organisation=assigning_organisation or actor_organisation(acting_user, None),
            area=area,
            deadline=deadline,
            instruction=instruction,
            requirement=requirement,
            campaign=campaign,
            phase=phase,
            recurrence=recurrence,
            recurrence_start=recurrence_start,
            recurrence_time=recurrence_time,
        ),
        acting_user,
    )
    co = [o for o in co_organisations if o.pk != lead_organisation.pk]
    if co:
        task.co_organisations.set(co)
    for spec in targets:
        if Decimal(spec.quantity) <= 0:
            raise XiaoanError(f"目标“{spec.subject}”的数量必须大于 0。")
        save_new(
            Target(
                task=task,
                subject=spec.subject,
                quantity=spec.quantity,
                unit=spec.unit,
                counts=spec.counts,
                year=spec.year,
            ),
            acting_user,
        )
    members = User.objects.filter(organisation=lead_organisation, is_active=True)
    notify(
        members,
        title=f"新任务：{task.title}",
        body=f"交办单位：{task.assigning_organisation.name}"
        + (f"；期限：{deadline:%Y-%m-%d}" if deadline else ""),
        link=f"/tasks/{task.pk}/",
        kind="task_assigned",
    )
    return task


def is_owner(user: User | None, task: Task, *, co_counts: bool = False) -> bool:
    if user is None:
        return True
    if user.organisation_id == task.lead_organisation_id:
        return True
    if not co_counts or user.organisation_id is None:
        return False
    return task.co_organisations.filter(pk=user.organisation_id).exists()


def is_assigner(user: User | None, task: Task) -> bool:
    if user is None:
        return True
    if not user.can(Permission.ASSIGN_TASKS):
        return False
    return user.has_role(Role.ADMIN) or user.organisation_id == task.assigning_organisation_id


#: action → (states it may start from, state it leads to, who may do it)
TASK_TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "start": (frozenset({S.OPEN}), S.IN_PROGRESS, "owner"),
    "complete": (frozenset({S.OPEN, S.IN_PROGRESS}), S.DONE, "owner"),
    "verify": (frozenset({S.DONE}), S.CLOSED, "assigner"),
    "reopen": (frozenset({S.DONE, S.CLOSED}), S.IN_PROGRESS, "assigner"),
}

ACTION_LABELS = {
    "start": "开始办理",
    "complete": "报完成",
    "verify": "核验销号",
    "reopen": "退回重办",
}

REFUSALS: dict[tuple[str, str], str] = {
    ("verify", S.OPEN): "任务尚未报完成，不能销号。",
    ("verify", S.IN_PROGRESS): "任务尚未报完成，不能销号。",
    ("verify", S.CLOSED): "任务已销号。",
    ("complete", S.DONE): "任务已报完成，等待交办单位核验。",
    ("complete", S.CLOSED): "任务已销号。",
    ("start", S.IN_PROGRESS): "任务已在办理中。",
    ("reopen", S.OPEN): "任务尚未报完成，无需退回。",
    ("reopen", S.IN_PROGRESS): "任务尚未报完成，无需退回。",
}


def allowed_actions(task: Task, user: User | None) -> list[str]:
    """The transitions this user may make on this task now (for buttons)."""
    actions = []
    for action, (sources, _target, who) in TASK_TRANSITIONS.items():
        if task.status not in sources:
            continue
        if who == "owner" and not (
            is_owner(user, task) and (user is None or user.can(Permission.REPORT_PROGRESS))
        ):
            continue
        if who == "assigner" and not is_assigner(user, task):
            continue
        if action == "verify" and user is not None and is_owner(user, task):
            continue
        actions.append(action)
    return actions


@transaction.atomic
def do_transition_task(
    task: Task, action: str, *, acting_user: User | None, reason: str = ""
) -> Task:
    """Move a task along its lifecycle; an illegal move is a clear Chinese error."""
    if action not in TASK_TRANSITIONS:
        raise InvalidTransitionError(f"未知操作：{action}")
    task = Task.objects.select_for_update().get(pk=task.pk)
    sources, target, who = TASK_TRANSITIONS[action]
    if task.status not in sources:
        raise InvalidTransitionError(
            REFUSALS.get(
                (action, task.status),
                f"任务当前状态为“{task.get_status_display()}”，不能{ACTION_LABELS[action]}。",
            )
        )
    if who == "owner":
        if not is_owner(acting_user, task):
            raise PermissionDeniedError(
                f"只有牵头单位“{task.lead_organisation.name}”可以{ACTION_LABELS[action]}。"
            )
        if acting_user is not None and not acting_user.can(Permission.REPORT_PROGRESS):
            raise PermissionDeniedError("您的角色无权报告任务进展。")
    else:
        if acting_user is not None and is_owner(acting_user, task) and action == "verify":
            raise PermissionDeniedError("不能核验本单位承办的任务：须由交办单位对账销号。")
        if not is_assigner(acting_user, task):
            raise PermissionDeniedError(
                f"只有交办单位“{task.assigning_organisation.name}”可以{ACTION_LABELS[action]}。"
            )
    if action == "reopen" and not reason.strip():
        raise XiaoanError("退回重办须说明原因。")
    note = f"{ACTION_LABELS[action]}" + (f"：{reason}" if reason else "")
    if action in ("complete", "verify"):
        unmet = unmet_targets(target_progress(task))
        if unmet:
            # allowed (the owner may explain why), but said where everyone sees it
            note += f"（量化目标未完成：{unmet}）"
    task.status = target
    task.closed_at = clock.now() if target == S.CLOSED else None
    task.version += 1
    task.updated_at = clock.now()
    set_history_user(task, acting_user, reason=note)
    task.save()
    if action in ("verify", "reopen"):
        notify(
            User.objects.filter(organisation=task.lead_organisation_id, is_active=True),
            title=f"任务{ACTION_LABELS[action]}：{task.title}",
            body=reason,
            link=f"/tasks/{task.pk}/",
            kind=f"task_{action}",
        )
    elif action == "complete":
        notify(
            User.objects.filter(organisation=task.assigning_organisation_id, is_active=True),
            title=f"任务报完成，待核验：{task.title}",
            body=f"牵头单位：{task.lead_organisation.name}",
            link=f"/tasks/{task.pk}/",
            kind="task_done",
        )
    return task


@transaction.atomic
def do_report_progress(
    task: Task,
    *,
    acting_user: User | None,
    text: str,
    date: dt.date | None = None,
    quantities: Mapping[int, Decimal | int] | None = None,
    files: Sequence[tuple[str, IO[bytes]]] = (),
    organisation: Organisation | None = None,
) -> ProgressReport:
    """An owner (lead or co-organisation) reports progress: text, cumulative
    quantities per target, and evidence files. An open task moves to in progress."""
    if not is_owner(acting_user, task, co_counts=True):
        raise PermissionDeniedError("只有牵头或配合单位可以报告进展。")
    if acting_user is not None and not acting_user.can(Permission.REPORT_PROGRESS):
        raise PermissionDeniedError("您的角色无权报告任务进展。")
    if task.status == S.CLOSED:
        raise InvalidTransitionError("任务已销号，不能再报告进展。")
    if not text.strip():
        raise XiaoanError("进展内容不能为空。")
    report_org = organisation or (
        acting_user.organisation if acting_user else task.lead_organisation
    )
    report = save_new(
        ProgressReport(
            task=task,
            date=date or clock.today(),
            text=text,
            reported_by=acting_user,
            organisation=report_org,
        ),
        acting_user,
    )
    targets = {t.pk: t for t in task.targets.all()}
    for target_id, value in (quantities or {}).items():
        target = targets.get(int(target_id))
        if target is None:
            raise XiaoanError(f"目标 {target_id} 不属于此任务。")
        if target.counts:
            raise XiaoanError(f"目标“{target.subject}”按台账自动统计，不能手工填报。")
        if Decimal(value) < 0:
            raise XiaoanError(f"目标“{target.subject}”的完成数量不能为负数。")
        ProgressQuantity.objects.create(report=report, target=target, achieved=value)
    for name, content in files:
        store_attachment(content, name=name, acting_user=acting_user, area=task.area, target=report)
    if task.status == S.OPEN:
        task = Task.objects.select_for_update().get(pk=task.pk)
        task.status = S.IN_PROGRESS
        task.version += 1
        set_history_user(task, acting_user, reason="报告进展")
        task.save()
    return report


@transaction.atomic
def do_chase(
    task: Task,
    *,
    acting_user: User | None,
    note: str,
    channel: str = ChaseChannel.INBOX,
    to: Organisation | None = None,
) -> Chase:
    """Chase (督办) the owner: logged, and the owner's members are notified."""
    if not is_assigner(acting_user, task):
        raise PermissionDeniedError("只有交办单位可以督办此任务。")
    if task.status == S.CLOSED:
        raise InvalidTransitionError("任务已销号，无需督办。")
    target_org = to or task.lead_organisation
    chase = save_new(
        Chase(
            task=task,
            by=acting_user,
            to=target_org,
            channel=channel,
            note=note or "请抓紧办理并报告进展。",
        ),
        acting_user,
    )
    notify(
        User.objects.filter(organisation=target_org, is_active=True),
        title=f"督办：{task.title}",
        body=chase.note,
        link=f"/tasks/{task.pk}/",
        kind="task_chased",
    )
    return chase


@transaction.atomic
def do_answer_chase(
    chase: Chase, *, acting_user: User | None, expected_version: int, answer: str
) -> Chase:
    if acting_user is not None and acting_user.organisation_id != chase.to_id:
        raise PermissionDeniedError("只有被督办单位可以答复。")
    if not answer.strip():
        raise XiaoanError("答复内容不能为空。")
    return apply_edit(
        chase, {"answer": answer}, acting_user=acting_user, expected_version=expected_version
    )
