"""Coverage for the dashboard, shared by its figures, chart and ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xiaoan.areas.models import Area
from xiaoan.hazards.queries import Coverage, coverage
from xiaoan.places.models import Place


class CoverageOf:
    """The coverage of an area's visible places for the date ranges one dashboard
    asks for (the phase, the period, the period a week ago). The places in scope
    do not depend on the dates, so they are counted once; a range asked for
    twice (the phase and the period often coincide) is computed once."""

    def __init__(self, user: Any, area: Area) -> None:
        self.places = Place.objects.restrict(user)
        self.area = area
        self.in_scope: dict[str, int] | None = None
        self.results: dict[tuple[dt.date, dt.date], Coverage] = {}

    def __call__(self, start: dt.date, end: dt.date) -> Coverage:
        if (start, end) not in self.results:
            result = coverage(
                self.places, area=self.area, start=start, end=end, in_scope_by_child=self.in_scope
            )
            self.in_scope = result.in_scope_by_child
            self.results[start, end] = result
        return self.results[start, end]
