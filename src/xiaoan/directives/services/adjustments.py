"""Deadline extensions (延期) and changes of lead unit (改派) of a task.

Both are decisions of the assigning unit with a stated reason, not corrections:
each leaves its own row (DeadlineExtension, Reassignment) besides the task's
history entry, and the units concerned are told. The original deadline stays
readable from the rows, so a task extended after it was already overdue is
still counted overdue for the days before the extension (`directives.overdue`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet

from xiaoan.areas.models import Organisation, User
from xiaoan.core import clock
from xiaoan.core.errors import (
    InvalidTransitionError,
    PermissionDeniedError,
    StaleEditError,
    XiaoanError,
)
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import STALE_MESSAGE, set_history_user

from ..choices import TaskStatus
from ..models import DeadlineExtension, Reassignment, Task
from .common import save_new
from .tasks import is_assigner

#: the task's history entry of an extension / a reassignment starts with these
#: (the timeline shows the extension's own row instead)
EXTENSION_NOTE = "延期："
REASSIGNMENT_NOTE = "改派："
REASON_MAX = 200


def members(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def locked_task(task: Task, expected_version: int | None) -> Task:
    current = (
        Task.objects.select_for_update().select_related("lead_organisation", "area").get(pk=task.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(STALE_MESSAGE.format(current=current.version, given=expected_version))
    return current


def checked_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise XiaoanError(f"请填写{what}原因。", details={"reason": [f"请填写{what}原因。"]})
    if len(reason) > REASON_MAX:
        raise XiaoanError(
            f"{what}原因不能超过 {REASON_MAX} 字。", details={"reason": ["内容过长。"]}
        )
    return reason


def check_open(task: Task, what: str) -> None:
    if task.status == TaskStatus.CLOSED:
        raise InvalidTransitionError(f"任务已销号，不能{what}。")
    if task.status == TaskStatus.DONE:
        raise InvalidTransitionError(
            f"任务已报完成、等待核验，不能{what}；如需{what}请先退回重办。"
        )


def save_task(task: Task, acting_user: User | None, note: str) -> None:
    task.version += 1
    task.updated_at = clock.now()
    set_history_user(task, acting_user, reason=note)
    task.save()


@transaction.atomic
def do_extend_task(
    task: Task,
    *,
    acting_user: User | None,
    new_deadline: dt.date | None,
    reason: str,
    expected_version: int | None = None,
) -> DeadlineExtension:
    """The assigning unit moves a task's deadline later (延期), saying why; the lead
    unit is told. The old deadline is kept on the extension's row."""
    if not is_assigner(acting_user, task):
        raise PermissionDeniedError("只有交办单位可以批准任务延期。")
    task = locked_task(task, expected_version)
    check_open(task, "延期")
    reason = checked_reason(reason, "延期")
    if new_deadline is None:
        raise XiaoanError("请填写新期限。", details={"new_deadline": ["请填写新期限。"]})
    old = task.deadline
    if old is not None and new_deadline <= old:
        message = f"新期限须晚于原期限（{old:%Y-%m-%d}）。"
        raise XiaoanError(message, details={"new_deadline": [message]})
    if new_deadline < clock.today():
        message = "新期限不能早于今天。"
        raise XiaoanError(message, details={"new_deadline": [message]})
    extension = save_new(
        DeadlineExtension(
            task=task, old_deadline=old, new_deadline=new_deadline, reason=reason, by=acting_user
        ),
        acting_user,
    )
    task.deadline = new_deadline
    save_task(task, acting_user, f"{EXTENSION_NOTE}{reason}")
    was = f"由{old:%Y-%m-%d}" if old else ""
    notify(
        members(task.lead_organisation_id),
        title=f"任务延期：{task.title}",
        body=f"期限{was}延至{new_deadline:%Y-%m-%d}。原因：{reason}",
        link=f"/tasks/{task.pk}/",
        kind="task_extended",
    )
    return extension


@transaction.atomic
def do_reassign_task(
    task: Task,
    *,
    acting_user: User | None,
    new_lead: Organisation | None,
    reason: str,
    expected_version: int | None = None,
) -> Reassignment:
    """The assigning unit hands a task to another lead unit (改派), saying why; the
    old and the new lead unit are both told."""
    if not is_assigner(acting_user, task):
        raise PermissionDeniedError("只有交办单位可以改派任务。")
    task = locked_task(task, expected_version)
    check_open(task, "改派")
    reason = checked_reason(reason, "改派")
    if new_lead is None:
        raise XiaoanError("请选择新牵头单位。", details={"new_lead": ["请选择新牵头单位。"]})
    old_lead = task.lead_organisation
    if new_lead.pk == old_lead.pk:
        message = f"新牵头单位与原牵头单位（{old_lead.name}）相同。"
        raise XiaoanError(message, details={"new_lead": [message]})
    if not task.area.is_within(new_lead.area):
        message = f"任务区域“{task.area.name}”不在牵头单位“{new_lead.name}”的辖区内。"
        raise XiaoanError(message, details={"new_lead": [message]})
    reassignment = save_new(
        Reassignment(
            task=task, old_lead=old_lead, new_lead=new_lead, reason=reason, by=acting_user
        ),
        acting_user,
    )
    task.lead_organisation = new_lead
    save_task(task, acting_user, f"{REASSIGNMENT_NOTE}{reason}")
    # the new lead no longer helps with its own task
    task.co_organisations.remove(new_lead)
    link = f"/tasks/{task.pk}/"
    notify(
        members(old_lead.pk),
        title=f"任务已改派：{task.title}",
        body=f"改由{new_lead.name}牵头办理。原因：{reason}",
        link=link,
        kind="task_reassigned_away",
    )
    notify(
        members(new_lead.pk),
        title=f"改派任务：{task.title}",
        body=f"原牵头单位：{old_lead.name}；交办单位：{task.assigning_organisation.name}"
        + (f"；期限：{task.deadline:%Y-%m-%d}" if task.deadline else "")
        + f"。原因：{reason}",
        link=link,
        kind="task_reassigned",
    )
    return reassignment
