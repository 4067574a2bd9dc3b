"""Pages for an order's classification and place, the 待定位 queue and the
classification dictionary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoan.areas.models import Area
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.exports import xlsx_response
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor, paginate
from xiaoan.hazards.choices import HazardCategory

from . import queries, triage_services
from .choices import PlacementSource
from .duplicates import duplicates_of
from .filters import ComplaintFilter
from .models import ClassificationKeyword, Complaint
from .triage_forms import ClassifyForm, KeywordForm, PlaceForm

DICTIONARY_REFUSAL = "您的角色无权查看或修改分类词典：需要“导入、分派 12345 工单”权限。"


def may_decide(user: Any) -> bool:
    return any(user.can(p) for p in triage_services.DECIDERS)


def triage_context(user: Any, complaint: Complaint) -> dict[str, Any]:
    """What the order's page shows of its classification, place and duplicates."""
    decide = may_decide(user)
    return {
        "duplicates": duplicates_of(complaint),
        "history": history_entries(complaint),
        "classify_form": ClassifyForm.for_complaint(complaint) if decide else None,
        "place_form": PlaceForm(
            user=user, initial={"version": complaint.version, "area": complaint.area_id}
        )
        if decide
        else None,
    }


def _order(request: HttpRequest, complaint_id: int) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related("area"), request.user, pk=complaint_id
    )


@login_required
@require_POST
def complaint_classify(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _order(request, complaint_id)
    form = ClassifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "分类有误，请重新选择。")
        return redirect("complaint-detail", complaint_id=complaint.pk)
    try:
        triage_services.do_classify_complaint(
            complaint,
            acting_user=actor(request),
            expected_version=form.cleaned_data["version"],
            fire_related=form.cleaned_data["fire_related"],
            hazard_category=form.cleaned_data["hazard_category"],
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存人工分类，重新导入或重新分类都不会覆盖它。")
    return redirect("complaint-detail", complaint_id=complaint.pk)


@login_required
@require_POST
def complaint_place(request: HttpRequest, complaint_id: int) -> HttpResponse:
    user = actor(request)
    complaint = _order(request, complaint_id)
    form = PlaceForm(request.POST, user=user)
    if not form.is_valid():
        messages.error(request, "请选择本辖区内的区域。")
        return redirect("complaint-detail", complaint_id=complaint.pk)
    try:
        triage_services.do_place_complaint(
            complaint,
            acting_user=user,
            expected_version=form.cleaned_data["version"],
            area=form.cleaned_data["area"],
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已定位到 {form.cleaned_data['area'].name}。")
    if request.POST.get("next") == "queue":
        return redirect("complaint-placing-queue")
    return redirect("complaint-detail", complaint_id=complaint.pk)


@login_required
@require_http_methods(["GET"])
def placing_queue(request: HttpRequest) -> HttpResponseBase:
    """待定位: the orders whose address could not be placed, among those the user sees."""
    user = actor(request)
    filters, error = parse_filter(ComplaintFilter, request.GET)
    qs = filters.filter(
        queries.visible_complaints(user).filter(placed_by=PlacementSource.UNRESOLVED)
    )
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                c.number,
                f"{clock.local(c.received_at):%Y-%m-%d %H:%M}",
                c.address,
                c.title,
                c.content,
            )
            for c in qs.iterator()
        )
        return xlsx_response(
            "待定位工单",
            ["工单编号", "来电时间", "事发地址", "工单标题", "诉求内容"],
            rows,
            "12345工单-待定位.xlsx",
        )
    return render(
        request,
        "complaints/placing_queue.html",
        {
            "page": paginate(request, qs),
            "error": error,
            "areas": list(area_choices(user)) if may_decide(user) else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def keyword_list(request: HttpRequest) -> HttpResponseBase:
    """The classification dictionary: view, add, export; editing one word is its own page."""
    user = actor(request)
    if not user.can(Permission.MANAGE_COMPLAINTS):
        messages.error(request, DICTIONARY_REFUSAL)
        return redirect("complaint-list")
    form = KeywordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            keyword = triage_services.do_add_keyword(
                acting_user=user,
                word=form.cleaned_data["word"],
                weight=form.cleaned_data["weight"],
                hazard_category=form.cleaned_data["hazard_category"],
                note=form.cleaned_data["note"],
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已添加词语“{keyword.word}”。")
            return redirect("complaint-keywords")
    qs = ClassificationKeyword.objects.all()
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(word__icontains=q)
    category = request.GET.get("category", "")
    if category == "none":
        qs = qs.filter(hazard_category="")
    elif category:
        qs = qs.filter(hazard_category=category)
    if request.GET.get("active") in ("0", "1"):
        qs = qs.filter(active=request.GET["active"] == "1")
    if request.GET.get("export") == "xlsx":
        rows = (
            (k.word, k.get_hazard_category_display(), k.weight, "是" if k.active else "否", k.note)
            for k in qs
        )
        return xlsx_response(
            "分类词典", ["词语", "隐患类别", "权重", "启用", "说明"], rows, "12345分类词典.xlsx"
        )
    return render(
        request,
        "complaints/keyword_list.html",
        {
            "page": paginate(request, qs, per_page=50),
            "form": form,
            "categories": HazardCategory.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def keyword_edit(request: HttpRequest, keyword_id: int) -> HttpResponse:
    user = actor(request)
    if not user.can(Permission.MANAGE_COMPLAINTS):
        messages.error(request, DICTIONARY_REFUSAL)
        return redirect("complaint-list")
    keyword = ClassificationKeyword.objects.filter(pk=keyword_id).first()
    if keyword is None:
        raise Http404("词语不存在")
    form = KeywordForm(
        request.POST or None, instance=ClassificationKeyword.objects.get(pk=keyword.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            triage_services.do_update_keyword(
                keyword,
                acting_user=user,
                expected_version=form.cleaned_data["version"] or 0,
                weight=form.cleaned_data["weight"],
                hazard_category=form.cleaned_data["hazard_category"],
                active=form.cleaned_data["active"],
                note=form.cleaned_data["note"],
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存词语“{keyword.word}”。")
            return redirect("complaint-keywords")
    return render(
        request,
        "complaints/keyword_form.html",
        {"form": form, "keyword": keyword, "history": history_entries(keyword)},
    )


def area_choices(user: Any) -> Any:
    return Area.objects.restrict(user).filter(level__lte=Area.Level.COMMUNITY).order_by("path")
