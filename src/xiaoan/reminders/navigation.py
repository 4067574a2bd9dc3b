"""Menu entry of the reminder settings."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(NavItem("提醒设置", "reminder-settings", Permission.VIEW, order=950))
