"""Working days by the Chinese holiday calendar (chinese-calendar), with a
weekday fallback for years the calendar does not yet know."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    """Cached: deadlines of thousands of imported orders ask about the same days."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    if end == start:
        return 0
    step = 1 if end > start else -1
    count = 0
    day = start
    while day != end:
        day += dt.timedelta(days=step)
        if is_workday(day):
            count += step
    return count


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The day `days` working days after `start` (a deadline of "5 个工作日")."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            days -= 1
    return day
