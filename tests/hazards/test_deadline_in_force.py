"""Overdue on a past day uses the deadline in force that day: an extension made
later does not clear a day that was overdue, one made earlier does. The SQL
condition the briefing and the dashboard count with is checked against a
day-by-day replay of generated extension histories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hazards.conftest import local
from xiaoan.briefings.figures import overdue_at_end
from xiaoan.core import clock
from xiaoan.hazards.choices import HazardState
from xiaoan.hazards.deadlines import deadline_in_force, was_overdue_on
from xiaoan.hazards.models import Hazard
from xiaoan.hazards.queries import overdue_on_filter, overdue_on_parts
from xiaoan.hazards.services import do_extend_deadline

pytestmark = pytest.mark.django_db

D = dt.date
FOUND = D(2024, 3, 1)


def extend_on(hazard: Hazard, day: dt.date, new: dt.date, user: Any, reason: str = "延期") -> None:
    with clock.scripted_day(day):
        do_extend_deadline(hazard, acting_user=user, new_deadline=new, reason=reason)


def overdue_days(hazard: Hazard, days: list[dt.date]) -> list[dt.date]:
    one = Hazard.objects.filter(pk=hazard.pk)
    return [day for day in days if one.filter(overdue_on_filter(day)).exists()]


def test_an_extension_granted_in_time_clears_the_days_after_the_old_deadline(make_hazard, brigade):
    hazard = make_hazard(at=local(2024, 3, 1), deadline=D(2024, 3, 5))
    extend_on(hazard, D(2024, 3, 4), D(2024, 3, 20), brigade)
    days = [D(2024, 3, d) for d in range(1, 25)]
    assert overdue_days(hazard, days) == [D(2024, 3, d) for d in range(21, 25)]


def test_an_extension_granted_late_keeps_the_days_it_was_overdue(make_hazard, brigade):
    hazard = make_hazard(at=local(2024, 3, 1), deadline=D(2024, 3, 5))
    extend_on(hazard, D(2024, 3, 12), D(2024, 3, 25), brigade)
    days = [D(2024, 3, d) for d in range(1, 31)]
    # 6–11 March were past the deadline then in force; the 12th the new one holds
    assert overdue_days(hazard, days) == [D(2024, 3, d) for d in (6, 7, 8, 9, 10, 11)] + [
        D(2024, 3, d) for d in range(26, 31)
    ]


def test_the_briefing_counts_a_past_period_with_the_deadline_then_in_force(
    make_hazard, brigade, settings
):
    hazard = make_hazard(at=local(2024, 2, 1), deadline=D(2024, 2, 20))
    extend_on(hazard, D(2024, 3, 3), D(2024, 3, 31), brigade)
    settings.XIAOAN_TODAY = "2024-03-04"
    one = Hazard.objects.filter(pk=hazard.pk)
    # at the end of February it was overdue (extended only in March) …
    assert overdue_at_end(one, D(2024, 2, 29)) == 1
    # … and now it is not: the current deadline is 31 March
    assert overdue_at_end(one, D(2024, 3, 31)) == 0


def test_the_first_deadline_set_by_extension_leaves_earlier_days_without_one(make_hazard, brigade):
    hazard = make_hazard(at=local(2024, 3, 1))
    assert hazard.deadline is None
    extend_on(hazard, D(2024, 3, 10), D(2024, 3, 15), brigade)
    assert overdue_days(hazard, [D(2024, 3, d) for d in range(1, 20)]) == [
        D(2024, 3, d) for d in range(16, 20)
    ]


#: one extension: days after the previous one (or the finding) it is made, and
#: how many days later than the earliest allowed deadline it sets
EXTENSION = st.tuples(st.integers(0, 9), st.integers(0, 6))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first_deadline=st.one_of(st.none(), st.integers(0, 12)),
    extensions=st.lists(EXTENSION, max_size=4),
    closed_after=st.one_of(st.none(), st.integers(0, 40)),
)
def test_overdue_on_a_day_follows_the_deadline_then_in_force(
    first_deadline: int | None,
    extensions: list[tuple[int, int]],
    closed_after: int | None,
    make_hazard: Any,
    brigade: Any,
) -> None:
    deadline = FOUND + dt.timedelta(days=first_deadline) if first_deadline is not None else None
    hazard = make_hazard(at=local(2024, 3, 1), deadline=deadline)
    # replay: the deadline at the end of each day, as the extensions are made
    in_force: dict[dt.date, dt.date | None] = {}
    day, current = FOUND, deadline
    for wait, slack in extensions:
        made_on = day + dt.timedelta(days=wait)
        while day < made_on:
            in_force[day] = current
            day += dt.timedelta(days=1)
        earliest = max(made_on, current + dt.timedelta(days=1)) if current else made_on
        current = earliest + dt.timedelta(days=slack)
        extend_on(hazard, made_on, current, brigade)
        hazard.refresh_from_db()
    horizon = FOUND + dt.timedelta(days=60)
    while day <= horizon:
        in_force[day] = current
        day += dt.timedelta(days=1)
    closed_on = FOUND + dt.timedelta(days=closed_after) if closed_after is not None else None
    if closed_on is not None:
        Hazard.objects.filter(pk=hazard.pk).update(state=HazardState.CLOSED, closed_on=closed_on)
    hazard.refresh_from_db()
    history = list(hazard.extensions.all())

    days = [FOUND - dt.timedelta(days=1), *sorted(in_force)]
    expected = [
        d
        for d in days
        if d >= FOUND
        and (closed_on is None or closed_on > d)
        and in_force[d] is not None
        and in_force[d] < d
    ]
    assert overdue_days(hazard, days) == expected
    for d in days[1:]:
        assert deadline_in_force(hazard.deadline, history, d) == in_force[d]
    assert [
        d
        for d in days
        if was_overdue_on(
            found_on=hazard.found_on,
            closed_on=hazard.closed_on,
            deadline=hazard.deadline,
            extensions=history,
            day=d,
        )
    ] == expected
    # the two parts the dashboard counts add up to the single condition
    one = Hazard.objects.filter(pk=hazard.pk)
    for d in expected[:3] + expected[-2:]:
        assert sum(one.filter(part).count() for part in overdue_on_parts(d)) == 1
