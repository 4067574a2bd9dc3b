"""Assembles the dashboard for a user, an area within their scope and a period:
the one function the page and /api/dashboard share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.replica import reads_from_replica
from xiaoan.core.scoping import get_visible_or_404

from . import charts
from .counts import hazard_counts
from .coverage import CoverageOf
from .figures import KeyFigures, current_phase, hazards_in, key_figures
from .periods import Period, parse_period
from .ranking import RankRow, district_ranking


@dataclass
class Dashboard:
    figures: KeyFigures
    weekly: dict[str, Any]
    categories: list[dict[str, Any]]
    districts: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    ranking: list[RankRow]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.figures.as_dict(),
            "charts": {
                "weekly_found_closed": self.weekly,
                "hazards_by_category": self.categories,
                "hazards_by_district": self.districts,
                "coverage_by_district": self.coverage,
                "complaints_trend": complaints_trend(self.figures),
            },
            "ranking": [row.as_dict() for row in self.ranking],
        }


def complaints_trend(figures: KeyFigures) -> dict[str, Any]:
    """Daily fire-safety 12345 orders of the period next to the same days a year before."""
    summary = figures.complaints
    if summary is None:
        return {"days": [], "counts": [], "last_year": []}
    return {
        "days": [p.day.isoformat() for p in summary.daily],
        "counts": [p.count for p in summary.daily],
        "last_year": [p.count for p in summary.last_year_daily],
        "link": figures.get("complaints").link,
    }


def chosen_period(user: Any, params: Any) -> Period:
    return parse_period(params, current_phase(user))


def area_in_scope(user: Any, area_id: Any) -> Area:
    """The area asked for (within the user's scope; anything else, a malformed id
    included, is a 404), or the user's own when none is asked for."""
    if area_id in (None, ""):
        return user.area
    if not str(area_id).isdigit():
        raise Http404
    return get_visible_or_404(Area.objects.all(), user, pk=int(area_id))


@reads_from_replica
def build_dashboard(user: Any, area: Area, period: Period) -> Dashboard:
    hazards = hazards_in(user, area)
    cover_of = CoverageOf(user, area)
    counts = hazard_counts(hazards, area, period, clock.today())
    figures = key_figures(user, area, period, cover_of, counts)
    if figures.phase and figures.phase_coverage:
        start, end = figures.phase.start, min(figures.phase.end, clock.today())
        cover = figures.phase_coverage
    else:
        start, end = period.start, period.end
        cover = cover_of(start, end)
    return Dashboard(
        figures=figures,
        weekly=charts.weekly_found_closed(hazards, area, period),
        categories=charts.by_category(counts.found, area, period),
        districts=charts.by_district(counts.found, area, period),
        coverage=charts.coverage_by_district(cover, start, end),
        ranking=district_ranking(user, hazards, area, period, cover_of, counts),
    )
