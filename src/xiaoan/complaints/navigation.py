"""Menu entries of the 12345 work orders."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(
    NavItem("12345 工单", "complaint-list", Permission.VIEW, order=300),
    NavItem("12345 统计", "complaint-stats", Permission.VIEW, order=310),
)
