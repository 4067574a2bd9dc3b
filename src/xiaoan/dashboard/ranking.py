"""District ranking (排名) on closure rate, overdue hazards and coverage, with
the change since last week.

"Last week" is the same computation seven days earlier: hazards found in the
period up to then and closed by then, hazards overdue on that day (found, past
their deadline and not closed by then, from the dates on the hazards), and
coverage of the period up to then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.hazards import queries as hazard_queries
from xiaoan.hazards.choices import HazardState
from xiaoan.hazards.models import Hazard
from xiaoan.places.models import Place

from .charts import child_prefix
from .figures import list_link, percent
from .periods import Period


@dataclass
class Standing:
    closure_rate: float | None
    overdue: int
    coverage: float | None
    rank: int = 0


@dataclass
class RankRow:
    area: Area
    now: Standing
    week_ago: Standing

    def as_dict(self) -> dict[str, Any]:
        def change(a: float | None, b: float | None) -> float | None:
            return None if a is None or b is None else round(a - b, 1)

        return {
            "area_id": self.area.pk,
            "area": self.area.name,
            "rank": self.now.rank,
            "rank_change": self.week_ago.rank - self.now.rank,
            "closure_rate": self.now.closure_rate,
            "closure_rate_change": change(self.now.closure_rate, self.week_ago.closure_rate),
            "overdue": self.now.overdue,
            "overdue_change": self.now.overdue - self.week_ago.overdue,
            "coverage": self.now.coverage,
            "coverage_change": change(self.now.coverage, self.week_ago.coverage),
            "overdue_link": list_link("hazard-list", overdue="true", within=self.area.pk),
        }


def grouped(queryset: QuerySet[Hazard], area: Area, **aggregates: Any) -> dict[str, dict[str, int]]:
    rows = (
        queryset.order_by()
        .annotate(child=child_prefix(area))
        .values("child")
        .annotate(**aggregates)
    )
    return {row.pop("child"): row for row in rows}


def standings(
    user: Any, hazards: QuerySet[Hazard], area: Area, start: dt.date, end: dt.date, day: dt.date
) -> dict[str, Standing]:
    """Each child area's standing as it was on `day`, for the period start..end."""
    current = day == clock.today()
    found = Q(found_on__gte=start, found_on__lte=end)
    closed = Q(state=HazardState.CLOSED) if current else Q(closed_on__lte=day)
    overdue = (
        hazard_queries.overdue_filter(day)
        if current
        else Q(found_on__lte=day, deadline__lt=day)
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    )
    counts = grouped(
        hazards,
        area,
        found=Count("id", filter=found),
        closed=Count("id", filter=found & closed),
        overdue=Count("id", filter=overdue),
    )
    cover = {
        row.area.path: row.percent if row.in_scope else None
        for row in hazard_queries.coverage(
            Place.objects.restrict(user), area=area, start=start, end=end
        ).by_area
    }
    result = {}
    for child in Area.objects.filter(parent=area):
        c = counts.get(child.path, {"found": 0, "closed": 0, "overdue": 0})
        result[child.path] = Standing(
            percent(c["closed"], c["found"]), c["overdue"], cover.get(child.path)
        )
    assign_ranks(list(result.values()))
    return result


def assign_ranks(rows: list[Standing]) -> None:
    """Best first: higher closure rate, then fewer overdue, then higher coverage."""

    def key(s: Standing) -> tuple[float, int, float]:
        return (
            -(s.closure_rate if s.closure_rate is not None else -1),
            s.overdue,
            -(s.coverage if s.coverage is not None else -1),
        )

    for rank, standing in enumerate(sorted(rows, key=key), start=1):
        standing.rank = rank


def district_ranking(
    user: Any, hazards: QuerySet[Hazard], area: Area, period: Period
) -> list[RankRow]:
    today = clock.today()
    week_ago = today - dt.timedelta(days=7)
    now = standings(user, hazards, area, period.start, period.end, today)
    before_end = min(period.end, week_ago)
    before = (
        standings(user, hazards, area, period.start, before_end, week_ago)
        if before_end >= period.start
        else {path: Standing(None, 0, None, rank=s.rank) for path, s in now.items()}
    )
    children = {child.path: child for child in Area.objects.filter(parent=area)}
    rows = [RankRow(children[path], now[path], before[path]) for path in now]
    return sorted(rows, key=lambda row: row.now.rank)
