"""The navigation shell that features plug into.

Each app registers its menu entries in its AppConfig.ready(); the base
template shows the entries whose permission the signed-in user holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str = "view"
    order: int = 100


_registry: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        _registry[item.url_name] = item


def items_for(user: Any) -> list[dict[str, str]]:
    if user is None or not user.is_authenticated:
        return []
    entries = []
    for item in sorted(_registry.values(), key=lambda i: (i.order, i.label)):
        if not user.can(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "name": item.url_name})
    return entries
