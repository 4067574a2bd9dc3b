"""The public pages (no login): report a hazard, get a ticket code, check the
status and say how satisfied you are. Each shows only the reporter's own report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoan.areas.models import Area
from xiaoan.core.clientaddr import client_address
from xiaoan.core.errors import XiaoanError

from . import services
from .forms import CONSENT_TEXT, PublicReportForm, SatisfactionForm, StatusForm
from .models import RewardReport
from .ratelimit import guarded_lookup, submission_slot

SESSION_KEY = "reward_report_code"
NOT_FOUND = "没有找到这个受理编号，请核对后重新输入（编号共 10 位，不含字母 O、I、L 和数字 0、1）。"


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    form = PublicReportForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST":
        try:
            with submission_slot(client_address(request)):
                area_id = request.POST.get("area") or ""
                area = Area.objects.filter(pk=int(area_id)).first() if area_id.isdigit() else None
                photos = [(f.name or "photo", f) for f in request.FILES.getlist("photos")]
                report = services.do_submit_report(
                    description=request.POST.get("description", ""),
                    address=request.POST.get("address", ""),
                    phone=request.POST.get("phone", ""),
                    reporter_name=request.POST.get("reporter_name", ""),
                    area=area,
                    photos=photos,
                    consent=request.POST.get("consent") in ("on", "true", "1"),
                )
        except XiaoanError as exc:
            error = exc.message
            status = getattr(exc, "status", 400)
            return render(
                request,
                "rewards/public_report.html",
                {"form": form, "error": error, "consent_text": CONSENT_TEXT},
                status=status,
            )
        request.session[SESSION_KEY] = report.code
        return redirect("public-report-done")
    return render(
        request, "rewards/public_report.html", {"form": form, "consent_text": CONSENT_TEXT}
    )


def report_done(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_KEY)
    if not code:
        return redirect("public-report")
    return render(request, "rewards/public_done.html", {"code": code})


def status_context(report: RewardReport | None) -> dict[str, object]:
    if report is None:
        return {}
    view = services.public_view(report)
    ask = view["closed"] and not report.satisfaction
    return {
        "report": view,
        "satisfaction_form": SatisfactionForm(initial={"code": report.code}) if ask else None,
    }


@require_http_methods(["GET", "POST"])
def report_status(request: HttpRequest) -> HttpResponse:
    """The code travels in a POST, so it stays out of addresses and server logs."""
    form = StatusForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            report = guarded_lookup(client_address(request), lambda: services.find_by_code(code))
        except XiaoanError as exc:
            context["error"] = exc.message
            return render(request, "rewards/public_status.html", context, status=429)
        if report is None:
            context["error"] = NOT_FOUND
        else:
            context.update(status_context(report))
    return render(request, "rewards/public_status.html", context)


@require_POST
def report_satisfaction(request: HttpRequest) -> HttpResponse:
    form = SatisfactionForm(request.POST)
    code = request.POST.get("code", "")
    context: dict[str, object] = {"form": StatusForm(initial={"code": code})}
    try:
        # the same wrong-code limit as the status page: this is a lookup too
        report = guarded_lookup(client_address(request), lambda: services.find_by_code(code))
    except XiaoanError as exc:
        context["error"] = exc.message
        return render(request, "rewards/public_status.html", context, status=429)
    if report is None:
        context["error"] = NOT_FOUND
        return render(request, "rewards/public_status.html", context, status=404)
    try:
        if not form.is_valid():
            raise XiaoanError("请选择满意、基本满意或不满意。")
        report = services.do_record_satisfaction(
            report, answer=form.cleaned_data["answer"], note=form.cleaned_data["note"]
        )
    except XiaoanError as exc:
        context["error"] = exc.message
    else:
        messages.success(request, "感谢您的评价！")
    context.update(status_context(report))
    return render(request, "rewards/public_status.html", context)
