"""Read-side questions of the duty desk: where an incident's clock stands, the
on-time rate of urgent reports, the dispatch day's missing submissions, and the
inspections coming up. The monthly briefing and the dashboard call
`on_time_rate` and `upcoming_inspections`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from xiaoan.areas.models import Area, Organisation
from xiaoan.core import clock

from .choices import ClockState
from .models import DispatchPeriod, DispatchSubmission, Incident, UpcomingInspection


def clock_state(incident: Incident, now: dt.datetime | None = None) -> str:
    """Where the incident stands against its reporting clock."""
    if not incident.report_required or incident.report_deadline is None:
        return ClockState.NOT_REQUIRED
    if incident.first_report_at is not None:
        if incident.first_report_at <= incident.report_deadline:
            return ClockState.ON_TIME
        return ClockState.LATE
    moment = now or clock.now()
    return ClockState.RUNNING if moment <= incident.report_deadline else ClockState.OVERDUE


def local_day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, day after end 00:00) in Beijing time, for a filter on stored UTC times."""
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=clock.LOCAL_TZ)
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=clock.LOCAL_TZ)
    return lower, upper


def decided(queryset: QuerySet[Incident], now: dt.datetime) -> QuerySet[Incident]:
    """Incidents needing a report whose outcome is known: reported, or past the deadline.
    One still inside its hour is neither on time nor late yet, so it is not counted."""
    return queryset.filter(report_required=True).filter(
        Q(first_report_at__isnull=False) | Q(report_deadline__lt=now)
    )


def reported_on_time(first: dt.datetime | None, deadline: dt.datetime | None) -> bool:
    return first is not None and deadline is not None and first <= deadline


def on_time_q() -> Q:
    return Q(first_report_at__isnull=False, first_report_at__lte=F("report_deadline"))


def on_time_rate(source: Any, start: dt.date, end: dt.date) -> tuple[int, int, float | None]:
    """(reported on time, required, rate) for incidents whose alarm fell on days
    `start`..`end` (Beijing time). `source` is a user (their visible incidents)
    or an Incident queryset. The rate is None when nothing was required."""
    queryset = source if isinstance(source, QuerySet) else Incident.objects.restrict(source)
    lower, upper = local_day_bounds(start, end)
    counted = decided(queryset.filter(alarm_at__gte=lower, alarm_at__lt=upper), clock.now())
    required = counted.count()
    on_time = counted.filter(on_time_q()).count()
    return on_time, required, (on_time / required if required else None)


@dataclass
class AreaRate:
    area: Area
    on_time: int
    required: int
    late: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.required if self.required else None


def rates_by_area(user: Any, start: dt.date, end: dt.date) -> list[AreaRate]:
    """The on-time rate of each area directly below the user's own (or the user's own
    area when it has none), counting incidents in each one's subtree."""
    scope = user.area
    children = list(Area.objects.restrict(user).filter(parent=scope).order_by("path")) or [scope]
    visible = Incident.objects.restrict(user)
    lower, upper = local_day_bounds(start, end)
    counted = list(
        decided(visible.filter(alarm_at__gte=lower, alarm_at__lt=upper), clock.now()).values(
            "area__path", "first_report_at", "report_deadline"
        )
    )
    rows = []
    for area in children:
        mine = [r for r in counted if r["area__path"].startswith(area.path)]
        on_time = len(
            [r for r in mine if reported_on_time(r["first_report_at"], r["report_deadline"])]
        )
        rows.append(AreaRate(area, on_time, len(mine), len(mine) - on_time))
    return rows


def overlapping(start: dt.date, end: dt.date) -> Q:
    """Announced visits overlapping `start`..`end`, and undated ones."""
    return Q(starts_on__isnull=True) | (
        Q(starts_on__lte=end)
        & (Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
    )


def upcoming_inspections(user: Any, start: dt.date, end: dt.date) -> list[UpcomingInspection]:
    """Announced visits the user can see that overlap `start`..`end` (undated ones too,
    since "近期" visits must be prepared for all the same)."""
    return list(
        UpcomingInspection.objects.restrict(user)
        .filter(overlapping(start, end))
        .select_related("area", "host_organisation")
        .order_by(F("starts_on").asc(nulls_last=True), "id")
    )


@dataclass
class DispatchDay:
    """One day of a dispatch period: who submitted (and whether by the due time), who did not.

    `expected` is every organisation of the period the viewer may see; each of them
    is in exactly one of `submissions` (by organisation) and `missing`, so the
    counts shown (应报 = 已报 + 未报) add up by construction."""

    period: DispatchPeriod
    day: dt.date
    submissions: list[DispatchSubmission]
    missing: list[Organisation]
    due: dt.datetime
    expected: list[Organisation] = field(default_factory=list)

    @property
    def expected_count(self) -> int:
        return len(self.expected)

    @property
    def is_past_due(self) -> bool:
        return clock.now() > self.due

    def late(self) -> list[DispatchSubmission]:
        return [s for s in self.submissions if s.submitted_at > self.due]


def dispatch_day(period: DispatchPeriod, day: dt.date, user: Any) -> DispatchDay:
    """The day's submissions of the visible organisations of the period, and those that sent none."""
    from .services.dispatch import due_at

    expected = list(
        Organisation.objects.restrict(user)
        .filter(pk__in=period.organisations.values("pk"))
        .select_related("area")
        .order_by("area__path", "name")
    )
    submissions = list(
        DispatchSubmission.objects.restrict(user)
        .filter(period=period, date=day, organisation__in=[o.pk for o in expected])
        .select_related("organisation", "submitted_by")
        .order_by("organisation__area__path", "organisation__name")
    )
    submitted = {s.organisation_id for s in submissions}
    missing = [o for o in expected if o.pk not in submitted]
    return DispatchDay(period, day, submissions, missing, due_at(period, day), expected)


def missing_submissions(period: DispatchPeriod, day: dt.date) -> list[Organisation]:
    """Organisations of the period that sent nothing for `day` (unscoped: for the system)."""
    if not period.covers(day):
        return []
    submitted = set(
        DispatchSubmission.objects.filter(period=period, date=day).values_list(
            "organisation_id", flat=True
        )
    )
    return [
        o
        for o in period.organisations.select_related("area").order_by("area__path", "name")
        if o.pk not in submitted
    ]
