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


@lru_cache(maxsize=1)
def calendar_ends() -> dt.date:
    """The last day of the last year the holiday calendar knows; weekdays after it."""
    from chinese_calendar.constants import holidays, workdays

    return dt.date(max(max(holidays), max(workdays)).year, 12, 31)


def weekdays_after(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (end >= start),
    counted by arithmetic, so a deadline centuries away costs nothing."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    if end == start:
        return 0
    if end < start:
        # the days from `end` up to the day before `start`, both included
        one = dt.timedelta(days=1)
        return -workdays_between(end - one, start - one)
    known = calendar_ends()
    count = 0
    day = start
    # day by day while the calendar knows the holidays, by arithmetic beyond it
    while day < end and day < known:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count += 1
    if day < end:
        count += weekdays_after(day, end)
    return count


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The day `days` working days after `start` (a deadline of "5 个工作日")."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            days -= 1
    return day
