"""Which tasks were overdue on a given day, as the monthly briefing counts them.

A task is overdue on day D when it existed on D, was not yet reported done by
the end of D, and D is past the deadline *in force on D*. The deadline in force
is the one set by the last extension granted on or before D; before any
extension it is the original deadline. So an extension granted before the
deadline simply moves it, while a task extended only after its deadline had
passed stays overdue for the days in between: a briefing of that period,
compiled later, still counts it. The lead unit is read the same way from the
task's changes of lead unit (改派), so a task is counted against the unit that
led it on D.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Q, QuerySet

from xiaoan.areas.models import Organisation
from xiaoan.core import clock

from .models import DeadlineExtension, Reassignment, Task
from .queries import OPEN_STATUSES

V = TypeVar("V")


@dataclass(frozen=True)
class Change(Generic[V]):
    """A value of a task replaced on a day: a deadline extended, a lead unit changed."""

    on: dt.date
    old: V
    new: V


def in_force(current: V, changes: Sequence[Change[V]], day: dt.date) -> V:
    """The value in force on `day`: set by the last change made on or before it,
    the first change's old value before any change, `current` if never changed.
    `changes` are in the order they were made."""
    made = [c for c in changes if c.on <= day]
    if made:
        return made[-1].new
    if changes:
        return changes[0].old
    return current


def overdue_on(deadline: dt.date | None, *, completed: bool, day: dt.date) -> bool:
    """The rule itself: past the deadline in force, and not reported done by then."""
    return not completed and deadline is not None and day > deadline


@dataclass(frozen=True)
class OverdueTask:
    task_id: int
    lead_organisation_id: int
    deadline: dt.date


def statuses_on(tasks: QuerySet[Task], day: dt.date) -> dict[int, str]:
    """The status at the end of `day` of the tasks that existed then: the current
    status, or the history's for a task changed since."""
    cutoff = clock.start_of_day(day + dt.timedelta(days=1))
    existing = tasks.filter(created_at__lt=cutoff).order_by()
    changed_since = set(
        Task.history.filter(history_date__gte=cutoff, id__in=existing.values("pk"))
        .values_list("id", flat=True)
        .distinct()
    )
    statuses = dict(
        existing.filter(Q(status__in=OPEN_STATUSES) | Q(pk__in=changed_since)).values_list(
            "pk", "status"
        )
    )
    then: dict[int, str] = {}
    for pk, status in (
        Task.history.filter(id__in=changed_since, history_date__lt=cutoff)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "status")
    ):
        then.setdefault(pk, status)
    return statuses | then


def overdue_tasks_on(tasks: QuerySet[Task], day: dt.date) -> list[OverdueTask]:
    """The tasks among `tasks` overdue on `day` (see the module's rule)."""
    statuses = statuses_on(tasks, day)
    open_ids = [pk for pk, status in statuses.items() if status in OPEN_STATUSES]
    extensions: dict[int, list[Change[dt.date | None]]] = defaultdict(list)
    for pk, at, old, new in (
        DeadlineExtension.objects.filter(task_id__in=open_ids)
        .order_by("task_id", "at", "id")
        .values_list("task_id", "at", "old_deadline", "new_deadline")
    ):
        extensions[pk].append(Change(clock.local_date(at), old, new))
    leads: dict[int, list[Change[int]]] = defaultdict(list)
    for pk, at, old_lead, new_lead in (
        Reassignment.objects.filter(task_id__in=open_ids)
        .order_by("task_id", "at", "id")
        .values_list("task_id", "at", "old_lead_id", "new_lead_id")
    ):
        leads[pk].append(Change(clock.local_date(at), old_lead, new_lead))
    found = []
    for pk, deadline, lead in (
        Task.objects.filter(pk__in=open_ids)
        .order_by("deadline", "id")
        .values_list("pk", "deadline", "lead_organisation_id")
    ):
        then = in_force(deadline, extensions[pk], day)
        if then is not None and overdue_on(then, completed=False, day=day):
            found.append(OverdueTask(pk, in_force(lead, leads[pk], day), then))
    return found


def overdue_by_owner_on(tasks: QuerySet[Task], day: dt.date) -> list[dict[str, Any]]:
    """Tasks overdue on `day` counted per lead unit, most first, in the shape of
    `queries.overdue_by_owner`. A day still to come is counted as of today."""
    day = min(day, clock.today())
    counts = Counter(t.lead_organisation_id for t in overdue_tasks_on(tasks, day))
    names = dict(Organisation.objects.filter(pk__in=counts).values_list("pk", "name"))
    rows = [
        {"lead_organisation_id": pk, "lead_organisation__name": names.get(pk, ""), "count": n}
        for pk, n in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["count"], r["lead_organisation__name"]))
