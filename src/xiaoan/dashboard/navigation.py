"""Menu entries of the dashboard."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(
    NavItem("看板", "dashboard", Permission.VIEW, order=5),
    NavItem("鱼骨图", "fishbone", Permission.VIEW, order=6),
)
