"""Pages of the briefing reader: paste or upload, review the proposals, confirm;
the list of confirmed readings and one reading with what it created."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.attachments import max_upload_bytes
from xiaoan.core.errors import XiaoanError
from xiaoan.core.exports import xlsx_response
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.text import NAME_MAX, SOURCE_TEXT_MAX, clean_text, too_long_message
from xiaoan.core.views import actor, paginate
from xiaoan.directives.choices import InstructionKind, Level

from .filters import ReadingFilter
from .forms import apply_choices
from .highlight import pieces
from .models import BriefingReading
from .parsing import read_briefing
from .proposals import guess_level, is_carried, meeting_level, with_defaults
from .services import AlreadyConfirmedError, do_confirm_reading
from .sources import text_from_file

# which highlight colour a created record's span takes on the reading's page
SPAN_KEYS = {
    "instruction": "instructions",
    "meeting": "meetings",
    "document": "documents",
    "visit": "inspections",
    "task": "deadlines",
}


def _may_read(request: HttpRequest) -> bool:
    return bool(actor(request).can(Permission.ASSIGN_TASKS))


def _proposals(text: str) -> dict[str, Any]:
    reading = with_defaults(read_briefing(text, base_date=clock.today()).as_dict(), text)
    for meeting in reading["meetings"]:
        meeting["level"] = meeting_level(text, meeting)
    for document in reading["documents"]:
        document["level"] = guess_level(document["issuer"], document["title"])
    for deadline in reading["deadlines"]:
        deadline["carried"] = is_carried(reading, text, deadline)
    return reading


@login_required
def reader_new(request: HttpRequest) -> HttpResponse:
    """Paste or upload; preview the proposals; confirm the ticked ones."""
    if not _may_read(request):
        messages.error(request, "您的角色无权通过识别通报登记记录。")
        return redirect("home")
    context: dict[str, Any] = {"text": "", "source_name": ""}
    if request.method == "POST":
        text = clean_text(request.POST.get("text", ""))
        source_name = clean_text(request.POST.get("source_name", ""))[:NAME_MAX]
        try:
            upload = request.FILES.get("file")
            if upload is not None:
                source_name = upload.name or ""
                if upload.size and upload.size > max_upload_bytes():
                    raise XiaoanError(f"文件“{source_name}”超过上传大小上限。")  # before reading it
                text = text_from_file(upload.read(), source_name)
            if not text.strip():
                raise XiaoanError("请粘贴通报文字，或上传 .txt / .docx 文件。")
            if len(text) > SOURCE_TEXT_MAX:
                raise XiaoanError(f"通报文字{too_long_message(SOURCE_TEXT_MAX)}，请分段识别。")
            if request.POST.get("action") == "confirm":
                proposals = apply_choices(_proposals(text), request.POST)
                reading = do_confirm_reading(
                    acting_user=actor(request),
                    text=text,
                    proposals=proposals,
                    source_name=source_name,
                )
                messages.success(request, f"已创建 {reading.records.count()} 条记录。")
                return redirect("reader-detail", reading_id=reading.pk)
        except AlreadyConfirmedError as exc:
            messages.warning(request, exc.message)
            return redirect("reader-detail", reading_id=exc.reading.pk)
        except XiaoanError as exc:
            context["error"] = exc.message
        context.update(text=text, source_name=source_name)
        if text.strip() and len(text) <= SOURCE_TEXT_MAX:
            proposed = _proposals(text)
            context.update(reading=proposed, pieces=pieces(text, proposed))
    context.update(kinds=InstructionKind.choices, levels=Level.choices)
    return render(request, "reader/reader_new.html", context)


@login_required
def reader_list(request: HttpRequest) -> HttpResponseBase:
    filters, error = parse_filter(ReadingFilter, request.GET)
    qs = filters.filter(BriefingReading.objects.restrict(request.user)).select_related(
        "area", "confirmed_by"
    )
    qs = qs.order_by("-created_at", "-id")
    if request.GET.get("format") == "xlsx":
        rows = (
            (
                r.title,
                r.document_date,
                r.source_name,
                r.area.name,
                r.confirmed_by.full_name or r.confirmed_by.username if r.confirmed_by else "系统",
                localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                r.note,
            )
            for r in qs
        )
        return xlsx_response(
            "通报识别",
            ["标题", "成文日期", "来源文件", "区域", "确认人", "确认时间", "备注"],
            rows,
            "通报识别记录.xlsx",
        )
    return render(
        request,
        "reader/reader_list.html",
        {"page": paginate(request, qs), "error": error, "may_read": _may_read(request)},
    )


@login_required
def reader_detail(request: HttpRequest, reading_id: int) -> HttpResponse:
    reading = get_visible_or_404(
        BriefingReading.objects.select_related("area", "confirmed_by"), request.user, pk=reading_id
    )
    records = list(reading.records.all())
    spans: dict[str, list[dict[str, Any]]] = {key: [] for key in SPAN_KEYS.values()}
    for record in records:
        spans[SPAN_KEYS[record.kind]].append({"span": [record.span_start, record.span_end]})
    return render(
        request,
        "reader/reader_detail.html",
        {
            "reading": reading,
            "records": records,
            "pieces": pieces(reading.text, spans),
            "history": history_entries(reading),
            "back": reverse("reader-list"),
        },
    )
