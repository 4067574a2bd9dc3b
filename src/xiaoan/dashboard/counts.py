"""The hazard counts behind the dashboard's figures, charts and ranking, read in
a few grouped queries and shared by all three.

Each query is a range on one index: the hazards found in the period
(`hazard_found_by_day`) grouped by child area and category, and the open ones
(`hazard_open_by_area_path`) grouped by child area. Before, each figure, chart
and ranking column was its own pass, several of them over every hazard of the
subtree; at province size that meant millions of rows per request.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from xiaoan.areas.models import Area
from xiaoan.core.scoping import PATH_SEGMENT_WIDTH
from xiaoan.hazards.choices import OPEN_STATES, HazardState, Severity
from xiaoan.hazards.models import Hazard

from .periods import Period


def child_prefix(area: Area, path_field: str = "area_path") -> Substr:
    """The path of the child area each record lies in (records on the area itself
    give the area's own path plus nothing, i.e. a shorter string). Hazards carry
    their area's path, so no join to the areas is needed."""
    return Substr(path_field, 1, len(area.path) + PATH_SEGMENT_WIDTH)


@dataclass
class FoundCounts:
    """Hazards found in a period: in all, and closed (now; and by `day_before`
    among those found by then), per child area path and per category."""

    found: Counter[str] = field(default_factory=Counter)
    closed: Counter[str] = field(default_factory=Counter)
    found_before: Counter[str] = field(default_factory=Counter)
    closed_before: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)


def found_counts(
    hazards: QuerySet[Hazard], area: Area, period: Period, day_before: dt.date
) -> FoundCounts:
    """One query over the hazards found in the period, grouped by child area and
    category. "Before" is the same period up to `day_before` (a week ago), with
    what was closed by then, from the dates on the hazards."""
    before_end = min(period.end, day_before)
    found_before = Q(found_on__lte=before_end)
    rows = (
        hazards.filter(found_on__gte=period.start, found_on__lte=period.end)
        .order_by()
        .annotate(child=child_prefix(area))
        .values_list("child", "category")
        .annotate(
            found=Count("id"),
            closed=Count("id", filter=Q(state=HazardState.CLOSED)),
            found_before=Count("id", filter=found_before),
            closed_before=Count("id", filter=found_before & Q(closed_on__lte=day_before)),
        )
    )
    counts = FoundCounts()
    for child, category, found, closed, found_then, closed_then in rows:
        counts.found[child] += found
        counts.closed[child] += closed
        counts.found_before[child] += found_then
        counts.closed_before[child] += closed_then
        counts.by_category[category] += found
    return counts


@dataclass
class OpenCounts:
    """Open hazards per child area path: in all, major ones, and overdue today."""

    open: Counter[str] = field(default_factory=Counter)
    major: Counter[str] = field(default_factory=Counter)
    overdue: Counter[str] = field(default_factory=Counter)


def open_counts(hazards: QuerySet[Hazard], area: Area, today: dt.date) -> OpenCounts:
    rows = (
        hazards.filter(state__in=OPEN_STATES)
        .order_by()
        .annotate(child=child_prefix(area))
        .values_list("child")
        .annotate(
            n=Count("id"),
            major=Count("id", filter=Q(severity=Severity.MAJOR)),
            overdue=Count("id", filter=Q(deadline__lt=today)),
        )
    )
    counts = OpenCounts()
    for child, n, major, overdue in rows:
        counts.open[child] += n
        counts.major[child] += major
        counts.overdue[child] += overdue
    return counts


@dataclass
class HazardCounts:
    found: FoundCounts
    open: OpenCounts


def hazard_counts(
    hazards: QuerySet[Hazard], area: Area, period: Period, today: dt.date
) -> HazardCounts:
    return HazardCounts(
        found=found_counts(hazards, area, period, today - dt.timedelta(days=7)),
        open=open_counts(hazards, area, today),
    )
