"""The staff side of a reward report: verify → decide the reward → approve (by
someone other than who decided) → pay, recorded in the ledger; the reporter is
told each outcome by text message and on the status page.

`TRANSITIONS` is the table; every move is in the report's history.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core import clock
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import apply_edit, set_history_user
from xiaoan.hazards.choices import InspectionKind, Severity
from xiaoan.hazards.models import Hazard
from xiaoan.hazards.services import HazardSpec, do_record_inspection
from xiaoan.places.models import Place

from ..choices import PayoutMethod, ReportState, Verdict
from ..models import RewardPayout, RewardReport
from ..sms import notifier
from .rules import rule_for
from .submission import handlers_of

S = ReportState

#: action → (states it may start from, permission needed)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "verify": (frozenset({S.SUBMITTED}), Permission.HANDLE_REWARDS),
    "decide": (frozenset({S.VERIFIED}), Permission.HANDLE_REWARDS),
    "approve": (frozenset({S.DECIDED}), Permission.APPROVE_REWARDS),
    "return": (frozenset({S.DECIDED}), Permission.APPROVE_REWARDS),
    "pay": (frozenset({S.APPROVED}), Permission.HANDLE_REWARDS),
    "move": (frozenset({S.SUBMITTED, S.VERIFIED}), Permission.HANDLE_REWARDS),
}

ACTION_LABELS = {
    "verify": "核实",
    "decide": "定奖",
    "approve": "审批通过",
    "return": "退回重新定奖",
    "pay": "登记发放",
    "move": "调整区域",
}

FIRST_ONLY = "该隐患此前已有人举报，按规定只奖励首位举报人，本次举报不予奖励。"


def allowed_actions(report: RewardReport, user: User | None) -> list[str]:
    actions = []
    for action, (sources, permission) in TRANSITIONS.items():
        if report.state not in sources:
            continue
        if user is not None and not user.can(permission):
            continue
        if action in ("approve", "return") and user is not None and report.decided_by_id == user.pk:
            continue
        actions.append(action)
    return actions


def locked(report: RewardReport, action: str, acting_user: User | None) -> RewardReport:
    """The report, locked for the move, after checking state, role and area."""
    report = RewardReport.objects.select_for_update().select_related("area").get(pk=report.pk)
    sources, permission = TRANSITIONS[action]
    if report.state not in sources:
        raise InvalidTransitionError(
            f"举报当前状态为“{report.get_state_display()}”，不能{ACTION_LABELS[action]}。"
        )
    if acting_user is not None:
        if not acting_user.can(permission):
            raise PermissionDeniedError(f"您的角色无权{ACTION_LABELS[action]}。")
        check_permission(acting_user, permission, report.area)
    return report


def save_move(report: RewardReport, acting_user: User | None, reason: str) -> RewardReport:
    report.version += 1
    report.updated_at = clock.now()
    full_clean(report)
    set_history_user(report, acting_user, reason=reason)
    report.save()
    return report


def close(report: RewardReport, outcome: str) -> None:
    report.outcome = outcome
    report.closed_at = clock.now()
    notifier.tell(report, f"您的消防隐患举报（编号 {report.code}）{outcome}")


@transaction.atomic
def do_move_report(
    report: RewardReport, *, acting_user: User | None, area: Area, expected_version: int
) -> RewardReport:
    """Put the report in the area that will handle it (the reporter may not have chosen one)."""
    report = locked(report, "move", acting_user)
    check_permission(acting_user, Permission.HANDLE_REWARDS, area)
    return apply_edit(
        report,
        {"area": area},
        acting_user=acting_user,
        expected_version=expected_version,
        reason=f"调整区域为{area.name}",
    )


def hazard_from_report(
    report: RewardReport,
    *,
    acting_user: User,
    place: Place,
    category: str,
    severity: str,
    major_element: str = "",
) -> Hazard:
    """Record the hazard found when checking the report on site, through the
    hazard desk's own inspection service."""
    inspection = do_record_inspection(
        acting_user=acting_user,
        place=place,
        kind=InspectionKind.BRIGADE,
        hazards=[
            HazardSpec(
                category=category,
                description=report.description,
                severity=severity,
                major_element=major_element,
            )
        ],
        notes=f"核查有奖举报 {report.code}：{report.address}",
    )
    return inspection.hazards.get()


