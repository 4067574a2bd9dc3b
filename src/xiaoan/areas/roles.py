"""Roles and what each may do: the role → permission matrix.

docs/permissions.md documents this table for people; a test keeps the two in
step. Every role sees only its own area and what lies below it (see
core.scoping); the permissions here say what it may change there.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CITY_LEADER = "city_leader", "市领导"
    DETACHMENT_OFFICE = "detachment_office", "支队办公室"
    BRIGADE = "brigade", "消防大队"
    DEPARTMENT = "department", "行业部门"
    GRID_WORKER = "grid_worker", "乡镇街道/网格员"
    PROPERTY_MANAGER = "property_manager", "物业/场所负责人"
    AUDITOR = "auditor", "审计（只读）"
    ADMIN = "admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


#: 三员分立: the system, security and audit administrators are three people;
#: no account may hold two of these roles
SEPARATED_ROLES: frozenset[str] = frozenset({Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
SEPARATION_MESSAGE = (
    "系统管理员、安全管理员、审计管理员三个角色必须由不同的人担任（三员分立），"
    "一个账号只能持有其中一个。"
)


class Permission(models.TextChoices):
    VIEW = "view", "查看本辖区数据"
    MANAGE_USERS = "manage_users", "管理用户账号、角色与辖区"
    MANAGE_AREAS = "manage_areas", "管理区域"
    MANAGE_ORGANISATIONS = "manage_organisations", "管理单位"
    GIVE_INSTRUCTIONS = "give_instructions", "作出批示"
    ASSIGN_TASKS = "assign_tasks", "交办任务、督办、对账销号"
    REPORT_PROGRESS = "report_progress", "报告任务进展"
    INSPECT = "inspect", "检查场所、登记隐患"
    SELF_INSPECT = "self_inspect", "自查自改"
    VERIFY_HAZARDS = "verify_hazards", "验收隐患整改、销号"
    ENFORCE = "enforce", "执法处置"
    MANAGE_COMPLAINTS = "manage_complaints", "导入、分派 12345 工单"
    HANDLE_COMPLAINTS = "handle_complaints", "办理 12345 工单"
    VIEW_PERSONAL_DATA = "view_personal_data", "查看 12345 来电人姓名和电话原文（每次查看留痕）"
    REPORT_INCIDENTS = "report_incidents", "紧急信息报送、值班调度"
    COMPILE_BRIEFINGS = "compile_briefings", "编制通报"
    HANDLE_REWARDS = (
        "handle_rewards",
        "办理有奖举报（核实、定奖、发放，查看举报人联系方式：每次查看留痕）",
    )
    APPROVE_REWARDS = "approve_rewards", "审批有奖举报奖励、设置奖励标准"
    MANAGE_DUTY = "manage_duty", "值班排班、调度安排、迎检准备"
    SUBMIT_DISPATCH = "submit_dispatch", "报送每日调度情况"
    CONFIGURE_URGENT_REPORTS = "configure_urgent_reports", "配置紧急信息报送规则与提醒"
    VIEW_SECURITY_LOG = "view_security_log", "查看安全审计日志"


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CITY_LEADER: frozenset({P.VIEW, P.GIVE_INSTRUCTIONS}),
    Role.DETACHMENT_OFFICE: frozenset(
        {
            P.VIEW,
            P.MANAGE_ORGANISATIONS,
            P.ASSIGN_TASKS,
            P.REPORT_PROGRESS,
            P.INSPECT,
            P.VERIFY_HAZARDS,
            P.ENFORCE,
            P.MANAGE_COMPLAINTS,
            P.HANDLE_COMPLAINTS,
            P.VIEW_PERSONAL_DATA,
            P.REPORT_INCIDENTS,
            P.COMPILE_BRIEFINGS,
            P.HANDLE_REWARDS,
            P.APPROVE_REWARDS,
            P.MANAGE_DUTY,
            P.SUBMIT_DISPATCH,
        }
    ),
    Role.BRIGADE: frozenset(
        {
            P.VIEW,
            P.REPORT_PROGRESS,
            P.INSPECT,
            P.VERIFY_HAZARDS,
            P.ENFORCE,
            P.HANDLE_COMPLAINTS,
            P.VIEW_PERSONAL_DATA,
            P.REPORT_INCIDENTS,
            P.HANDLE_REWARDS,
            P.MANAGE_DUTY,
            P.SUBMIT_DISPATCH,
        }
    ),
    Role.DEPARTMENT: frozenset(
        {P.VIEW, P.REPORT_PROGRESS, P.HANDLE_COMPLAINTS, P.VIEW_PERSONAL_DATA, P.SUBMIT_DISPATCH}
    ),
    # township offices are dispatched 12345 orders of their area and reply to them
    # (and call the caller back: they may reveal the caller's number)
    Role.GRID_WORKER: frozenset(
        {P.VIEW, P.REPORT_PROGRESS, P.INSPECT, P.HANDLE_COMPLAINTS, P.VIEW_PERSONAL_DATA}
    ),
    Role.PROPERTY_MANAGER: frozenset({P.VIEW, P.SELF_INSPECT, P.REPORT_PROGRESS}),
    Role.AUDITOR: frozenset({P.VIEW, P.VIEW_SECURITY_LOG}),
    # the system administrator runs the system but neither assigns roles nor reads the
    # security log: those are the security and the audit administrator's (三员分立)
    Role.ADMIN: frozenset(P.values) - {P.MANAGE_USERS, P.VIEW_SECURITY_LOG},
    Role.SECURITY_ADMIN: frozenset({P.VIEW, P.MANAGE_USERS}),
    Role.AUDIT_ADMIN: frozenset({P.VIEW, P.VIEW_SECURITY_LOG}),
}


def separation_conflict(roles: frozenset[str] | set[str]) -> bool:
    """True when `roles` hold more than one of the three separated administrator roles."""
    return len(SEPARATED_ROLES & set(roles)) > 1


# duty desk: roster, daily dispatch and upcoming inspections


def permissions_of(roles: frozenset[str] | set[str]) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code
