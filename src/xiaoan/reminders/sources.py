"""The reminders of tasks and hazards, and the daily digest of each organisation.

Thresholds: due soon (a task within its last working days, a hazard within its
last days) and overdue. The deadline is part of the threshold, so a deadline
that is moved is reminded again; a record reminded as overdue is not reminded
again every day (the digest keeps counting it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count

from xiaoan.areas.models import Organisation, User
from xiaoan.core import clock
from xiaoan.directives import queries as task_queries
from xiaoan.directives.models import Task
from xiaoan.hazards import queries as hazard_queries
from xiaoan.hazards.models import Hazard

from .models import ReminderKind
from .registry import Reminder, register_source

#: a hazard is "due soon" within this many days of its deadline
HAZARD_DUE_SOON_DAYS = 3
#: how far ahead to look for tasks due within their last working days (long holidays)
TASK_LOOKAHEAD_DAYS = 15


def members_of(organisation_ids: Iterable[int | None]) -> dict[int, tuple[User, ...]]:
    found: dict[int, list[User]] = defaultdict(list)
    ids = {pk for pk in organisation_ids if pk}
    for user in User.objects.filter(organisation_id__in=ids, is_active=True):
        assert user.organisation_id is not None
        found[user.organisation_id].append(user)
    return {pk: tuple(users) for pk, users in found.items()}


@register_source("tasks")
def task_reminders(today: dt.date) -> Iterator[Reminder]:
    tasks = list(
        Task.objects.filter(
            status__in=task_queries.OPEN_STATUSES,
            deadline__isnull=False,
            deadline__lte=today + dt.timedelta(days=TASK_LOOKAHEAD_DAYS),
        ).only("pk", "title", "deadline", "status", "lead_organisation_id")
    )
    members = members_of(t.lead_organisation_id for t in tasks)
    for task in tasks:
        assert task.deadline is not None
        if task.deadline < today:
            threshold, title = "overdue", f"任务已逾期：{task.title}"
        elif task_queries.is_due_soon(task, today):
            left = task_queries.workdays_left(task, today)
            threshold, title = "due_soon", f"任务临近期限（还剩 {left} 个工作日）：{task.title}"
        else:
            continue
        yield Reminder(
            ReminderKind.TASKS,
            f"task:{task.pk}",
            f"{threshold}@{task.deadline}",
            members.get(task.lead_organisation_id, ()),
            title,
            f"期限：{task.deadline:%Y-%m-%d}",
            f"/tasks/{task.pk}/",
        )


@register_source("hazards")
def hazard_reminders(today: dt.date) -> Iterator[Reminder]:
    hazards = list(
        Hazard.objects.filter(
            state__in=hazard_queries.OPEN_STATES,
            deadline__isnull=False,
            deadline__lte=today + dt.timedelta(days=HAZARD_DUE_SOON_DAYS),
        )
        .select_related("place", "found_by")
        .only(
            "pk",
            "deadline",
            "category",
            "place__name",
            "responsible_organisation_id",
            "found_by__organisation_id",
        )
    )
    members = members_of(
        [h.responsible_organisation_id for h in hazards]
        + [h.found_by.organisation_id for h in hazards]
    )
    for hazard in hazards:
        assert hazard.deadline is not None
        overdue = hazard.deadline < today
        recipients = members.get(hazard.responsible_organisation_id or 0, ()) + members.get(
            hazard.found_by.organisation_id or 0, ()
        )
        what = f"{hazard.place.name} · {hazard.get_category_display()}"
        yield Reminder(
            ReminderKind.HAZARDS,
            f"hazard:{hazard.pk}",
            f"{'overdue' if overdue else 'due_soon'}@{hazard.deadline}",
            recipients,
            f"隐患整改已逾期：{what}" if overdue else f"隐患整改临近期限：{what}",
            f"整改期限：{hazard.deadline:%Y-%m-%d}",
            f"/hazards/{hazard.pk}/",
        )


#: a dispatched 12345 order is "due soon" within this many working days of its deadline
COMPLAINT_DUE_SOON_WORKDAYS = 1


@register_source("complaints")
def complaint_reminders(today: dt.date) -> Iterator[Reminder]:
    from xiaoan.complaints.choices import HandlingState
    from xiaoan.complaints.handling_queries import workdays_left
    from xiaoan.complaints.models import Complaint

    orders = list(
        Complaint.objects.filter(
            handling_state=HandlingState.DISPATCHED,
            handling_deadline__isnull=False,
            handling_deadline__lte=today + dt.timedelta(days=TASK_LOOKAHEAD_DAYS),
        ).only(
            "pk",
            "number",
            "title",
            "handling_state",
            "handling_deadline",
            "handling_organisation_id",
        )
    )
    members = members_of(o.handling_organisation_id for o in orders)
    for order in orders:
        assert order.handling_deadline is not None
        left = workdays_left(order, today)
        if order.handling_deadline < today:
            threshold, title = "overdue", f"12345 工单办理已超期：{order.number}"
        elif left is not None and left <= COMPLAINT_DUE_SOON_WORKDAYS:
            threshold, title = "due_soon", f"12345 工单临近办理时限：{order.number}"
        else:
            continue
        yield Reminder(
            ReminderKind.COMPLAINTS,
            f"complaint:{order.pk}",
            f"{threshold}@{order.handling_deadline}",
            members.get(order.handling_organisation_id or 0, ()),
            title,
            f"{order.title or ''} 办理时限：{order.handling_deadline:%Y-%m-%d}".strip(),
            f"/complaints/{order.pk}/",
        )


@register_source("digest")
def daily_digests(today: dt.date) -> Iterator[Reminder]:
    """One summary a day per organisation with something open, after the digest hour."""
    if (
        today == clock.today()
        and clock.now().astimezone(clock.LOCAL_TZ).hour < settings.XIAOAN_DIGEST_HOUR
    ):
        return
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue_tasks = (
        Task.objects.filter(task_queries.overdue_filter(today))
        .order_by()
        .values_list("lead_organisation_id")
        .annotate(n=Count("id"))
    )
    for pk, n in overdue_tasks:
        counts[pk]["overdue_tasks"] = n
    soon = Task.objects.filter(
        status__in=task_queries.OPEN_STATUSES,
        deadline__gte=today,
        deadline__lte=today + dt.timedelta(days=TASK_LOOKAHEAD_DAYS),
    ).only("pk", "deadline", "status", "lead_organisation_id")
    for task in soon:
        if task_queries.is_due_soon(task, today):
            counts[task.lead_organisation_id]["due_soon_tasks"] += 1
    overdue_hazards = (
        Hazard.objects.filter(
            hazard_queries.overdue_filter(today), responsible_organisation__isnull=False
        )
        .order_by()
        .values_list("responsible_organisation_id")
        .annotate(n=Count("id"))
    )
    for pk, n in overdue_hazards:
        counts[pk]["overdue_hazards"] = n
    members = members_of(counts)
    names = dict(Organisation.objects.filter(pk__in=counts).values_list("pk", "name"))
    for pk, figures in counts.items():
        lines = digest_lines(figures)
        if not lines or pk not in members:
            continue
        yield Reminder(
            ReminderKind.DIGEST,
            f"organisation:{pk}",
            today.isoformat(),
            members[pk],
            f"{names.get(pk, '')}每日汇总（{today:%m月%d日}）",
            "；".join(lines) + "。",
            "/tasks/?overdue=true",
        )


def digest_lines(figures: dict[str, Any]) -> list[str]:
    labels = [
        ("overdue_tasks", "逾期任务 {} 项"),
        ("due_soon_tasks", "临期任务 {} 项"),
        ("overdue_hazards", "逾期未整改隐患 {} 处"),
    ]
    return [text.format(figures[key]) for key, text in labels if figures.get(key)]