@transaction.atomic
def do_verify_report(
    report: RewardReport,
    *,
    acting_user: User | None,
    verdict: str,
    note: str = "",
    hazard: Hazard | None = None,
    duplicate_of: RewardReport | None = None,
) -> RewardReport:
    """Record what checking the report found: true (optionally linked to a hazard),
    false, or a duplicate of an earlier report. False and duplicate finish it."""
    report = locked(report, "verify", acting_user)
    if verdict not in Verdict.values:
        raise XiaoanError("核实结论应为属实、不属实或重复举报。")
    if verdict != Verdict.TRUE and hazard is not None:
        raise XiaoanError("只有核实属实的举报才能关联隐患。")
    if verdict == Verdict.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == report.pk:
            raise XiaoanError("重复举报须选择与之重复的另一条举报。")
        if (duplicate_of.created_at, duplicate_of.pk) > (report.created_at, report.pk):
            raise XiaoanError(f"举报 {duplicate_of.code} 晚于本举报，不能作为重复对象。")
    elif duplicate_of is not None:
        raise XiaoanError("只有重复举报才能选择重复对象。")
    if verdict != Verdict.TRUE and not note.strip():
        raise XiaoanError("请写明核实情况，将告知举报人。")
    if hazard is not None and acting_user is not None:
        check_permission(acting_user, Permission.VIEW, hazard.area)
    report.verdict = verdict
    report.verification_note = note.strip()
    report.verified_by = acting_user
    report.verified_at = clock.now()
    report.hazard = hazard
    report.duplicate_of = duplicate_of
    if verdict == Verdict.TRUE:
        report.state = S.VERIFIED
        notifier.tell(report, f"您的消防隐患举报（编号 {report.code}）经核实属实，正在评定奖励。")
    elif verdict == Verdict.FALSE:
        report.state = S.REJECTED
        close(report, f"经核实不属实：{report.verification_note}")
    else:
        report.state = S.DUPLICATE
        close(report, f"经核实为重复举报，该情况此前已有人举报并已受理：{report.verification_note}")
    return save_move(report, acting_user, f"核实：{report.get_verdict_display()}")


def earlier_reporter(report: RewardReport) -> RewardReport | None:
    """Another report of the same hazard that came first (and was found true), or
    one already rewarded: only the first reporter of a hazard is rewarded."""
    if report.hazard_id is None:
        return None
    others = RewardReport.objects.filter(hazard_id=report.hazard_id, verdict=Verdict.TRUE).exclude(
        pk=report.pk
    )
    rewarded = others.filter(
        state__in=(S.DECIDED, S.APPROVED, S.PAID), amount__gt=Decimal(0)
    ).first()
    if rewarded is not None:
        return rewarded
    for other in others.order_by("created_at", "pk"):
        if (other.created_at, other.pk) < (report.created_at, report.pk):
            return other
    return None


