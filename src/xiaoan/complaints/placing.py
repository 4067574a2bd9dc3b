"""Placing an order on the area tree from its address text.

The index is built once per load of the area tree (and reused while the tree
is unchanged): every area's name, its stored aliases, and a short form of
county and township names (兴隆台区 → 兴隆台, 兴隆街道 → 兴隆街) map to the
areas bearing them. An address is scanned left to right for the longest name
at each position; the order goes to the deepest named area whose ancestry
agrees with every other name found. No name, or names that contradict each
other (two districts), or two equally deep candidates: unresolved, for a person.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from xiaoan.areas.models import Area
from xiaoan.core.scoping import subtree_filter

#: suffixes whose removal gives the name people say (only when two characters remain)
SHORT_FORMS = {
    Area.Level.COUNTY: (("新区", ""), ("区", ""), ("县", ""), ("市", "")),
    Area.Level.TOWNSHIP: (("街道", "街"), ("镇", ""), ("乡", "")),
}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Node:
    id: int
    path: str
    level: int


def names_of(area: Area) -> set[str]:
    names = {area.name, *area.alias_list}
    for suffix, replacement in SHORT_FORMS.get(area.level, ()):  # type: ignore[call-overload]
        if area.name.endswith(suffix) and len(area.name) - len(suffix) >= 2:
            names.add(area.name[: -len(suffix)] + replacement)
            break
    return {n for n in names if len(n) >= 2}


class AreaIndex:
    """name or alias → areas, for the areas at and below one scope."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self.names: dict[str, list[Node]] = {}
        for area in areas:
            node = Node(area.pk, area.path, area.level)
            for name in names_of(area):
                self.names.setdefault(name, []).append(node)
        self.longest = max((len(n) for n in self.names), default=0)
        self.starts = {n[:2] for n in self.names}

    def found(self, text: str) -> list[list[Node]]:
        """The areas each name in `text` may mean, longest name first at each position."""
        text = _SPACES.sub("", text)
        groups: list[list[Node]] = []
        i, n = 0, len(text)
        while i < n - 1:
            if text[i : i + 2] in self.starts:
                for length in range(min(self.longest, n - i), 1, -1):
                    nodes = self.names.get(text[i : i + length])
                    if nodes:
                        groups.append(nodes)
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return groups

    def resolve(self, text: str) -> int | None:
        """The id of the deepest area `text` names consistently, or None."""
        groups = self.found(text)
        if not groups:
            return None
        best: list[Node] = []
        for candidate in {node for group in groups for node in group}:
            if all(any(candidate.path.startswith(g.path) for g in group) for group in groups):
                if not best or candidate.level > best[0].level:
                    best = [candidate]
                elif candidate.level == best[0].level and candidate not in best:
                    best.append(candidate)
        return best[0].id if len(best) == 1 else None


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[object, ...], AreaIndex]] = {}


def area_index(scope: Area | None) -> AreaIndex:
    """The index of the areas at and below `scope` (the whole tree for None),
    rebuilt only when an area was added or edited (one aggregate query)."""
    areas = Area.objects.all()
    if scope is not None:
        areas = areas.filter(subtree_filter("path", scope.path))
    stamp_row = Area.objects.aggregate(n=Count("id"), last=Max("updated_at"), v=Sum("version"))
    stamp = (stamp_row["n"], stamp_row["last"], stamp_row["v"])
    key = scope.path if scope is not None else ""
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    index = AreaIndex(areas.only("id", "name", "aliases", "path", "level"))
    with _lock:
        _cache[key] = (stamp, index)
    return index
