"""Pages of the briefings: the list, starting one, its progress, the review page
with section edits, export, and the exported versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiaoan.areas.roles import Permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.exports import xlsx_response
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor, paginate

from . import pdf, services
from .charts import to_png
from .choices import BriefingKind
from .forms import EditForm, StartForm
from .models import Briefing, BriefingVersion

REFUSAL = "您的角色无权编制通报：需要“编制通报”权限（如支队办公室）。"


def _briefing(request: HttpRequest, briefing_id: int) -> Briefing:
    return get_visible_or_404(
        Briefing.objects.select_related("area", "created_by", "phase__campaign"),
        request.user,
        pk=briefing_id,
    )


def _version(request: HttpRequest, briefing_id: int, number: int) -> BriefingVersion:
    return get_visible_or_404(
        BriefingVersion.objects.select_related("briefing__area", "exported_by"),
        request.user,
        briefing_id=briefing_id,
        number=number,
    )


@login_required
@require_GET
def briefing_list(request: HttpRequest) -> HttpResponse | FileResponse:
    user = actor(request)
    qs = (
        Briefing.objects.restrict(user)
        .select_related("area", "created_by")
        .order_by("-issued_on", "-id")
    )
    kind = request.GET.get("kind", "")
    error = ""
    if kind in BriefingKind.values:
        qs = qs.filter(kind=kind)
    elif kind:
        error = f"筛选条件有误：类型“{kind}”不存在。"
    if request.GET.get("format") == "xlsx":
        rows = (
            (
                b.pk,
                b.get_kind_display(),
                b.title,
                b.area.name,
                b.start,
                b.end,
                b.issued_on,
                b.get_status_display(),
                b.created_by.full_name or b.created_by.username,
            )
            for b in qs
        )
        return xlsx_response(
            "通报",
            ["编号", "类型", "标题", "区域", "起始日期", "截止日期", "成文日期", "状态", "编制人"],
            rows,
            "通报列表.xlsx",
        )
    return render(
        request,
        "briefings/briefing_list.html",
        {
            "page": paginate(request, qs),
            "kinds": BriefingKind.choices,
            "kind": kind,
            "error": error,
            "may_compile": user.can(Permission.COMPILE_BRIEFINGS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def briefing_new(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not user.can(Permission.COMPILE_BRIEFINGS):
        messages.error(request, REFUSAL)
        return redirect("briefing-list")
    form = StartForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            briefing = services.do_start_briefing(
                acting_user=user,
                area=data["area"],
                kind=data["kind"],
                month=data.get("month") or "",
                start=data.get("start"),
                end=data.get("end"),
                subject=data.get("subject") or "",
                phase=data.get("phase"),
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("briefing-detail", briefing_id=briefing.pk)
    return render(request, "briefings/briefing_new.html", {"form": form})


@login_required
@require_GET
def briefing_detail(request: HttpRequest, briefing_id: int) -> HttpResponse:
    """The review page: the draft as it will print, an edit box per section."""
    briefing = _briefing(request, briefing_id)
    user = actor(request)
    return render(
        request,
        "briefings/briefing_detail.html",
        {
            "b": briefing,
            "draft": briefing.draft(),
            "may_compile": user.can(Permission.COMPILE_BRIEFINGS),
            "editing": request.GET.get("edit", ""),
            "versions": briefing.versions.select_related("exported_by").order_by("-number"),
            "history": history_entries(briefing),
            "pdf_available": pdf.available(),
            "chart_urls": chart_urls(briefing.pk, briefing.draft()),
        },
    )


def chart_urls(briefing_id: int, content: Any, number: int | None = None) -> list[str]:
    if content is None:
        return []
    base = f"/briefings/{briefing_id}/" + (f"versions/{number}/" if number else "")
    return [f"{base}charts/{i}.png" for i in range(len(content.charts))]


@login_required
@require_GET
def chart_image(
    request: HttpRequest, briefing_id: int, index: int, number: int | None = None
) -> HttpResponse:
    """A chart of the draft (or of an exported version) as PNG, for the review page."""
    if number is None:
        content = _briefing(request, briefing_id).draft()
    else:
        content = _version(request, briefing_id, number).as_content()
    if content is None or not 0 <= index < len(content.charts):
        raise Http404("没有这个图表")
    return HttpResponse(to_png(content.charts[index]), content_type="image/png")


@login_required
@require_GET
def briefing_progress(request: HttpRequest, briefing_id: int) -> HttpResponse:
    """The progress bar, polled by htmx every second; once built, the page reloads."""
    briefing = _briefing(request, briefing_id)
    response = render(request, "briefings/_progress.html", {"b": briefing})
    if briefing.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def briefing_edit(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = _briefing(request, briefing_id)
    user = actor(request)
    form = EditForm(request.POST)
    if not form.is_valid():
        messages.error(request, "提交的内容不完整，请重新打开编辑。")
        return redirect("briefing-detail", briefing_id=briefing.pk)
    try:
        services.do_edit_section(
            briefing,
            acting_user=user,
            expected_version=form.cleaned_data["version"],
            key=form.cleaned_data["key"],
            text=form.cleaned_data["text"],
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存修改。")
    return redirect("briefing-detail", briefing_id=briefing.pk)


@login_required
@require_POST
def briefing_export(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = _briefing(request, briefing_id)
    try:
        version = services.do_export(briefing, acting_user=actor(request))
    except XiaoanError as exc:
        messages.error(request, exc.message)
        return redirect("briefing-detail", briefing_id=briefing.pk)
    note = f"（{version.pdf_message}）" if version.pdf_message else ""
    messages.success(request, f"已导出第 {version.number} 版{note}。")
    return redirect("briefing-version", briefing_id=briefing.pk, number=version.number)


@login_required
@require_GET
def version_detail(request: HttpRequest, briefing_id: int, number: int) -> HttpResponse:
    version = _version(request, briefing_id, number)
    return render(
        request,
        "briefings/version_detail.html",
        {
            "v": version,
            "b": version.briefing,
            "draft": version.as_content(),
            "chart_urls": chart_urls(briefing_id, version.as_content(), number),
        },
    )


@login_required
@require_GET
def version_file(request: HttpRequest, briefing_id: int, number: int, which: str) -> Any:
    version = _version(request, briefing_id, number)
    if which == "docx":
        field = version.docx
    elif which == "pdf" and version.pdf:
        field = version.pdf
    else:
        raise Http404("没有这个文件")
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=services.file_name(version, which)
    )
