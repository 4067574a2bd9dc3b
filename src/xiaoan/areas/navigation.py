"""Menu entries of the areas app."""

from xiaoan.core.navigation import NavItem, register

from .roles import Permission

register(
    NavItem("首页", "home", Permission.VIEW, order=0),
    NavItem("区域", "area-list", Permission.VIEW, order=900),
    NavItem("单位", "organisation-list", Permission.VIEW, order=910),
    NavItem("用户", "user-list", Permission.VIEW, order=920),
)
register(NavItem("安全审计", "security-log", Permission.VIEW_SECURITY_LOG, order=930))
