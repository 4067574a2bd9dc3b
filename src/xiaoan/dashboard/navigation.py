"""Menu entries of the dashboard."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

# the fishbone diagrams open from the dashboard page
register(NavItem("看板", "dashboard", Permission.VIEW, order=5, group="dashboard"))
