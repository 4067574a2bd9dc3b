"""The week-ago "overdue on that day" figure, split into two parts that indexes
can answer, counts exactly what the single condition counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from xiaoan.hazards.choices import HazardState
from xiaoan.hazards.models import Hazard
from xiaoan.hazards.queries import overdue_on_filter, overdue_on_parts

pytestmark = pytest.mark.django_db

D = dt.date

#: (state, found_on, deadline, closed_on): open, rectified, closed before, on and
#: after the day, found after the day, without a deadline, due on the day itself
MIX = [
    (HazardState.FOUND, D(2024, 3, 1), D(2024, 3, 5), None),
    (HazardState.RECTIFYING, D(2024, 3, 1), D(2024, 3, 20), None),
    (HazardState.RECTIFIED, D(2024, 2, 20), D(2024, 3, 1), None),
    (HazardState.REOPENED, D(2024, 2, 1), D(2024, 2, 10), None),
    (HazardState.CLOSED, D(2024, 2, 1), D(2024, 2, 10), D(2024, 3, 12)),
    (HazardState.CLOSED, D(2024, 2, 1), D(2024, 2, 10), D(2024, 3, 13)),
    (HazardState.CLOSED, D(2024, 2, 1), D(2024, 2, 10), D(2024, 3, 14)),
    (HazardState.CLOSED, D(2024, 3, 1), D(2024, 3, 20), D(2024, 3, 18)),
    (HazardState.CLOSED, D(2024, 3, 10), D(2024, 3, 11), D(2024, 3, 19)),
    (HazardState.FOUND, D(2024, 3, 14), D(2024, 3, 1), None),
    (HazardState.FOUND, D(2024, 3, 1), None, None),
    (HazardState.FOUND, D(2024, 3, 1), D(2024, 3, 13), None),
    (HazardState.FOUND, D(2024, 3, 13), D(2024, 3, 12), None),
]


@pytest.fixture
def mixed(make_hazard: Any) -> list[Hazard]:
    made = []
    for state, found_on, deadline, closed_on in MIX:
        hazard = make_hazard()
        Hazard.objects.filter(pk=hazard.pk).update(
            state=state, found_on=found_on, deadline=deadline, closed_on=closed_on
        )
        made.append(hazard)
    return made


@pytest.mark.parametrize("day", [D(2024, 3, 1), D(2024, 3, 12), D(2024, 3, 13), D(2024, 3, 19)])
def test_the_two_parts_add_up_to_the_single_condition(mixed: list[Hazard], day: dt.date) -> None:
    whole = set(Hazard.objects.filter(overdue_on_filter(day)).values_list("pk", flat=True))
    unclosed, closed_later = (
        set(Hazard.objects.filter(part).values_list("pk", flat=True))
        for part in overdue_on_parts(day)
    )
    assert not unclosed & closed_later
    assert unclosed | closed_later == whole


def test_the_condition_on_the_mix(mixed: list[Hazard]) -> None:
    # on the 13th: found by then, due before it, and not closed by then (closed on
    # the 13th itself counts as closed by then)
    expected = {0, 2, 3, 6, 8, 12}
    got = {
        mixed.index(h) for h in Hazard.objects.filter(overdue_on_filter(D(2024, 3, 13))).order_by()
    }
    assert got == expected
