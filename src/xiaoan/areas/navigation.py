"""Menu entries of the areas app."""

from xiaoan.core.navigation import NavItem, register, set_role_work

from .menus import DEFAULT_WORK, ROLE_WORK
from .roles import Permission

register(
    NavItem("区域", "area-list", Permission.VIEW, order=900, group="system"),
    NavItem("单位", "organisation-list", Permission.VIEW, order=910, group="system"),
    NavItem("用户", "user-list", Permission.VIEW, order=920, group="system"),
)
register(
    NavItem("安全审计", "security-log", Permission.VIEW_SECURITY_LOG, order=930, group="system")
)
set_role_work(ROLE_WORK, DEFAULT_WORK)
