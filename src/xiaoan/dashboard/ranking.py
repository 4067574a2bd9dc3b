"""District ranking (排名) on closure rate, overdue hazards and coverage, with
the change since last week.

"Last week" is the same computation seven days earlier: hazards found in the
period up to then and closed by then, hazards overdue on that day (found, past
their deadline and not closed by then, from the dates on the hazards), and
coverage of the period up to then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.hazards import queries as hazard_queries
from xiaoan.hazards.models import Hazard

from .counts import HazardCounts, child_prefix, hazard_counts
from .coverage import CoverageOf
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


def overdue_on(hazards: QuerySet[Hazard], area: Area, day: dt.date) -> Counter[str]:
    """Hazards overdue on a past `day` per child area path: the sum of the two
    parts of `overdue_on_parts`, each a range on its own index."""
    totals: Counter[str] = Counter()
    for part in hazard_queries.overdue_on_parts(day):
        rows = (
            hazards.filter(part)
            .order_by()
            .annotate(child=child_prefix(area))
            .values_list("child")
            .annotate(n=Count("id"))
        )
        totals.update(dict(rows))  # type: ignore[arg-type]
    return totals


def standings(
    children: list[Area],
    found: Mapping[str, int],
    closed: Mapping[str, int],
    overdue: Mapping[str, int],
    cover: hazard_queries.Coverage,
) -> dict[str, Standing]:
    """Each child area's standing from its counts (by child area path)."""
    coverage = {row.area.path: row.percent if row.in_scope else None for row in cover.by_area}
    result = {
        child.path: Standing(
            percent(closed.get(child.path, 0), found.get(child.path, 0)),
            overdue.get(child.path, 0),
            coverage.get(child.path),
        )
        for child in children
    }
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
    user: Any,
    hazards: QuerySet[Hazard],
    area: Area,
    period: Period,
    cover_of: CoverageOf | None = None,
    counts: HazardCounts | None = None,
) -> list[RankRow]:
    today = clock.today()
    week_ago = today - dt.timedelta(days=7)
    cover_of = cover_of or CoverageOf(user, area)
    counts = counts or hazard_counts(hazards, area, period, today)
    found = counts.found
    children = list(Area.objects.filter(parent=area))
    now = standings(
        children, found.found, found.closed, counts.open.overdue, cover_of(period.start, period.end)
    )
    before_end = min(period.end, week_ago)
    before = (
        standings(
            children,
            found.found_before,
            found.closed_before,
            overdue_on(hazards, area, week_ago),
            cover_of(period.start, before_end),
        )
        if before_end >= period.start
        else {path: Standing(None, 0, None, rank=s.rank) for path, s in now.items()}
    )
    rows = [RankRow(child, now[child.path], before[child.path]) for child in children]
    return sorted(rows, key=lambda row: row.now.rank)
