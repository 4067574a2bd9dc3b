"""The rectification deadline in force on a day, once deadlines can be extended.

A hazard's `deadline` is its latest one. Each extension (延期) keeps the deadline
it replaced, so the deadline in force at the end of a past day is the old
deadline of the first extension made after that day, or the current deadline
when none was made since. A hazard was overdue on a day when it had been found
by then, was not closed by then, and that day was past the deadline then in
force: an extension granted later does not rewrite the past, and one granted
before the day counts.

`late_on` says this in SQL, `was_overdue_on` in Python for one hazard; the tests
check the two against each other over generated extension histories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from django.db.models import Exists, OuterRef, Q, QuerySet

from xiaoan.core import clock

from .models import HazardExtension


class ExtensionLike(Protocol):
    pk: int | None
    at: dt.datetime
    old_deadline: dt.date | None


def after_day(day: dt.date) -> dt.datetime:
    """The first moment after `day` (midnight, Beijing time)."""
    return clock.start_of_day(day + dt.timedelta(days=1))


def deadline_in_force(
    deadline: dt.date | None, extensions: Iterable[ExtensionLike], day: dt.date
) -> dt.date | None:
    """The deadline that held at the end of `day`, given the current `deadline`
    and the hazard's extensions."""
    later = sorted(
        (e for e in extensions if e.at >= after_day(day)), key=lambda e: (e.at, e.pk or 0)
    )
    return later[0].old_deadline if later else deadline


def was_overdue_on(
    *,
    found_on: dt.date,
    closed_on: dt.date | None,
    deadline: dt.date | None,
    extensions: Iterable[ExtensionLike],
    day: dt.date,
) -> bool:
    """Whether a hazard was overdue on `day` (a closing on the day itself counts)."""
    if found_on > day or (closed_on is not None and closed_on <= day):
        return False
    in_force = deadline_in_force(deadline, extensions, day)
    return in_force is not None and in_force < day


def extensions_after(day: dt.date) -> QuerySet[HazardExtension]:
    return HazardExtension.objects.filter(at__gte=after_day(day))


def late_on(day: dt.date) -> Q:
    """Hazards whose deadline in force on `day` lay before it (whatever their state).

    Either no extension was made since and the current deadline is past, or the
    first extension made since replaced a deadline that was past."""
    after = extensions_after(day)
    earlier_after = after.filter(hazard_id=OuterRef("hazard_id")).filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk"))
    )
    first_after = after.exclude(Exists(earlier_after))
    unchanged_and_past = Q(deadline__lt=day) & ~Q(pk__in=after.values("hazard_id"))
    replaced_a_past_one = Q(pk__in=first_after.filter(old_deadline__lt=day).values("hazard_id"))
    return unchanged_and_past | replaced_a_past_one
