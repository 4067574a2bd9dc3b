"""Menu entries of hazard elimination."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(
    NavItem("隐患", "hazard-list", Permission.VIEW, order=200, group="hazards"),
    NavItem("检查", "inspection-list", Permission.VIEW, order=210, group="hazards"),
    NavItem("场所", "place-list", Permission.VIEW, order=220, group="hazards"),
    NavItem("覆盖率", "coverage", Permission.VIEW, order=230, group="hazards"),
    NavItem("督导检查", "visit-list", Permission.VIEW, order=240, group="hazards"),
)
