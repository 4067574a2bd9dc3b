"""Working days up to a deadline far past the holiday calendar are counted by
arithmetic: a task due in 3100 answers at once (it took most of a minute)."""

from __future__ import annotations

import datetime as dt
import time

from xiaoan.directives.calendar import calendar_ends, is_workday, workdays_between


def walked(start: dt.date, end: dt.date) -> int:
    step = 1 if end > start else -1
    count, day = 0, start
    while day != end:
        day += dt.timedelta(days=step)
        if is_workday(day):
            count += step
    return count


def test_a_deadline_centuries_away_is_counted_at_once():
    began = time.perf_counter()
    left = workdays_between(dt.date(2024, 3, 4), dt.date(3100, 6, 3))
    assert time.perf_counter() - began < 0.5
    ends = calendar_ends()
    beyond = sum(
        1
        for i in range(1, (dt.date(3100, 6, 3) - ends).days + 1)
        if (ends + dt.timedelta(days=i)).weekday() < 5
    )
    assert left == walked(dt.date(2024, 3, 4), ends) + beyond


def test_counts_across_the_end_of_the_calendar_match_a_day_by_day_walk():
    end = calendar_ends()
    for start_offset in (-40, -3, 0, 5):
        for span in (-400, -9, -1, 1, 6, 13, 400):
            start = end + dt.timedelta(days=start_offset)
            stop = start + dt.timedelta(days=span)
            assert workdays_between(start, stop) == walked(start, stop), (start, stop)
