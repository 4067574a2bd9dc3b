"""Menu entry of the briefing reader."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(NavItem("通报识别", "reader-list", Permission.ASSIGN_TASKS, order=710, group="briefings"))
