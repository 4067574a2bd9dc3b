"""Pages to import the annual task list from Excel and export the task list to Excel."""

from __future__ import annotations

import base64
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.attachments import max_upload_bytes
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter

from . import exports, importers
from .filters import TaskFilter
from .models import Task

#: where the last import's rejected rows wait for download, in the user's own session
SESSION_KEY = "directives.task_import.rejected"
#: a rejected-rows file larger than this is not kept (the error table still shows every row)
MAX_SESSION_BYTES = 4 * 1024 * 1024
REFUSAL = "您的角色无权导入任务清单：需要“交办任务”权限（如支队办公室）。"


class TaskImportForm(CleanForm):
    file = forms.FileField(
        label="任务清单文件",
        help_text="Excel 2007 及以上版本的 .xlsx 文件，第一行为表头，每行一项任务。",
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )
    mode = forms.ChoiceField(
        label="导入方式",
        choices=list(importers.MODES.items()),
        initial=importers.ALL_OR_NOTHING,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        help_text="“3月31日”“年底”这类不写年份的期限按此年度计算。",
        widget=forms.NumberInput(attrs={"class": "form-control", "style": "max-width: 8rem"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"文件大小 {upload.size / 1048576:.1f} MB，超过上限 {max_upload_bytes() // 1048576} MB。"
            )
        if upload.size == 0:
            raise forms.ValidationError("文件是空的。")
        return upload


def may_import(request: HttpRequest) -> bool:
    return bool(request.user.can(Permission.ASSIGN_TASKS))  # type: ignore[union-attr]


def rejected_filename() -> str:
    return f"任务清单-未导入的行-{clock.today():%Y%m%d}.xlsx"


def keep_rejected(request: HttpRequest, result: importers.ImportResult) -> bool:
    """Keep the rejected-rows workbook in the session for download; True if kept."""
    request.session.pop(SESSION_KEY, None)
    data = result.rejected_workbook
    if not data or len(data) > MAX_SESSION_BYTES:
        return False
    request.session[SESSION_KEY] = {
        "user": request.user.pk,
        "name": rejected_filename(),
        "data": base64.b64encode(data).decode("ascii"),
    }
    return True


@login_required
@require_http_methods(["GET", "POST"])
def task_import(request: HttpRequest) -> HttpResponse:
    """Upload a task list (.xlsx); show what was imported and every rejected row."""
    if not may_import(request):
        messages.error(request, REFUSAL)
        return redirect("task-list")
    result: importers.ImportResult | None = None
    refused = ""
    rejected_kept = False
    if request.method == "POST":
        form = TaskImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = importers.import_tasks(
                    form.cleaned_data["file"],
                    acting_user=request.user,  # type: ignore[arg-type]
                    mode=form.cleaned_data["mode"],
                    year=form.cleaned_data["year"],
                )
            except XiaoanError as exc:
                refused = exc.message
            else:
                rejected_kept = keep_rejected(request, result)
                if result.imported:
                    messages.success(
                        request, f"已导入 {result.imported} 项任务，牵头单位已收到通知。"
                    )
    else:
        form = TaskImportForm(
            initial={"mode": importers.ALL_OR_NOTHING, "year": clock.today().year}
        )
    return render(
        request,
        "directives/task_import.html",
        {
            "form": form,
            "result": result,
            "refused": refused,
            "rejected_kept": rejected_kept,
            "columns": importers.COLUMNS,
            "max_rows": importers.MAX_ROWS,
        },
    )


@login_required
@require_GET
def task_import_rejected(request: HttpRequest) -> HttpResponseBase:
    """The rejected rows of this user's last import, with their 错误原因."""
    if not may_import(request):
        messages.error(request, REFUSAL)
        return redirect("task-list")
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("user") != request.user.pk:
        raise Http404("没有可下载的未导入行：请重新导入任务清单。")
    return exports.xlsx_response(
        io.BytesIO(base64.b64decode(kept["data"])),
        kept["name"],
        f"tasks-rejected-{clock.today():%Y%m%d}.xlsx",
    )


@login_required
@require_GET
def task_import_template(request: HttpRequest) -> HttpResponseBase:
    """An empty task list with the expected columns."""
    return exports.xlsx_response(
        io.BytesIO(importers.template_workbook()), "任务清单模板.xlsx", "task-list-template.xlsx"
    )


@login_required
@require_GET
def task_export(request: HttpRequest) -> HttpResponseBase:
    """The visible tasks matching the list page's filters, as an .xlsx download."""
    filters, error = parse_filter(TaskFilter, request.GET)
    if error:
        messages.error(request, f"{error}，未导出。")
        return redirect(f"{reverse('task-list')}?{request.GET.urlencode()}")
    tasks = (
        filters.filter(Task.objects.restrict(request.user))
        .distinct()
        .order_by(F("deadline").asc(nulls_last=True), "id")
    )
    return exports.export_tasks(tasks)
