"""Menu entry of the briefings."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(NavItem("通报", "briefing-list", Permission.VIEW, order=700, group="briefings"))
