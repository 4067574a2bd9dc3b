"""Pages of incidents and their urgent reports: the list, recording an alarm, the
incident with its live clock, sending a report, and the on-time rate by area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.exports import xlsx_response
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import paginate

from .. import queries, services
from ..choices import ClockState, IncidentKind
from ..filters import IncidentFilter
from ..forms import IncidentEditForm, IncidentForm, ReportForm
from ..models import Incident
from .common import can, local, parse_day

STATE_LABELS: dict[str, str] = dict(ClockState.choices)
STATE_BADGES: dict[str, str] = {
    ClockState.NOT_REQUIRED: "text-bg-light",
    ClockState.RUNNING: "text-bg-warning",
    ClockState.OVERDUE: "text-bg-danger",
    ClockState.ON_TIME: "text-bg-success",
    ClockState.LATE: "text-bg-danger",
}


def annotate(incident: Incident, now: dt.datetime) -> Incident:
    state = queries.clock_state(incident, now)
    incident.state = state  # type: ignore[attr-defined]
    incident.state_label = STATE_LABELS[state]  # type: ignore[attr-defined]
    incident.state_badge = STATE_BADGES[state]  # type: ignore[attr-defined]
    return incident


@login_required
def incident_list(request: HttpRequest) -> HttpResponseBase:
    filters, error = parse_filter(IncidentFilter, request.GET)
    qs = (
        filters.filter(Incident.objects.restrict(request.user))
        .select_related("area")
        .order_by("-alarm_at", "-id")
    )
    now = clock.now()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "警情",
            [
                "接警时间",
                "区域",
                "类型",
                "地址",
                "场所",
                "死亡",
                "受伤",
                "被困",
                "报送依据",
                "首报截止",
                "首报时间",
                "报送状态",
            ],
            (
                [
                    local(i.alarm_at),
                    i.area.name,
                    i.get_kind_display(),
                    i.address,
                    i.place_name,
                    i.dead,
                    i.injured,
                    i.trapped,
                    i.report_reasons,
                    local(i.report_deadline),
                    local(i.first_report_at),
                    STATE_LABELS[queries.clock_state(i, now)],
                ]
                for i in qs.iterator()
            ),
            "紧急信息警情.xlsx",
        )
    page = paginate(request, qs)
    for incident in page:
        annotate(incident, now)
    return render(
        request,
        "duty/incident_list.html",
        {
            "page": page,
            "error": error,
            "kinds": IncidentKind.choices,
            "states": ClockState.choices,
            "can_record": can(request, Permission.REPORT_INCIDENTS),
            "can_configure": can(request, Permission.CONFIGURE_URGENT_REPORTS),
        },
    )


@login_required
def incident_create(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    if not user.can(Permission.REPORT_INCIDENTS):
        messages.error(request, "您的角色无权登记警情。")
        return redirect("incident-list")
    form = IncidentForm(request.POST or None, user=user)
    if request.method == "GET":
        form.initial["alarm_at"] = clock.now().astimezone(clock.LOCAL_TZ).replace(tzinfo=None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.do_record_incident(
                acting_user=user,
                alarm_at=data["alarm_at"],
                kind=data["kind"],
                address=data["address"],
                area=data["area"],
                place_name=data["place_name"],
                sensitive_venue=data["sensitive_venue"] or "",
                dead=data["dead"],
                injured=data["injured"],
                trapped=data["trapped"],
                description=data["description"],
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            if incident.report_required:
                messages.warning(
                    request,
                    f"此警情须紧急报送（{incident.report_reasons}），"
                    f"首报截止 {local(incident.report_deadline)}。",
                )
            else:
                messages.success(request, "警情已登记，按规则无须紧急报送。")
            return redirect("incident-detail", incident.pk)
    return render(request, "duty/incident_form.html", {"form": form})


@login_required
def incident_edit(request: HttpRequest, incident_id: int) -> HttpResponseBase:
    """Correct an incident's facts; a change in casualties or venue before the first
    report re-applies the rules. A stale edit is refused."""
    user: Any = request.user
    incident = get_visible_or_404(Incident.objects.select_related("area"), user, pk=incident_id)
    if not user.can(Permission.REPORT_INCIDENTS):
        messages.error(request, "您的角色无权修改警情。")
        return redirect("incident-detail", incident.pk)
    fields = [
        "alarm_at",
        "kind",
        "address",
        "place_name",
        "sensitive_venue",
        "dead",
        "injured",
        "trapped",
        "description",
    ]
    initial = {name: getattr(incident, name) for name in fields}
    initial["alarm_at"] = incident.alarm_at.astimezone(clock.LOCAL_TZ).replace(tzinfo=None)
    initial["version"] = incident.version
    form = IncidentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data["sensitive_venue"] = data["sensitive_venue"] or ""
        changes = {k: v for k, v in data.items() if v != getattr(incident, k)}
        try:
            services.do_update_incident(
                incident, acting_user=user, expected_version=version, **changes
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "警情已修改。")
            return redirect("incident-detail", incident.pk)
    return render(request, "duty/incident_edit.html", {"form": form, "incident": incident})


@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponseBase:
    incident = get_visible_or_404(
        Incident.objects.select_related("area", "organisation"), request.user, pk=incident_id
    )
    return render_detail(request, incident)


def render_detail(
    request: HttpRequest, incident: Incident, form: ReportForm | None = None
) -> HttpResponseBase:
    now = clock.now()
    annotate(incident, now)
    kinds = services.allowed_report_kinds(incident)
    minutes_left = incident.minutes_left(now)
    if form is None and kinds:
        form = ReportForm(kinds=kinds)
    return render(
        request,
        "duty/incident_detail.html",
        {
            "incident": incident,
            "reports": incident.reports.select_related("sent_by").order_by("sent_at", "id"),
            "form": form if kinds else None,
            "can_report": can(request, Permission.REPORT_INCIDENTS),
            "now": now,
            "minutes_left": minutes_left,
            "minutes_late": -minutes_left if minutes_left is not None and minutes_left < 0 else 0,
            "history": history_entries(incident),
        },
    )


@login_required
@require_POST
def incident_report(request: HttpRequest, incident_id: int) -> HttpResponseBase:
    incident = get_visible_or_404(
        Incident.objects.select_related("area"), request.user, pk=incident_id
    )
    kinds = services.allowed_report_kinds(incident)
    form = ReportForm(request.POST, kinds=kinds or ["first"])
    if not can(request, Permission.REPORT_INCIDENTS):
        form.is_valid()
        form.add_error(None, "您的角色无权报送紧急信息。")
        return render_detail(request, incident, form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.do_send_report(
                incident,
                acting_user=request.user,  # type: ignore[arg-type]
                kind=data["kind"],
                recipient=data["recipient"],
                channel=data["channel"],
                content=data["content"],
                sent_at=data["sent_at"],
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            incident.refresh_from_db()
            verdict = ""
            if report.kind == "first":
                verdict = "，已迟报" if incident.is_late else "，按时报送"
            messages.success(request, f"{report.get_kind_display()}已记录{verdict}。")
            return redirect("incident-detail", incident.pk)
    return render_detail(request, incident, form)


@login_required
def on_time_rates(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    today = clock.today()
    start = parse_day(request.GET.get("start"), today.replace(day=1))
    end = parse_day(request.GET.get("end"), today)
    error = "开始日期晚于结束日期。" if start > end else None
    if error:
        start, end = end, start
    rows = queries.rates_by_area(user, start, end)
    total = queries.on_time_rate(user, start, end)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "按时报送率",
            ["区域", "须报送", "按时", "迟报", "按时率"],
            (
                [
                    r.area.name,
                    r.required,
                    r.on_time,
                    r.late,
                    f"{r.rate:.0%}" if r.rate is not None else "—",
                ]
                for r in rows
            ),
            f"紧急信息按时报送率_{start}_{end}.xlsx",
        )
    return render(
        request,
        "duty/on_time_rates.html",
        {"rows": rows, "total": total, "start": start, "end": end, "error": error},
    )
