"""Menu entries of the reward reports."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(NavItem("有奖举报", "reward-list", Permission.VIEW, order=320, group="complaints"))