@transaction.atomic
def do_decide_reward(
    report: RewardReport, *, acting_user: User | None, severity: str = ""
) -> RewardReport:
    """Decide the reward from the rules: the amount for the hazard's severity (the
    linked hazard's, else the one given), nothing for a later reporter of a hazard
    already reported. A reward then awaits approval; no reward finishes the report."""
    report = locked(report, "decide", acting_user)
    hazard = Hazard.objects.filter(pk=report.hazard_id).first() if report.hazard_id else None
    if hazard is not None:
        severity = hazard.severity
    if severity not in Severity.values:
        raise XiaoanError("未关联隐患时，请选择隐患等级（一般隐患或重大火灾隐患）。")
    report.severity = severity
    report.decided_by = acting_user
    report.decided_at = clock.now()
    first = earlier_reporter(report)
    if first is not None:
        report.amount = Decimal(0)
        report.reward_reason = f"{FIRST_ONLY}（首位举报：{first.code}）"
        report.state = S.NO_REWARD
        close(report, f"经核实属实，感谢您的举报。{FIRST_ONLY}")
        return save_move(report, acting_user, "定奖：不予奖励（非首位举报人）")
    rule = rule_for(report.area, severity)
    if rule is None:
        label = Severity(severity).label
        raise XiaoanError(f"尚未设置“{label}”的奖励标准，请先在“奖励标准”中设置。")
    report.amount = rule.amount
    report.reward_reason = (
        f"按{rule.area.name}奖励标准：{rule.get_severity_display()} {rule.amount} 元"
    )
    if rule.amount <= 0:
        report.state = S.NO_REWARD
        close(report, "经核实属实，感谢您的举报。按奖励标准，此类隐患不设奖励。")
    else:
        report.state = S.DECIDED
        approvers = [
            u
            for u in handlers_of(report.area, Permission.APPROVE_REWARDS)
            if acting_user is None or u.pk != acting_user.pk
        ]
        notify(
            approvers,
            title=f"有奖举报 {report.code} 待审批：{report.amount} 元",
            body=f"{report.address}：{report.reward_reason}",
            link=f"/rewards/{report.pk}/",
            kind="reward_report",
        )
    return save_move(report, acting_user, f"定奖：{report.amount} 元")


@transaction.atomic
def do_approve_reward(report: RewardReport, *, acting_user: User | None) -> RewardReport:
    """Approve the decided reward; the approver must not be the one who decided it."""
    report = locked(report, "approve", acting_user)
    if acting_user is not None and report.decided_by_id == acting_user.pk:
        raise PermissionDeniedError("奖励须由定奖人以外的人审批。")
    report.state = S.APPROVED
    report.approved_by = acting_user
    report.approved_at = clock.now()
    notifier.tell(
        report,
        f"您的消防隐患举报（编号 {report.code}）经核实属实，奖励 {report.amount} 元已批准，"
        "工作人员将与您联系发放。",
    )
    return save_move(report, acting_user, "审批通过")


@transaction.atomic
def do_return_decision(
    report: RewardReport, *, acting_user: User | None, reason: str
) -> RewardReport:
    """The approver sends the decision back to be decided again."""
    report = locked(report, "return", acting_user)
    if not reason.strip():
        raise XiaoanError("请写明退回原因。")
    if acting_user is not None and report.decided_by_id == acting_user.pk:
        raise PermissionDeniedError("奖励须由定奖人以外的人审批。")
    report.state = S.VERIFIED
    report.amount = None
    report.reward_reason = ""
    report.decided_by = None
    report.decided_at = None
    return save_move(report, acting_user, f"退回重新定奖：{reason.strip()}")


@transaction.atomic
def do_pay_reward(
    report: RewardReport,
    *,
    acting_user: User | None,
    method: str,
    reference: str,
    note: str = "",
) -> RewardPayout:
    """Record the payment of an approved reward in the ledger; the report is finished."""
    report = locked(report, "pay", acting_user)
    if method not in PayoutMethod.values:
        raise XiaoanError("请选择发放方式。")
    if not reference.strip():
        raise XiaoanError("请填写发放凭证号（转账流水号或收据编号）。")
    if acting_user is None:
        raise XiaoanError("发放须由经办人登记。")
    payout = RewardPayout(
        report=report,
        amount=report.amount or Decimal(0),
        method=method,
        reference=reference.strip(),
        paid_by=acting_user,
        paid_at=clock.now(),
        note=note.strip(),
    )
    full_clean(payout)
    set_history_user(payout, acting_user)
    payout.save()
    report.state = S.PAID
    close(
        report,
        f"经核实属实，奖励 {payout.amount} 元已通过{payout.get_method_display()}发放。感谢您的举报！",
    )
    save_move(report, acting_user, f"登记发放：{payout.amount} 元")
    return payout
