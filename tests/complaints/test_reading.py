"""Reading 办理时限: periods counted on the holiday calendar (cached), dates and moments."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.complaints.importers import parse_due
from xiaoan.core.clock import LOCAL_TZ, end_of_day

RECEIVED = dt.datetime(2024, 9, 27, 16, 0, tzinfo=LOCAL_TZ)  # Friday before the National Day week


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        # Sunday 29 Sep is a make-up working day, then Monday 30 Sep; 1–7 Oct are holidays
        ("3个工作日", dt.date(2024, 10, 8)),
        (" ３ 个 工作日 ", dt.date(2024, 10, 8)),
        ("3工作日内", dt.date(2024, 10, 8)),
        ("3个自然日", dt.date(2024, 9, 30)),
        ("10天", dt.date(2024, 10, 7)),
        ("2024-10-12", dt.date(2024, 10, 12)),
        (dt.date(2024, 10, 12), dt.date(2024, 10, 12)),
    ],
)
def test_periods_and_dates(cell: object, due: dt.date) -> None:
    for _ in range(2):  # the second time from the caches
        assert parse_due(cell, RECEIVED) == end_of_day(due)


def test_a_moment_keeps_its_time_and_a_period_needs_the_day_received() -> None:
    moment = dt.datetime(2024, 10, 12, 17, 30)
    assert parse_due(moment, RECEIVED) == moment.replace(tzinfo=LOCAL_TZ)
    assert parse_due("5个工作日", None) is None
    assert parse_due(None, RECEIVED) is None
    with pytest.raises(ValueError):
        parse_due("尽快", RECEIVED)
