"""The navigation shell that features plug into.

Each app registers its menu entries in its AppConfig.ready(), each entry in
one of the workflow groups below. The base template shows a user the groups
and entries its roles use: an entry appears when the user holds its
permission AND it belongs to the work of one of the user's roles. Which work
each role does is a table the areas app registers (areas/menus.py), since
roles are defined there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavGroup:
    code: str
    label: str


#: the workflow groups, in the order the menu shows them
GROUPS: tuple[NavGroup, ...] = (
    NavGroup("supervision", "督办"),
    NavGroup("hazards", "除患"),
    NavGroup("complaints", "12345 诉求"),
    NavGroup("duty", "值班应急"),
    NavGroup("briefings", "通报"),
    NavGroup("dashboard", "看板"),
    NavGroup("system", "系统"),
)
GROUP_CODES = frozenset(g.code for g in GROUPS)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str = "view"
    order: int = 100
    #: one of GROUPS' codes (an entry that names none is a system entry)
    group: str = "system"


@dataclass
class MenuGroup:
    """One group of the menu as a user sees it."""

    code: str
    label: str
    entries: list[dict[str, str]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [e["name"] for e in self.entries]


_registry: dict[str, NavItem] = {}
#: role code → the group codes and entry url names its work uses
_role_work: dict[str, frozenset[str]] = {}
#: the work of a role missing from the table (roles added later)
_default_work: frozenset[str] = frozenset({"system"})


def register(*items: NavItem) -> None:
    for item in items:
        if item.group not in GROUP_CODES:
            raise ValueError(f"menu entry {item.url_name}: unknown group {item.group!r}")
        _registry[item.url_name] = item


def set_role_work(table: dict[str, frozenset[str]], default: frozenset[str]) -> None:
    """Declares which groups (by code) and single entries (by url name) each role uses."""
    global _default_work
    _role_work.clear()
    _role_work.update(table)
    _default_work = default


def uses(roles: frozenset[str], group: str, url_name: str) -> bool:
    """Whether any of these roles' work includes this entry, by its group or by name."""
    for role in roles:
        work = _role_work.get(role, _default_work)
        if group in work or url_name in work:
            return True
    return False


def _url(item: NavItem) -> str | None:
    try:
        return reverse(item.url_name)
    except NoReverseMatch:
        return None


def menu_for(user: Any) -> list[MenuGroup]:
    """The groups (in GROUPS' order) and entries this user's roles use; empty groups left out."""
    if user is None or not user.is_authenticated:
        return []
    groups = {g.code: MenuGroup(g.code, g.label) for g in GROUPS}
    for item in sorted(_registry.values(), key=lambda i: (i.order, i.label)):
        if not user.can(item.permission):
            continue
        if not uses(user.role_codes, item.group, item.url_name):
            continue
        url = _url(item)
        if url is None:
            continue
        groups[item.group].entries.append({"label": item.label, "url": url, "name": item.url_name})
    return [g for g in groups.values() if g.entries]


def items_for(user: Any) -> list[dict[str, str]]:
    """The menu's entries as one flat list, in menu order."""
    return [entry for group in menu_for(user) for entry in group.entries]
