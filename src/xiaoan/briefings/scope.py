"""What belongs to an area's briefing: the area's own records and everything below
it, plus guidance from above (a city meeting, a provincial document) for the kinds
of record that reach the areas under theirs — the same rule as `core.scoping`,
applied to an area rather than a user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from xiaoan.areas.models import Area
from xiaoan.core.scoping import ancestor_paths, subtree_filter


def in_area(model: Any, area: Area) -> Q:
    lookup = getattr(model, "area_path_field", "area__path")
    scope = subtree_filter(lookup, area.path)
    if getattr(model, "visible_from_below", False):
        scope |= Q(**{f"{lookup}__in": ancestor_paths(area.path)})
    return scope
