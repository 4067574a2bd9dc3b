"""Pages of the duty roster: a month calendar per organisation, edited in place
(htmx swaps one day's cell), and the Excel import."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.models import Organisation
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.exports import xlsx_response
from xiaoan.core.scoping import get_visible_or_404

from .. import services
from ..forms import ShiftForm
from ..importers import import_roster, template_workbook
from ..models import DutyShift
from .common import can, parse_day


def month_of(value: str | None) -> dt.date:
    today = clock.today()
    try:
        return dt.date.fromisoformat(f"{value}-01") if value else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def chosen_organisation(request: HttpRequest, source: Any) -> Organisation:
    user: Any = request.user
    raw = source.get("org")
    if raw:
        return get_visible_or_404(Organisation.objects.select_related("area"), user, pk=raw)
    if user.organisation_id:
        visible = Organisation.objects.restrict(user).filter(pk=user.organisation_id).first()
        if visible:
            return visible
    first = Organisation.objects.restrict(user).order_by("area__path", "name").first()
    if first is None:
        raise Http404("没有可查看的单位")
    return first


@login_required
def roster(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    organisation = chosen_organisation(request, request.GET)
    month = month_of(request.GET.get("month"))
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    shifts = list(
        DutyShift.objects.restrict(user)
        .filter(organisation=organisation, date__gte=month, date__lte=last)
        .order_by("date", "role", "id")
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "值班表",
            ["日期", "单位", "岗位", "姓名", "电话"],
            ([s.date, organisation.name, s.get_role_display(), s.person, s.phone] for s in shifts),
            f"值班表_{organisation.name}_{month:%Y-%m}.xlsx",
        )
    by_day: dict[dt.date, list[DutyShift]] = {}
    for shift in shifts:
        by_day.setdefault(shift.date, []).append(shift)
    weeks = [
        [(day, by_day.get(day, [])) if day.month == month.month else (None, []) for day in week]
        for week in calendar.Calendar().monthdatescalendar(month.year, month.month)
    ]
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "duty/roster.html",
        {
            "organisation": organisation,
            "organisations": Organisation.objects.restrict(user).order_by("area__path", "name"),
            "month": month,
            "previous": previous,
            "following": following,
            "weeks": weeks,
            "today": clock.today(),
            "can_edit": can(request, Permission.MANAGE_DUTY),
        },
    )


def render_day(
    request: HttpRequest,
    organisation: Organisation,
    day: dt.date,
    form: ShiftForm | None = None,
    error: str = "",
) -> HttpResponseBase:
    shifts = DutyShift.objects.restrict(request.user).filter(organisation=organisation, date=day)
    return render(
        request,
        "duty/_roster_day.html",
        {
            "organisation": organisation,
            "day": day,
            "shifts": shifts.order_by("role", "id"),
            "form": form,
            "error": error,
            "can_edit": can(request, Permission.MANAGE_DUTY),
        },
    )


@login_required
def roster_day(request: HttpRequest) -> HttpResponseBase:
    """One day's cell: GET shows it (with the add form when `edit` is given), POST adds a person."""
    source = request.POST if request.method == "POST" else request.GET
    organisation = chosen_organisation(request, source)
    day = parse_day(source.get("date"), clock.today())
    if request.method == "GET":
        form = ShiftForm() if source.get("edit") and can(request, Permission.MANAGE_DUTY) else None
        return render_day(request, organisation, day, form)
    form = ShiftForm(request.POST)
    if not form.is_valid():
        return render_day(request, organisation, day, form, "请选择岗位并填写姓名。")
    try:
        services.do_assign_shift(
            acting_user=request.user,  # type: ignore[arg-type]
            organisation=organisation,
            date=day,
            **form.cleaned_data,
        )
    except XiaoanError as exc:
        return render_day(request, organisation, day, form, exc.message)
    return render_day(request, organisation, day)


@login_required
@require_POST
def shift_remove(request: HttpRequest, shift_id: int) -> HttpResponseBase:
    shift = get_visible_or_404(
        DutyShift.objects.select_related("organisation__area"), request.user, pk=shift_id
    )
    error = ""
    try:
        services.do_remove_shift(shift, acting_user=request.user)  # type: ignore[arg-type]
    except XiaoanError as exc:
        error = exc.message
    return render_day(request, shift.organisation, shift.date, None, error)


@login_required
def roster_import(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    if request.GET.get("template"):
        response = HttpResponse(
            template_workbook(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            "attachment; filename*=UTF-8''%E5%80%BC%E7%8F%AD%E8%A1%A8.xlsx"
        )
        return response
    if not user.can(Permission.MANAGE_DUTY):
        messages.error(request, "您的角色无权安排值班。")
        return redirect("duty-roster")
    result = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的 .xlsx 文件。"
        elif upload.size and upload.size > 10 * 1024 * 1024:
            error = "文件超过 10 MB。"
        else:
            try:
                result = import_roster(upload, acting_user=user)
            except XiaoanError as exc:
                error = exc.message
            else:
                if not result.errors:
                    messages.success(
                        request,
                        f"已导入 {result.created} 条值班安排"
                        + (f"，{result.skipped} 条已存在未重复导入" if result.skipped else "")
                        + "。",
                    )
                    return redirect("duty-roster")
    return render(request, "duty/roster_import.html", {"result": result, "error": error})
