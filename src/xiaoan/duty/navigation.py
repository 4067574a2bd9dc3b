"""Menu entries of the duty desk."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(
    NavItem("紧急信息", "incident-list", Permission.VIEW, order=400, group="duty"),
    NavItem("值班", "duty-roster", Permission.VIEW, order=410, group="duty"),
    NavItem("每日调度", "dispatch-list", Permission.VIEW, order=420, group="duty"),
    NavItem("迎检", "inspection-visit-list", Permission.VIEW, order=430, group="duty"),
)
