"""Staff pages of reward reports: the list with filters and Excel export, the
detail with its history and actions, and the payout ledger."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xiaoan.areas.models import Area
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.models import Attachment
from xiaoan.core.personal import reveal_response, wants_clear_export
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.securitylog import record_export
from xiaoan.core.views import actor, paginate
from xiaoan.hazards.choices import Severity
from xiaoan.hazards.models import Hazard
from xiaoan.places.models import Place

from . import services
from .choices import PayoutMethod, ReportState
from .contact import (
    CONTACT_FIELDS,
    CONTACT_PERMISSION,
    mask_name,
    mask_phone,
    may_see_contact,
)
from .filters import PayoutFilter, RewardReportFilter
from .forms import DecideForm, PayForm, VerifyForm, version_of
from .models import RewardPayout, RewardReport


def district_choices(user: Any) -> Any:
    return Area.objects.restrict(user).filter(level__lte=Area.Level.TOWNSHIP).order_by("path")


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    filters, error = parse_filter(RewardReportFilter, request.GET)
    qs = filters.filter(RewardReport.objects.restrict(user).select_related("area"))
    page = paginate(request, qs.order_by("-created_at", "-id"))
    for report in page.object_list:
        report.shown_phone = mask_phone(report.phone)
        report.shown_name = mask_name(report.reporter_name)
    return render(
        request,
        "rewards/report_list.html",
        {
            "page": page,
            "error": error,
            "states": ReportState.choices,
            "areas": district_choices(user),
            "sees_contact": may_see_contact(user),
        },
    )


@login_required
def report_export(request: HttpRequest) -> HttpResponseBase:
    from .exports import export_reports

    user = actor(request)
    filters, error = parse_filter(RewardReportFilter, request.GET)
    if error:
        messages.error(request, error)
        return redirect("reward-list")
    try:
        clear = wants_clear_export(request, CONTACT_PERMISSION)
    except XiaoanError as exc:
        messages.error(request, exc.message)
        return redirect("reward-list")
    reports = filters.filter(RewardReport.objects.restrict(user))
    record_export(request, "有奖举报（含个人信息原文）" if clear else "有奖举报", reports.count())
    return export_reports(reports, user, clear=clear)


@login_required
@require_POST
def report_reveal(request: HttpRequest, report_id: int) -> HttpResponse:
    """查看: one report's reporter name and phone in clear, for the roles that
    handle rewards; every reveal is in the security log."""
    report = get_visible_or_404(RewardReport.objects.all(), actor(request), pk=report_id)
    return reveal_response(
        request,
        report,
        CONTACT_FIELDS,
        permission=CONTACT_PERMISSION,
        back_url=reverse("reward-detail", args=[report.pk]),
    )


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    user = actor(request)
    report = get_visible_or_404(
        RewardReport.objects.select_related(
            "area",
            "hazard",
            "hazard__place",
            "duplicate_of",
            "verified_by",
            "decided_by",
            "approved_by",
        ),
        user,
        pk=report_id,
    )
    actions = services.allowed_actions(report, user)
    photos = Attachment.objects.filter(target_type__model="rewardreport", target_id=report.pk)
    return render(
        request,
        "rewards/report_detail.html",
        {
            "report": report,
            "contact": " ".join(
                x for x in (mask_name(report.reporter_name), mask_phone(report.phone)) if x
            ),
            "reveal_url": reverse("reward-reveal", args=[report.pk])
            if may_see_contact(user)
            else "",
            "photos": photos,
            "actions": actions,
            "verify_form": VerifyForm() if "verify" in actions else None,
            "decide_form": DecideForm() if "decide" in actions else None,
            "pay_form": PayForm() if "pay" in actions else None,
            "areas": district_choices(user) if "move" in actions else None,
            "payout": RewardPayout.objects.filter(report=report).select_related("paid_by").first(),
            "same_hazard": RewardReport.objects.restrict(user)
            .filter(hazard_id=report.hazard_id)
            .exclude(pk=report.pk)
            .order_by("created_at")
            if report.hazard_id
            else [],
            "messages_sent": report.messages.order_by("created_at", "id")
            if may_see_contact(user)
            else [],
            "history": history_entries(report),
        },
    )


def verify_arguments(request: HttpRequest, report: RewardReport, user: Any) -> dict[str, Any]:
    """The verify form's values as the service takes them: a hazard picked by id or
    created at a place, and the earlier report this one duplicates."""
    form = VerifyForm(request.POST)
    if not form.is_valid():
        raise XiaoanError(
            "核实信息填写有误：" + "；".join(str(e) for errs in form.errors.values() for e in errs)
        )
    data = form.cleaned_data
    hazard = None
    if data["hazard"]:
        hazard = get_visible_or_404(Hazard.objects.select_related("area"), user, pk=data["hazard"])
    elif data["place"]:
        if data["verdict"] != "true":
            raise XiaoanError("只有核实属实的举报才能登记隐患。")
        place = get_visible_or_404(Place.objects.select_related("area"), user, pk=data["place"])
        if not data["category"]:
            raise XiaoanError("登记新隐患须选择隐患类别。")
        hazard = services.hazard_from_report(
            report,
            acting_user=user,
            place=place,
            category=data["category"],
            severity=data["severity"] or Severity.ORDINARY,
            major_element=data["major_element"],
        )
    duplicate_of = None
    if data["duplicate_of"]:
        code = services.normalise_code(data["duplicate_of"])
        duplicate_of = RewardReport.objects.restrict(user).filter(code=code).first()
        if duplicate_of is None:
            raise XiaoanError(f"没有找到受理编号为 {code} 的举报。")
    return {
        "verdict": data["verdict"],
        "note": data["note"],
        "hazard": hazard,
        "duplicate_of": duplicate_of,
    }


@login_required
@require_POST
def report_act(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    user = actor(request)
    report = get_visible_or_404(RewardReport.objects.select_related("area"), user, pk=report_id)
    try:
        with transaction.atomic():
            done = perform(request, report, user, action)
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("reward-detail", report_id=report.pk)


def perform(request: HttpRequest, report: RewardReport, user: Any, action: str) -> str:
    post = request.POST
    if action == "verify":
        report = services.do_verify_report(
            report, acting_user=user, **verify_arguments(request, report, user)
        )
        return f"已核实：{report.get_verdict_display()}。"
    if action == "decide":
        report = services.do_decide_reward(
            report, acting_user=user, severity=post.get("severity", "")
        )
        return f"已定奖：{report.get_state_display()}（{report.amount} 元）。"
    if action == "approve":
        services.do_approve_reward(report, acting_user=user)
        return "已审批通过，等待发放。"
    if action == "return":
        services.do_return_decision(report, acting_user=user, reason=post.get("reason", ""))
        return "已退回重新定奖。"
    if action == "pay":
        form = PayForm(post)
        if not form.is_valid():
            raise XiaoanError("请选择发放方式并填写凭证号。")
        payout = services.do_pay_reward(report, acting_user=user, **form.cleaned_data)
        return f"已登记发放 {payout.amount} 元。"
    if action == "move":
        area = get_visible_or_404(Area.objects.all(), user, pk=post.get("area") or 0)
        services.do_move_report(
            report, acting_user=user, area=area, expected_version=version_of(post)
        )
        return f"已调整区域为{area.name}。"
    raise XiaoanError("未知操作。")


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    filters, error = parse_filter(PayoutFilter, request.GET)
    qs = filters.filter(RewardPayout.objects.restrict(user)).select_related(
        "report", "report__area", "paid_by"
    )
    page = paginate(request, qs.order_by("-paid_at", "-id"))
    return render(
        request,
        "rewards/ledger.html",
        {
            "page": page,
            "error": error,
            "total": qs.aggregate(total=Sum("amount"))["total"] or 0,
            "methods": PayoutMethod.choices,
            "areas": district_choices(user),
            "sees_contact": may_see_contact(user),
        },
    )


@login_required
def ledger_export(request: HttpRequest) -> HttpResponseBase:
    from .exports import export_payouts

    user = actor(request)
    filters, error = parse_filter(PayoutFilter, request.GET)
    if error:
        messages.error(request, error)
        return redirect("reward-ledger")
    try:
        clear = wants_clear_export(request, CONTACT_PERMISSION)
    except XiaoanError as exc:
        messages.error(request, exc.message)
        return redirect("reward-ledger")
    payouts = filters.filter(RewardPayout.objects.restrict(user))
    record_export(
        request,
        "有奖举报奖励发放台账（含个人信息原文）" if clear else "有奖举报奖励发放台账",
        payouts.count(),
    )
    return export_payouts(payouts, user, clear=clear)
