"""Menu entries of places and the water-source register."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(NavItem("消防水源", "water-source-list", Permission.VIEW, order=250, group="hazards"))
