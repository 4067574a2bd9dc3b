"""The one source of "now".

Every piece of code asks this module for the current time or date, so that
the demo can pin the clock to the seed's day (XIAOAN_TODAY=2024-03-04):
deadlines, overdue marks and countdowns then look as they did that day.
The pinned clock keeps the real time of day so that countdowns still move.

The demo loader goes further (`scripted_day`): while it seeds a day's records
the clock reads a time of that day's working hours that moves on a little at
each reading, so the records get their own plausible times, the same whenever
the demo is loaded, instead of the time of day the loader happened to run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def pinned_date() -> dt.date | None:
    value = getattr(settings, "XIAOAN_TODAY", None)
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


#: the seeded day starts at this time and each reading of the clock moves it on this much
SCRIPT_START = dt.time(8, 30)
SCRIPT_STEP = dt.timedelta(seconds=20)


@dataclass
class _Script:
    day: dt.date
    #: where each scripted day's clock stands, shared by nested blocks of one load
    cursors: dict[dt.date, dt.datetime]


_script: ContextVar[_Script | None] = ContextVar("xiaoan_clock_script", default=None)


@contextmanager
def scripted_day(day: dt.date, start: dt.time | None = None) -> Iterator[None]:
    """Within the block, `now()` reads a moment of `day` (Beijing time) that moves
    on by SCRIPT_STEP at each reading: from SCRIPT_START the first time the day is
    entered, from where it stopped when the same load enters it again. `start`
    begins a separate run of the clock at that time (a record with a time of its own)."""
    outer = _script.get()
    cursors = outer.cursors if outer is not None else {}
    if start is not None:
        cursors = {day: dt.datetime.combine(day, start, tzinfo=LOCAL_TZ)}
    cursors.setdefault(day, dt.datetime.combine(day, SCRIPT_START, tzinfo=LOCAL_TZ))
    token = _script.set(_Script(day, cursors))
    try:
        yield
    finally:
        _script.reset(token)


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
    script = _script.get()
    if script is not None:
        moment = script.cursors[script.day]
        script.cursors[script.day] = moment + SCRIPT_STEP
        return moment.astimezone(dt.UTC)
    real = timezone.now()
    day = pinned_date()
    if day is None:
        return real
    local = real.astimezone(LOCAL_TZ)
    pinned = dt.datetime.combine(day, local.time(), tzinfo=LOCAL_TZ)
    return pinned.astimezone(dt.UTC)


def today() -> dt.date:
    """Today's date in Asia/Shanghai."""
    return now().astimezone(LOCAL_TZ).date()


def local(moment: dt.datetime) -> dt.datetime:
    """An aware moment as Beijing wall-clock time; a naive one is taken to be Beijing time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(LOCAL_TZ)


def local_date(moment: dt.datetime) -> dt.date:
    """The Beijing date of a moment: 2024-03-03T16:04Z happened on 4 March.
    (`moment.date()` on a stored UTC datetime would give 3 March.)"""
    return local(moment).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in Asia/Shanghai: days as ranges of moments."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)


def end_of_day(day: dt.date) -> dt.datetime:
    """A date deadline means the end of that day in Asia/Shanghai."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=LOCAL_TZ)
