"""The period summary reads only the days it compares (the period, the same
dates a year earlier, the period before), with the same figures as reading
everything from a year earlier to the end."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.complaints.test_stats import local, order
from xiaoan.complaints.models import Complaint
from xiaoan.complaints.stats import (
    Period,
    daily_counts,
    daily_counts_within,
    disjoint,
    period_summary,
)

D = dt.date


def test_disjoint_merges_overlapping_and_adjacent_periods() -> None:
    march, february = Period(D(2024, 3, 1), D(2024, 3, 20)), Period(D(2024, 2, 10), D(2024, 2, 29))
    last_year = Period(D(2023, 3, 1), D(2023, 3, 20))
    assert disjoint([march, last_year, february]) == [
        last_year,
        Period(D(2024, 2, 10), D(2024, 3, 20)),
    ]
    long = Period(D(2023, 6, 1), D(2024, 3, 20))
    assert disjoint([long, long.year_earlier(), long.preceding()]) == [
        Period(long.year_earlier().start, long.end)
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2024, 3, 1), D(2024, 3, 20)),
        (D(2023, 6, 1), D(2024, 3, 20)),
        (D(2024, 2, 29), D(2024, 2, 29)),
    ],
)
def test_the_days_compared_count_as_before(
    user: Any, area: Any, start: dt.date, end: dt.date
) -> None:
    for day in [
        D(2022, 9, 1),
        D(2023, 2, 28),
        D(2023, 3, 5),
        D(2023, 8, 1),
        D(2024, 2, 29),
        D(2024, 3, 2),
    ]:
        order(user, area, local(day.year, day.month, day.day, 23, 30))
        order(user, area, local(day.year, day.month, day.day, 0, 10))
    orders = Complaint.objects.all()
    summary = period_summary(orders, start, end, covered_from=D(2022, 1, 1))
    everything = daily_counts(orders, D(2021, 1, 1), end)
    periods = [summary.yoy_period, summary.pop_period, Period(start, end)]
    within = daily_counts_within(orders, periods)
    for period in periods:
        day = period.start
        while day <= period.end:
            assert within.get(day, 0) == everything.get(day, 0)
            day += dt.timedelta(days=1)
    assert summary.yoy.base == sum(
        n
        for day, n in everything.items()
        if summary.yoy_period.start <= day <= summary.yoy_period.end
    )
    assert summary.pop.base == sum(
        n
        for day, n in everything.items()
        if summary.pop_period.start <= day <= summary.pop_period.end
    )


def test_the_dashboard_leaves_out_the_categories(user: Any, area: Any) -> None:
    order(user, area, local(2024, 3, 2, 9), fire_related=True, hazard_category="clutter")
    summary = period_summary(
        Complaint.objects.all(), D(2024, 3, 1), D(2024, 3, 5), categories=False
    )
    assert (summary.count, summary.by_category) == (1, [])
