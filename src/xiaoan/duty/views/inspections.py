"""Pages of inspections announced by higher levels (迎检) and their preparation checklists."""

from __future__ import annotations

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
from xiaoan.core.record_edit import can_change
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import paginate
from xiaoan.directives.models import Task

from .. import services
from ..filters import UpcomingInspectionFilter
from ..forms import ChecklistItemForm, InspectionForm
from ..models import PreparationItem, UpcomingInspection
from .common import can


@login_required
def inspection_list(request: HttpRequest) -> HttpResponseBase:
    filters, error = parse_filter(UpcomingInspectionFilter, request.GET)
    qs = (
        filters.filter(UpcomingInspection.objects.restrict(request.user))
        .select_related("area", "host_organisation")
        .order_by("starts_on", "id")
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "迎检",
            ["名称", "检查组", "开始", "结束", "时间说明", "地点", "检查重点"],
            (
                [
                    i.title,
                    i.inspecting_body,
                    i.starts_on,
                    i.ends_on,
                    i.date_note,
                    i.location,
                    i.focus,
                ]
                for i in qs
            ),
            "迎检.xlsx",
        )
    return render(
        request,
        "duty/inspection_list.html",
        {
            "page": paginate(request, qs),
            "error": error,
            "can_manage": can(request, Permission.MANAGE_DUTY),
            "today": clock.today(),
        },
    )


@login_required
def inspection_create(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    if not user.can(Permission.MANAGE_DUTY):
        messages.error(request, "您的角色无权登记迎检。")
        return redirect("inspection-visit-list")
    form = InspectionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.do_announce_inspection(acting_user=user, **form.cleaned_data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("inspection-visit-detail", inspection.pk)
    return render(request, "duty/inspection_form.html", {"form": form})


@login_required
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponseBase:
    return render_detail(request, inspection_id)


def render_detail(
    request: HttpRequest, inspection_id: int, form: ChecklistItemForm | None = None
) -> HttpResponseBase:
    user: Any = request.user
    inspection = get_visible_or_404(
        UpcomingInspection.objects.select_related("area", "host_organisation"),
        user,
        pk=inspection_id,
    )
    task_ids = PreparationItem.objects.filter(inspection=inspection).values_list(
        "task_id", flat=True
    )
    tasks = (
        Task.objects.restrict(user)
        .filter(pk__in=task_ids)
        .select_related("lead_organisation")
        .order_by("deadline", "id")
    )
    may_add = user.can(Permission.MANAGE_DUTY) and user.can(Permission.ASSIGN_TASKS)
    if form is None and may_add:
        form = ChecklistItemForm(user=user, initial={"deadline": inspection.starts_on})
    return render(
        request,
        "duty/inspection_detail.html",
        {
            "inspection": inspection,
            "tasks": tasks,
            "form": form if may_add else None,
            "history": history_entries(inspection),
            "can_edit": can_change(user, inspection),
        },
    )


@login_required
@require_POST
def checklist_add(request: HttpRequest, inspection_id: int) -> HttpResponseBase:
    user: Any = request.user
    inspection = get_visible_or_404(
        UpcomingInspection.objects.select_related("area"), user, pk=inspection_id
    )
    form = ChecklistItemForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.do_add_checklist_item(inspection, acting_user=user, **form.cleaned_data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "准备事项已交办，可在督办任务中跟踪。")
            return redirect("inspection-visit-detail", inspection.pk)
    return render_detail(request, inspection_id, form)
