"""Coverage for the dashboard, shared by its figures, chart and ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Substr

from xiaoan.areas.models import Area
from xiaoan.core.scoping import PATH_SEGMENT_WIDTH, subtree_filter
from xiaoan.hazards.queries import Coverage, coverage
from xiaoan.places.models import Place, PlaceTally


def places_by_child(area: Area) -> dict[str, int]:
    """All places in `area` and below per child area path, from the tally."""
    rows = (
        PlaceTally.objects.filter(subtree_filter("area_path", area.path))
        .annotate(child=Substr("area_path", 1, len(area.path) + PATH_SEGMENT_WIDTH))
        .values_list("child")
        .annotate(n=Sum("places"))
        .order_by()
    )
    return {child: n for child, n in rows if n}


class CoverageOf:
    """The coverage of an area's visible places for the date ranges one dashboard
    asks for (the phase, the period, the period a week ago). The places in scope
    do not depend on the dates: a user who may see places sees every place of an
    area in their scope, so they come from the places-per-area tally, once, and
    the inspected ones from the inspections' area paths. A range asked for twice
    (the phase and the period often coincide) is computed once."""

    def __init__(self, user: Any, area: Area) -> None:
        self.places = Place.objects.restrict(user)
        self.area = area
        self.every_place_visible = not self.places.query.is_empty()
        self.in_scope: dict[str, int] | None = (
            places_by_child(area) if self.every_place_visible else None
        )
        self.results: dict[tuple[dt.date, dt.date], Coverage] = {}

    def __call__(self, start: dt.date, end: dt.date) -> Coverage:
        if (start, end) not in self.results:
            result = coverage(
                self.places,
                area=self.area,
                start=start,
                end=end,
                in_scope_by_child=self.in_scope,
                every_place_visible=self.every_place_visible,
            )
            self.in_scope = result.in_scope_by_child
            self.results[start, end] = result
        return self.results[start, end]
