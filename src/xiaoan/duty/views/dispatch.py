"""Pages of the daily dispatch: the periods, one day's submissions with the missing
ones flagged, submitting a status, and the day's summary to print or download as Word."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.models import Organisation
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.exports import xlsx_response
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import paginate

from .. import queries, services
from ..exports import dispatch_summary_docx
from ..forms import DATE_WIDGET, StyledForm, SubmissionForm, area_field, style
from ..models import DispatchPeriod
from .common import can, local, parse_day


class PeriodForm(StyledForm):
    title = forms.CharField(label="名称", max_length=200)
    start_date = forms.DateField(label="开始日期", widget=DATE_WIDGET)
    end_date = forms.DateField(label="结束日期", required=False, widget=DATE_WIDGET)
    due_time = forms.TimeField(
        label="每日报送时间", initial=dt.time(15, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = area_field(user)
        self.fields["organisations"] = forms.ModelMultipleChoiceField(
            Organisation.objects.restrict(user)
            .filter(kind__in=["brigade", "department", "government", "township_office"])
            .order_by("area__path", "name"),
            label="报送单位",
            widget=forms.CheckboxSelectMultiple,
        )
        style(self)


@login_required
def dispatch_list(request: HttpRequest) -> HttpResponseBase:
    qs = (
        DispatchPeriod.objects.restrict(request.user)
        .select_related("area")
        .order_by("-start_date", "id")
    )
    return render(
        request,
        "duty/dispatch_list.html",
        {
            "page": paginate(request, qs),
            "can_manage": can(request, Permission.MANAGE_DUTY),
            "today": clock.today(),
        },
    )


@login_required
def dispatch_create(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    if not user.can(Permission.MANAGE_DUTY):
        messages.error(request, "您的角色无权安排调度。")
        return redirect("dispatch-list")
    form = PeriodForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.do_create_dispatch_period(acting_user=user, **form.cleaned_data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("dispatch-detail", period.pk)
    return render(request, "duty/dispatch_form.html", {"form": form})


@login_required
def dispatch_detail(request: HttpRequest, period_id: int) -> HttpResponseBase:
    user: Any = request.user
    period = get_visible_or_404(DispatchPeriod.objects.select_related("area"), user, pk=period_id)
    today = clock.today()
    default = min(max(today, period.start_date), period.end_date or today)
    day = parse_day(request.GET.get("day"), default)
    summary = queries.dispatch_day(period, day, user)
    fmt = request.GET.get("format")
    if fmt == "docx":
        issuer = user.organisation.name if user.organisation else "值班室"
        response = HttpResponse(
            dispatch_summary_docx(summary, issuer),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(f'每日调度汇总_{day}.docx')}"
        )
        return response
    if fmt == "xlsx":
        rows = [
            [
                s.organisation.name,
                s.get_status_display(),
                s.content,
                local(s.submitted_at),
                "迟报" if s.submitted_at > summary.due else "按时",
            ]
            for s in summary.submissions
        ] + [[o.name, "", "", "", "未报送"] for o in summary.missing]
        return xlsx_response(
            "每日调度",
            ["单位", "安全状况", "情况说明", "报送时间", "报送"],
            rows,
            f"每日调度_{day}.xlsx",
        )
    mine = None
    form = None
    own = user.organisation
    if own is not None and period.organisations.filter(pk=own.pk).exists() and period.covers(day):
        mine = next((s for s in summary.submissions if s.organisation_id == own.pk), None)
        if user.can(Permission.SUBMIT_DISPATCH) and day <= today:
            form = SubmissionForm(
                initial={"status": mine.status, "content": mine.content} if mine else None
            )
    days: list[dt.date] = []
    cursor = period.start_date
    last = min(period.end_date or today, today)
    while cursor <= last and len(days) < 62:
        days.append(cursor)
        cursor += dt.timedelta(days=1)
    return render(
        request,
        "duty/dispatch_detail.html",
        {
            "period": period,
            "summary": summary,
            "day": day,
            "days": days,
            "form": form,
            "mine": mine,
            "history": history_entries(period),
        },
    )


@login_required
@require_POST
def dispatch_submit(request: HttpRequest, period_id: int) -> HttpResponseBase:
    user: Any = request.user
    period = get_visible_or_404(DispatchPeriod.objects.all(), user, pk=period_id)
    day = parse_day(request.POST.get("day"), clock.today())
    form = SubmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择安全状况并填写情况说明。")
    elif user.organisation is None:
        messages.error(request, "您的账户没有所属单位，不能报送。")
    else:
        try:
            services.do_submit_status(
                period,
                acting_user=user,
                organisation=user.organisation,
                date=day,
                **form.cleaned_data,
            )
        except XiaoanError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{day:%m月%d日}安全情况已报送。")
    return redirect(f"/dispatches/{period.pk}/?day={day}")
