"""Menu entries of the 12345 work orders."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(
    NavItem("12345 工单", "complaint-list", Permission.VIEW, order=300, group="complaints"),
    NavItem(
        "待定位工单", "complaint-placing-queue", Permission.VIEW, order=301, group="complaints"
    ),
    NavItem(
        "分类词典",
        "complaint-keywords",
        Permission.MANAGE_COMPLAINTS,
        order=302,
        group="complaints",
    ),
    NavItem("12345 统计", "complaint-stats", Permission.VIEW, order=310, group="complaints"),
)
