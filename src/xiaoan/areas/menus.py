"""Which parts of the menu each role's daily work uses.

A role holding a permission is not reason enough to show it an entry: a grid
worker may view briefings and the user list, but its work is inspecting and
following up hazards. Each role names the menu groups it uses whole and the
single entries (by url name) it uses from other groups; the menu shows the
union over the user's roles, limited again by permission. A role missing
from this table (one added later) sees the system group only.

Each role's home page also offers its two or three daily actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from .roles import Permission, Role

ALL_GROUPS = frozenset(
    {"supervision", "hazards", "complaints", "duty", "briefings", "dashboard", "system"}
)

ROLE_WORK: dict[str, frozenset[str]] = {
    Role.CITY_LEADER: frozenset({"dashboard", "supervision", "briefings", "incident-list"}),
    Role.DETACHMENT_OFFICE: ALL_GROUPS,
    Role.BRIGADE: frozenset(
        {"supervision", "hazards", "complaints", "duty", "dashboard", "system"}
    ),
    Role.DEPARTMENT: frozenset({"task-list", "complaints", "dispatch-list"}),
    Role.GRID_WORKER: frozenset(
        {"task-list", "hazard-list", "inspection-list", "place-list", "coverage", "complaint-list"}
    ),
    Role.PROPERTY_MANAGER: frozenset({"task-list", "hazard-list", "inspection-list", "place-list"}),
    Role.AUDITOR: ALL_GROUPS,
    Role.ADMIN: ALL_GROUPS,
}
#: what a role missing from ROLE_WORK uses
DEFAULT_WORK = frozenset({"system"})


@dataclass(frozen=True)
class DailyAction:
    """A big button on a role's home page: its label, page, and the permission it needs."""

    label: str
    url_name: str
    permission: str = Permission.VIEW
    #: appended to the page's address, e.g. a filter of the list
    query: str = ""


DAILY_ACTIONS: dict[str, tuple[DailyAction, ...]] = {
    Role.CITY_LEADER: (
        DailyAction("看板", "dashboard"),
        DailyAction("领导批示", "instruction-list"),
        DailyAction("通报", "briefing-list"),
    ),
    Role.DETACHMENT_OFFICE: (
        DailyAction("督办任务", "task-list"),
        DailyAction("12345 工单", "complaint-list"),
        DailyAction("编制通报", "briefing-list", Permission.COMPILE_BRIEFINGS),
    ),
    Role.BRIGADE: (
        DailyAction("开始检查", "place-list", Permission.INSPECT),
        DailyAction("辖区隐患", "hazard-list", query="?state=open"),
        DailyAction("紧急信息", "incident-list"),
    ),
    Role.DEPARTMENT: (
        DailyAction("我的任务", "task-list"),
        DailyAction("12345 工单", "complaint-list"),
    ),
    Role.GRID_WORKER: (
        DailyAction("开始检查", "place-list", Permission.INSPECT),
        DailyAction("我的隐患", "hazard-list", query="?state=open"),
    ),
    Role.PROPERTY_MANAGER: (
        DailyAction("自查自改", "place-list", Permission.SELF_INSPECT),
        DailyAction("我的隐患", "hazard-list", query="?state=open"),
    ),
    Role.AUDITOR: (DailyAction("看板", "dashboard"), DailyAction("隐患", "hazard-list")),
    Role.ADMIN: (DailyAction("用户", "user-list"), DailyAction("区域", "area-list")),
}


def daily_actions_for(user: Any) -> list[dict[str, str]]:
    """The home page's buttons for this user's roles, each page once, in role order."""
    actions: list[dict[str, str]] = []
    seen: set[str] = set()
    for code in Role.values:
        if not user.has_role(code):
            continue
        for action in DAILY_ACTIONS.get(code, ()):
            if action.url_name in seen or not user.can(action.permission):
                continue
            try:
                url = reverse(action.url_name)
            except NoReverseMatch:
                continue
            seen.add(action.url_name)
            actions.append({"label": action.label, "url": url + action.query})
    return actions
