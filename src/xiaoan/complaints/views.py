"""Pages of the 12345 work orders: the list, one order, the import and its history."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiaoan.areas.roles import Permission
from xiaoan.core.archives import ArchiveRefusedError, check_archive
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.errors import UploadRejectedError, XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.personal import may_see, reveal_response, wants_clear_export
from xiaoan.core.pii import mask_name, mask_phone
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.securitylog import record_export
from xiaoan.core.views import actor, paginate
from xiaoan.hazards.choices import HazardCategory

from . import queries, services
from .choices import PlacementSource
from .filters import ComplaintFilter
from .importers import COLUMNS, decode_text
from .models import CALLER_FIELDS, Complaint, ImportJob
from .triage_views import triage_context

REFUSAL = "您的角色无权导入 12345 工单：需要“导入、分派 12345 工单”权限（如支队办公室）。"
ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"


def import_max_bytes() -> int:
    """Exports are larger than attachments: 100,000 orders make about 22 MB."""
    return int(settings.XIAOAN_IMPORT_MAX_MB) * 1024 * 1024


def check_upload(upload: Any) -> None:
    """An export is judged by its content, not its name: an .xlsx archive or text
    (UTF-8 or GBK); size-limited, and an archive within the unpacked limits (so a
    zip bomb is refused at once, not in the background job)."""
    if upload.size == 0:
        raise UploadRejectedError("文件是空的。")
    if upload.size > import_max_bytes():
        raise UploadRejectedError(
            f"文件大小 {upload.size / 1048576:.1f} MB，超过上限 {import_max_bytes() // 1048576} MB。"
        )
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            check_archive(upload, unreadable="文件不是有效的 .xlsx，请上传 12345 平台导出的文件。")
        except ArchiveRefusedError as exc:
            raise UploadRejectedError(exc.message) from exc
        return
    if b"\x00" in head:
        raise UploadRejectedError("文件内容不是 .xlsx 或 .csv，请上传 12345 平台导出的文件。")
    try:
        decode_text(head[:-4] if len(head) == 8192 else head)  # a cut character at the end
    except XiaoanError as exc:
        raise UploadRejectedError(
            "文件内容不是 .xlsx 或 .csv，请上传 12345 平台导出的文件。"
        ) from exc


class ImportForm(CleanForm):
    file = forms.FileField(
        label="12345 导出文件",
        help_text=".xlsx，或 UTF-8 / GBK 编码的 .csv；第一行（或标题行下方）为表头。",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ACCEPT}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except XiaoanError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    filters, error = parse_filter(ComplaintFilter, request.GET)
    from .choices import HandlingState
    from .handling_queries import with_overdue

    qs = with_overdue(filters.filter(queries.visible_complaints(user))).select_related(
        "handling_organisation"
    )
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "page": paginate(request, qs),
            "error": error,
            "statuses": queries.status_choices(user),
            "handling_states": HandlingState.choices,
            "units": queries.handling_units(user),
            "may_import": user.can(Permission.MANAGE_COMPLAINTS),
            "sees_callers": may_see(user, Permission.VIEW_PERSONAL_DATA),
            "hazard_categories": HazardCategory.choices,
            "placements": PlacementSource.choices,
        },
    )


@login_required
@require_GET
def complaint_export(request: HttpRequest) -> Any:
    """The filtered list as an Excel workbook, with the handling columns."""
    from .exports import export_complaints

    filters, error = parse_filter(ComplaintFilter, request.GET)
    try:
        clear = wants_clear_export(request, Permission.VIEW_PERSONAL_DATA)
    except XiaoanError as exc:
        error = exc.message
    if error:
        messages.error(request, error)
        return redirect("complaint-list")
    complaints = filters.filter(Complaint.objects.restrict(actor(request)))
    record_export(
        request, "12345 工单（含个人信息原文）" if clear else "12345 工单", complaints.count()
    )
    return export_complaints(complaints, clear=clear)


@login_required
@require_POST
def complaint_reveal(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """查看: one order's caller name and number in clear, for roles with
    view_personal_data; every reveal is in the security log."""
    complaint = get_visible_or_404(Complaint.objects.all(), actor(request), pk=complaint_id)
    return reveal_response(
        request,
        complaint,
        CALLER_FIELDS,
        permission=Permission.VIEW_PERSONAL_DATA,
        back_url=reverse("complaint-detail", args=[complaint.pk]),
    )


@login_required
@require_GET
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    from .corrections import correctable_fields
    from .handling_views import handling_context, visible

    complaint = visible(request, complaint_id)
    user = actor(request)
    caller = " ".join(
        x for x in (mask_name(complaint.caller_name), mask_phone(complaint.caller_phone)) if x
    )
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "c": complaint,
            "caller": caller,
            "caller_reveal_url": reverse("complaint-reveal", args=[complaint.pk])
            if may_see(user, Permission.VIEW_PERSONAL_DATA)
            else "",
            "same_caller": queries.same_caller(user, complaint),
            "h": handling_context(complaint, actor(request)),
            "can_correct": bool(correctable_fields(complaint, user)),
            **triage_context(actor(request), complaint),  # with the history
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload an export; the import runs in the background and its page shows the progress."""
    user = actor(request)
    if not user.can(Permission.MANAGE_COMPLAINTS):
        messages.error(request, REFUSAL)
        return redirect("complaint-list")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.do_start_import(acting_user=user, upload=upload, name=upload.name)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("complaint-import-job", job_id=job.pk)
    return render(
        request,
        "complaints/import.html",
        {"form": form, "columns": COLUMNS, "recent": queries.visible_imports(user)[:5]},
    )


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    return get_visible_or_404(
        ImportJob.objects.select_related("imported_by"), request.user, pk=job_id
    )


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "complaints/import_job.html", {"job": _job(request, job_id)})


@login_required
@require_GET
def import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar and, once done, the result: polled by htmx every second."""
    return render(request, "complaints/_import_progress.html", {"job": _job(request, job_id)})


@login_required
@require_GET
def import_history(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "complaints/import_history.html",
        {"page": paginate(request, queries.visible_imports(actor(request)))},
    )


@login_required
@require_GET
def import_file(request: HttpRequest, job_id: int, which: str) -> FileResponse:
    """The original upload (`original`) or the rejected rows (`rejected`) of a job."""
    job = _job(request, job_id)
    if which == "original":
        field, name = job.file, job.original_name
    elif which == "rejected" and job.rejected_file:
        field, name = job.rejected_file, f"12345工单-未导入的行-{job.pk}.xlsx"
    else:
        raise Http404("没有这个文件")
    content = services.stored_file_content(field)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)
