"""Read-side selectors for areas and organisations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .models import Area, Organisation, User


@dataclass
class AreaSummary:
    area: Area
    descendants_by_level: dict[int, int]
    organisations: int
    users: int


def child_summaries(user: Any) -> list[AreaSummary]:
    """For each child of the user's area: how many areas of each level lie below
    it, and how many organisations and users it holds. Three queries in all."""
    root = user.area
    if root is None:
        return []
    visible = Area.objects.restrict(user)
    children = list(visible.filter(parent=root).order_by("path"))
    paths = list(visible.values_list("path", "level"))
    org_paths = list(Organisation.objects.restrict(user).values_list("area__path", flat=True))
    user_paths = list(User.objects.restrict(user).values_list("area__path", flat=True))
    summaries = []
    for child in children:
        levels = Counter(
            level for path, level in paths if path.startswith(child.path) and path != child.path
        )
        summaries.append(
            AreaSummary(
                area=child,
                descendants_by_level=dict(levels),
                organisations=sum(1 for p in org_paths if p.startswith(child.path)),
                users=sum(1 for p in user_paths if p and p.startswith(child.path)),
            )
        )
    return summaries
