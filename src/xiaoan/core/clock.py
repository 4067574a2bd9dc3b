"""The one source of "now".

Every piece of code asks this module for the current time or date, so that
the demo can pin the clock to the seed's day (XIAOAN_TODAY=2024-03-04):
deadlines, overdue marks and countdowns then look as they did that day.
The pinned clock keeps the real time of day so that countdowns still move.
"""

from __future__ import annotations

import datetime as dt
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


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
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


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in Asia/Shanghai: days as ranges of moments."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)


def end_of_day(day: dt.date) -> dt.datetime:
    """A date deadline means the end of that day in Asia/Shanghai."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=LOCAL_TZ)
