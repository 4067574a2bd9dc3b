"""Read-side of the handling: the derived overdue mark (never stored)."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from xiaoan.core import clock

from .choices import HandlingState
from .models import Complaint


def overdue_q(today: dt.date | None = None) -> Q:
    """Dispatched, not yet replied, and past its deadline (a date meaning its end)."""
    return Q(
        handling_state=HandlingState.DISPATCHED,
        handling_deadline__lt=today or clock.today(),
    )


def with_overdue(qs: QuerySet[Complaint], today: dt.date | None = None) -> QuerySet[Complaint]:
    """Annotate each order with `overdue` (True/False), for lists, exports and the API."""
    return qs.annotate(
        overdue=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def is_overdue(complaint: Complaint, today: dt.date | None = None) -> bool:
    return bool(
        complaint.handling_state == HandlingState.DISPATCHED
        and complaint.handling_deadline is not None
        and complaint.handling_deadline < (today or clock.today())
    )


def workdays_left(complaint: Complaint, today: dt.date | None = None) -> int | None:
    """Working days until the deadline (negative once overdue), while it is being handled."""
    from xiaoan.directives.calendar import workdays_between

    if complaint.handling_state != HandlingState.DISPATCHED or not complaint.handling_deadline:
        return None
    return workdays_between(today or clock.today(), complaint.handling_deadline)
