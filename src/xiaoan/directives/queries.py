"""Read-side: derived task states (overdue, due soon, progress) and roll-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from xiaoan.core import clock
from xiaoan.core.formatting import quantity

from .calendar import workdays_between
from .choices import InstructionKind, InstructionState, RegisterKind, TaskStatus
from .models import Instruction, Target, Task

#: a task is "due soon" within this many working days of its deadline
DUE_SOON_WORKDAYS = 3
OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


def is_overdue(task: Task, today: dt.date | None = None) -> bool:
    day = today or clock.today()
    return task.status in OPEN_STATUSES and task.deadline is not None and task.deadline < day


def workdays_left(task: Task, today: dt.date | None = None) -> int | None:
    if task.deadline is None:
        return None
    return workdays_between(today or clock.today(), task.deadline)


def is_due_soon(task: Task, today: dt.date | None = None) -> bool:
    left = workdays_left(task, today)
    return (
        task.status in OPEN_STATUSES
        and left is not None
        and 0 <= left <= DUE_SOON_WORKDAYS
        and not is_overdue(task, today)
    )


def owned_by(organisation_id: int) -> Q:
    """Tasks an organisation leads or co-organises."""
    return Q(lead_organisation_id=organisation_id) | Q(co_organisations=organisation_id)


def overdue_filter(today: dt.date | None = None) -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__lt=today or clock.today())


def register_count(target: Target) -> Decimal:
    """The achieved quantity of a register-counted target (water sources in service
    commissioned in the target's year, within the task's area)."""
    from xiaoan.core.scoping import subtree_filter
    from xiaoan.places.choices import WaterSourceStatus
    from xiaoan.places.models import WaterSource

    year = target.year or clock.today().year
    count = WaterSource.objects.filter(
        subtree_filter("area__path", target.task.area.path),
        kind=target.counts,
        status=WaterSourceStatus.IN_SERVICE,
        commissioned_on__year=year,
    ).count()
    return Decimal(count)


def achieved(target: Target) -> Decimal:
    """The quantity achieved so far: counted from the register, or the latest report."""
    if target.counts != RegisterKind.NONE:
        return register_count(target)
    latest = target.reported.order_by("-report__date", "-report_id").first()
    return latest.achieved if latest else Decimal(0)


@dataclass
class TargetProgress:
    target: Target
    achieved: Decimal

    @property
    def percent(self) -> int:
        if not self.target.quantity:
            return 100
        return min(100, int(self.achieved * 100 / self.target.quantity))


def target_progress(task: Task) -> list[TargetProgress]:
    return [TargetProgress(t, achieved(t)) for t in task.targets.all()]


def progress_percent(task: Task, progress: list[TargetProgress] | None = None) -> int | None:
    """The task's one completion figure: the average completion of its targets,
    whatever its status (a task reported done with 12 of 20 buildings is 60 %)."""
    rows = target_progress(task) if progress is None else progress
    if not rows:
        return None
    return sum(r.percent for r in rows) // len(rows)


def unmet_targets(progress: list[TargetProgress]) -> str:
    """The targets not reached, as "住宅楼 12/20 栋；…", or "" when all are met."""
    return "；".join(
        f"{p.target.subject} {quantity(p.achieved)}/{quantity(p.target.quantity)} {p.target.unit}"
        for p in progress
        if p.achieved < p.target.quantity
    )


def rolled_up_state(instruction: Instruction, statuses: list[str]) -> str:
    """The state of an instruction from the statuses of its chain's tasks."""
    if instruction.kind == InstructionKind.READ:
        return InstructionState.READ
    if instruction.feedback:
        return InstructionState.FEEDBACK_GIVEN
    if not statuses:
        return InstructionState.OPEN
    if all(s == TaskStatus.CLOSED for s in statuses):
        return InstructionState.IMPLEMENTED
    if any(s != TaskStatus.OPEN for s in statuses):
        return InstructionState.IN_PROGRESS
    return InstructionState.OPEN


def instruction_states(instructions: list[Instruction]) -> dict[int, str]:
    """The state of each instruction, rolled up from the tasks of the instruction and
    of all its follow-ups (every task, whoever looks, so the list and the detail page
    agree). A constant number of queries per level of follow-ups, whatever the count."""
    parent_of: dict[int, int] = {}
    frontier = [i.pk for i in instructions]
    seen = set(frontier)
    while frontier:
        rows = list(
            Instruction.objects.filter(parent_id__in=frontier).values_list("pk", "parent_id")
        )
        parent_of.update(rows)
        frontier = [pk for pk, _parent in rows if pk not in seen]
        seen.update(frontier)

    def roots(pk: int) -> list[int]:
        """The instruction itself and every instruction above it, up the chain."""
        found = [pk]
        while pk in parent_of:
            pk = parent_of[pk]
            found.append(pk)
        return found

    statuses: dict[int, list[str]] = {i.pk: [] for i in instructions}
    for source_id, status in Task.objects.filter(instruction_id__in=seen).values_list(
        "instruction_id", "status"
    ):
        for pk in roots(source_id):
            if pk in statuses:
                statuses[pk].append(status)
    return {i.pk: rolled_up_state(i, statuses[i.pk]) for i in instructions}


def instruction_state(instruction: Instruction) -> str:
    """Rolled up from the tasks of the instruction and of its follow-ups."""
    return instruction_states([instruction])[instruction.pk]


def chain_ids(instruction: Instruction) -> list[int]:
    """The instruction and all its follow-ups, at any depth."""
    ids = [instruction.pk]
    frontier = [instruction.pk]
    while frontier:
        frontier = list(
            Instruction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def chain_tasks(instruction: Instruction) -> QuerySet[Task]:
    return Task.objects.filter(instruction_id__in=chain_ids(instruction))


def overdue_by_owner(tasks: QuerySet[Task], today: dt.date | None = None) -> list[dict[str, Any]]:
    """Overdue tasks counted per lead organisation, most first."""
    return list(
        tasks.filter(overdue_filter(today))
        .values("lead_organisation_id", "lead_organisation__name")
        .annotate(count=Count("id"))
        .order_by("-count", "lead_organisation__name")
    )
