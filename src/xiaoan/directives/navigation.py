"""Menu entries of the supervision desk."""

from xiaoan.areas.roles import Permission
from xiaoan.core.navigation import NavItem, register

register(
    NavItem("督办任务", "task-list", Permission.VIEW, order=100, group="supervision"),
    NavItem("批示", "instruction-list", Permission.VIEW, order=110, group="supervision"),
    NavItem("会议与文件", "meeting-list", Permission.VIEW, order=120, group="supervision"),
    NavItem("专项行动", "campaign-list", Permission.VIEW, order=130, group="supervision"),
)
