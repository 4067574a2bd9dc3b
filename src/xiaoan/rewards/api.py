"""/api/reward-reports: reward reports and their handling; /api/reward-payouts: the ledger.
The reporter's name and phone are masked; roles that handle rewards reveal one
report's at a time (POST …/personal, logged)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from xiaoan.core.errors import XiaoanError
from xiaoan.core.inputs import InputSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.personal import reveal
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.hazards.models import Hazard
from xiaoan.places.models import Place

from . import services
from .contact import CONTACT_FIELDS, CONTACT_PERMISSION, mask_name, mask_phone
from .filters import PayoutFilter, RewardReportFilter
from .models import RewardPayout, RewardReport

router = Router()
TAGS = ["rewards"]


class RewardReportOut(Schema):
    id: int
    code: str
    submitted_at: dt.datetime
    description: str
    address: str
    reporter_name: str
    phone: str
    area_id: int
    area_name: str
    state: str
    state_label: str
    verdict: str
    verification_note: str
    hazard_id: int | None
    duplicate_of_id: int | None
    severity: str
    amount: Decimal | None
    reward_reason: str
    decided_by_id: int | None
    approved_by_id: int | None
    outcome: str
    satisfaction: str
    version: int

    @staticmethod
    def resolve_submitted_at(obj: RewardReport) -> dt.datetime:
        return obj.created_at

    @staticmethod
    def resolve_phone(obj: RewardReport) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_reporter_name(obj: RewardReport) -> str:
        return mask_name(obj.reporter_name)

    @staticmethod
    def resolve_area_name(obj: RewardReport) -> str:
        return obj.area.name

    @staticmethod
    def resolve_state_label(obj: RewardReport) -> str:
        return obj.get_state_display()


class RewardReportDetailOut(RewardReportOut):
    allowed_actions: list[str]


@router.get(
    "/reward-reports", response=list[RewardReportOut], tags=TAGS, summary="有奖举报（本辖区及下级）"
)
@paginate(BoundedPagination)
def list_reports(request: HttpRequest, filters: Query[RewardReportFilter]) -> Any:
    qs = filters.filter(RewardReport.objects.restrict(request.user).select_related("area"))
    return qs.order_by("-created_at", "-id")


def report_detail(request: HttpRequest, report_id: int) -> RewardReport:
    report = get_visible_or_404(
        RewardReport.objects.select_related("area"), request.user, pk=report_id
    )
    report.allowed_actions = services.allowed_actions(report, actor(request))  # type: ignore[attr-defined]
    return report


@router.get(
    "/reward-reports/{int:report_id}",
    response=RewardReportDetailOut,
    tags=TAGS,
    summary="一条有奖举报",
)
def get_report(request: HttpRequest, report_id: int) -> Any:
    return report_detail(request, report_id)


class ContactOut(Schema):
    reporter_name: str
    phone: str


@router.post(
    "/reward-reports/{int:report_id}/personal",
    response=ContactOut,
    tags=TAGS,
    summary="查看举报人姓名和电话原文（需办理有奖举报权限，记入安全审计日志）",
)
def reveal_contact(request: HttpRequest, report_id: int) -> Any:
    report = get_visible_or_404(RewardReport.objects.all(), request.user, pk=report_id)
    reveal(request, report, CONTACT_FIELDS, permission=CONTACT_PERMISSION)
    return {"reporter_name": report.reporter_name, "phone": report.phone}


class VerifyIn(InputSchema):
    verdict: str
    note: str = ""
    hazard_id: int | None = None
    duplicate_of_id: int | None = None
    #: instead of hazard_id: record a new hazard at this place
    place_id: int | None = None
    category: str = ""
    severity: str = "ordinary"
    major_element: str = ""


@router.post(
    "/reward-reports/{int:report_id}/verify",
    response=RewardReportDetailOut,
    tags=TAGS,
    summary="核实（verdict: true/false/duplicate；可关联已有隐患 hazard_id，或在场所 place_id 登记新隐患）",
)
def verify_report(request: HttpRequest, report_id: int, payload: VerifyIn) -> Any:
    user = actor(request)
    report = get_visible_or_404(RewardReport.objects.all(), user, pk=report_id)
    with transaction.atomic():
        hazard = None
        if payload.hazard_id is not None:
            hazard = get_visible_or_404(
                Hazard.objects.select_related("area"), user, pk=payload.hazard_id
            )
        elif payload.place_id is not None:
            if payload.verdict != "true":
                raise XiaoanError("只有核实属实的举报才能登记隐患。")
            place = get_visible_or_404(
                Place.objects.select_related("area"), user, pk=payload.place_id
            )
            hazard = services.hazard_from_report(
                report,
                acting_user=user,
                place=place,
                category=payload.category,
                severity=payload.severity,
                major_element=payload.major_element,
            )
        duplicate_of = (
            get_visible_or_404(RewardReport.objects.all(), user, pk=payload.duplicate_of_id)
            if payload.duplicate_of_id is not None
            else None
        )
        services.do_verify_report(
            report,
            acting_user=user,
            verdict=payload.verdict,
            note=payload.note,
            hazard=hazard,
            duplicate_of=duplicate_of,
        )
    return report_detail(request, report_id)


class DecideIn(InputSchema):
    severity: str = ""


@router.post(
    "/reward-reports/{int:report_id}/decide",
    response=RewardReportDetailOut,
    tags=TAGS,
    summary="按奖励标准定奖（未关联隐患时给出 severity）",
)
def decide_reward(request: HttpRequest, report_id: int, payload: DecideIn) -> Any:
    report = get_visible_or_404(RewardReport.objects.all(), request.user, pk=report_id)
    services.do_decide_reward(report, acting_user=actor(request), severity=payload.severity)
    return report_detail(request, report_id)


@router.post(
    "/reward-reports/{int:report_id}/approve",
    response=RewardReportDetailOut,
    tags=TAGS,
    summary="审批奖励（审批人不能是定奖人）",
)
def approve_reward(request: HttpRequest, report_id: int) -> Any:
    report = get_visible_or_404(RewardReport.objects.all(), request.user, pk=report_id)
    services.do_approve_reward(report, acting_user=actor(request))
    return report_detail(request, report_id)


class ReturnIn(InputSchema):
    reason: str


@router.post(
    "/reward-reports/{int:report_id}/return",
    response=RewardReportDetailOut,
    tags=TAGS,
    summary="退回重新定奖（写明原因；不能由定奖人退回）",
)
def return_decision(request: HttpRequest, report_id: int, payload: ReturnIn) -> Any:
    report = get_visible_or_404(RewardReport.objects.all(), request.user, pk=report_id)
    services.do_return_decision(report, acting_user=actor(request), reason=payload.reason)
    return report_detail(request, report_id)


class PayIn(InputSchema):
    method: str
    reference: str
    note: str = ""


class PayoutOut(Schema):
    id: int
    report_id: int
    report_code: str
    amount: Decimal
    method: str
    method_label: str
    reference: str
    paid_by_id: int
    paid_at: dt.datetime
    note: str

    @staticmethod
    def resolve_report_code(obj: RewardPayout) -> str:
        return obj.report.code

    @staticmethod
    def resolve_method_label(obj: RewardPayout) -> str:
        return obj.get_method_display()


@router.post(
    "/reward-reports/{int:report_id}/pay",
    response={201: PayoutOut},
    tags=TAGS,
    summary="登记奖励发放（记入发放台账）",
)
def pay_reward(request: HttpRequest, report_id: int, payload: PayIn) -> Any:
    report = get_visible_or_404(RewardReport.objects.all(), request.user, pk=report_id)
    return Status(
        201,
        services.do_pay_reward(
            report,
            acting_user=actor(request),
            method=payload.method,
            reference=payload.reference,
            note=payload.note,
        ),
    )


@router.get("/reward-payouts", response=list[PayoutOut], tags=TAGS, summary="奖励发放台账")
@paginate(BoundedPagination)
def list_payouts(request: HttpRequest, filters: Query[PayoutFilter]) -> Any:
    qs = filters.filter(RewardPayout.objects.restrict(request.user).select_related("report"))
    return qs.order_by("-paid_at", "-id")
