"""Overdue on a past day: the deadline in force on that day, and the status then.

A task extended only after its deadline had passed was overdue until the
extension, and a briefing of that period says so whenever it is compiled; an
extension granted in time simply moves the deadline."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.briefings.figures import hazard_figures
from xiaoan.core import clock
from xiaoan.demo.directives import on_day
from xiaoan.directives import services
from xiaoan.directives.models import Task
from xiaoan.directives.overdue import Change, in_force, overdue_tasks_on

pytestmark = pytest.mark.django_db

XINGLONGTAI = "兴隆台区消防救援大队"
BASE = dt.date(2024, 1, 2)


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


def test_in_force_reads_the_last_change_made_by_the_day() -> None:
    changes = [Change(day(10), day(5), day(20)), Change(day(25), day(20), day(40))]
    assert in_force(day(40), changes, day(4)) == day(5)  # before any change: the original
    assert in_force(day(40), changes, day(10)) == day(20)
    assert in_force(day(40), changes, day(24)) == day(20)
    assert in_force(day(40), changes, day(30)) == day(40)
    assert in_force(day(7), [], day(1)) == day(7)


def office() -> User:
    return User.objects.get(username="office")


def brigade() -> User:
    return User.objects.get(username="xinglongtai")


def make_task(deadline: dt.date, created: dt.date = BASE, title: str = "排查高层住宅") -> Task:
    with on_day(created):
        return services.do_create_task(
            acting_user=office(),
            title=title,
            lead_organisation=Organisation.objects.get(name=XINGLONGTAI),
            deadline=deadline,
        )


def extend(task: Task, on: dt.date, to: dt.date) -> None:
    with on_day(on):
        services.do_extend_task(task, acting_user=office(), new_deadline=to, reason="申请延期")


def counted(task: Task, on: dt.date) -> bool:
    return bool(overdue_tasks_on(Task.objects.filter(pk=task.pk), on))


def test_an_extension_after_the_deadline_leaves_the_days_before_it_overdue() -> None:
    with override_settings(XIAOAN_TODAY="2024-03-04"), clock.scripted_day(BASE):
        task = make_task(deadline=dt.date(2024, 2, 20), created=dt.date(2024, 2, 1))
        extend(task, dt.date(2024, 3, 2), dt.date(2024, 3, 31))
        assert counted(task, dt.date(2024, 2, 20)) is False  # due that day
        assert counted(task, dt.date(2024, 2, 21)) is True
        assert counted(task, dt.date(2024, 2, 29)) is True
        assert counted(task, dt.date(2024, 3, 2)) is False  # extended that day
        assert counted(task, dt.date(2024, 3, 4)) is False


def test_an_extension_in_time_simply_moves_the_deadline() -> None:
    with override_settings(XIAOAN_TODAY="2024-03-04"), clock.scripted_day(BASE):
        task = make_task(deadline=dt.date(2024, 2, 20), created=dt.date(2024, 2, 1))
        extend(task, dt.date(2024, 2, 15), dt.date(2024, 3, 31))
        assert not any(counted(task, dt.date(2024, 2, d)) for d in range(1, 30))


def test_the_february_briefing_counts_a_task_extended_in_march() -> None:
    city = Area.objects.get(level=Area.Level.CITY)
    february = (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    march = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))

    def owners(start: dt.date, end: dt.date) -> dict[str, int]:
        return dict(hazard_figures(city, start, end).overdue_tasks)

    with override_settings(XIAOAN_TODAY="2024-03-04"):
        before = (owners(*february), owners(*march))
        with clock.scripted_day(BASE):
            late = make_task(dt.date(2024, 2, 20), dt.date(2024, 2, 1), "逾期后才延期的任务")
            in_time = make_task(dt.date(2024, 2, 20), dt.date(2024, 2, 1), "按时申请延期的任务")
            extend(late, dt.date(2024, 3, 2), dt.date(2024, 3, 31))
            extend(in_time, dt.date(2024, 2, 18), dt.date(2024, 3, 31))
        after = (owners(*february), owners(*march))
    assert after[0].get(XINGLONGTAI, 0) == before[0].get(XINGLONGTAI, 0) + 1
    # March is still running: counted as of today, when both are within their new deadline
    assert after[1].get(XINGLONGTAI, 0) == before[1].get(XINGLONGTAI, 0)


def test_a_task_done_after_the_day_was_still_overdue_on_it_and_counts_against_its_lead_then():
    street = Organisation.objects.get(name="盘锦市住房和城乡建设局")
    with override_settings(XIAOAN_TODAY="2024-03-04"), clock.scripted_day(BASE):
        task = make_task(deadline=dt.date(2024, 2, 10), created=dt.date(2024, 2, 1))
        with on_day("2024-02-25"):
            services.do_reassign_task(task, acting_user=office(), new_lead=street, reason="属地")
        with on_day("2024-03-01"):
            services.do_transition_task(task, "complete", acting_user=None)
        tasks = Task.objects.filter(pk=task.pk)
        on_20th = overdue_tasks_on(tasks, dt.date(2024, 2, 20))
        on_28th = overdue_tasks_on(tasks, dt.date(2024, 2, 28))
        assert [t.lead_organisation_id for t in on_20th] == [
            Organisation.objects.get(name=XINGLONGTAI).pk
        ]
        assert [t.lead_organisation_id for t in on_28th] == [street.pk]
        assert overdue_tasks_on(tasks, dt.date(2024, 3, 1)) == []  # reported done that day
        assert overdue_tasks_on(tasks, dt.date(2024, 1, 30)) == []  # not yet assigned


@st.composite
def histories(draw: Any) -> dict[str, Any]:
    """An original deadline, extensions granted one after another (some before,
    some after the deadline then in force), maybe a completion, and days to ask."""
    deadline = draw(st.integers(0, 30))
    grants, current, on = [], deadline, 0
    for gap, length in draw(
        st.lists(st.tuples(st.integers(0, 20), st.integers(1, 20)), max_size=3)
    ):
        on += gap
        new = max(current + 1, on) + length - 1
        grants.append((on, new))
        current = new
    done = draw(st.none() | st.integers(on, on + 40))
    asked = draw(st.lists(st.integers(-2, 110), min_size=1, max_size=6, unique=True))
    return {"deadline": deadline, "grants": grants, "done": done, "asked": asked}


def expected(history: dict[str, Any], asked: int) -> bool:
    """The invariant, by walking the days: overdue on D iff D is past the deadline in
    force on D (the last one granted by then) and the task was not done by D."""
    if asked < 0:
        return False  # not yet assigned
    deadline = history["deadline"]
    for on, new in history["grants"]:
        if on <= asked:
            deadline = new
    done = history["done"] is not None and history["done"] <= asked
    return asked > deadline and not done


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories())
def test_overdue_on_a_day_follows_the_deadline_in_force_that_day(history: dict[str, Any]) -> None:
    with ExitStack() as stack:
        stack.enter_context(transaction.atomic())
        stack.enter_context(override_settings(XIAOAN_TODAY=str(day(200))))
        stack.enter_context(clock.scripted_day(BASE))
        task = make_task(day(history["deadline"]))
        for on, new in history["grants"]:
            extend(task, day(on), day(new))
        if history["done"] is not None:
            with on_day(day(history["done"])):
                services.do_transition_task(task, "complete", acting_user=brigade())
        answers = {asked: counted(task, day(asked)) for asked in history["asked"]}
        transaction.set_rollback(True)
    assert answers == {asked: expected(history, asked) for asked in history["asked"]}
