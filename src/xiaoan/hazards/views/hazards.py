"""Pages of hazards: the list, the detail with its timeline and lifecycle actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.models import Area
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.models import Attachment
from xiaoan.core.paging import IdsFirst
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor, paginate
from xiaoan.places.choices import PlaceKind

from .. import queries, services
from ..choices import HazardCategory, HazardState, Severity
from ..filters import HazardFilter
from ..forms import FixForm
from ..models import Hazard


@login_required
def hazard_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    filters, error = parse_filter(HazardFilter, request.GET)
    visible = Hazard.objects.restrict(user)
    counts = queries.hazards_by_state(visible)
    qs = filters.filter(visible.select_related("place", "area")).order_by("-found_on", "-id")
    page = paginate(request, IdsFirst(qs))
    today_rows = list(page.object_list)
    for hazard in today_rows:
        hazard.overdue = queries.is_overdue(hazard)  # type: ignore[attr-defined]
    page.object_list = today_rows
    return render(
        request,
        "hazards/hazard_list.html",
        {
            "page": page,
            "error": error,
            "states": HazardState.choices,
            "categories": HazardCategory.choices,
            "severities": Severity.choices,
            "areas": Area.objects.restrict(user)
            .filter(level__lte=Area.Level.TOWNSHIP)
            .order_by("path"),
            "state_counts": [(value, label, counts[value]) for value, label in HazardState.choices],
            "overdue_count": visible.filter(queries.overdue_filter()).count(),
            "place_kind_label": dict(PlaceKind.choices).get(request.GET.get("place_kind", "")),
        },
    )


def files_of(model: str, ids: list[int]) -> dict[int, list[Attachment]]:
    found: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(target_type__model=model, target_id__in=ids):
        found.setdefault(attachment.target_id or 0, []).append(attachment)
    return found


@login_required
def hazard_detail(request: HttpRequest, hazard_id: int) -> HttpResponse:
    user = actor(request)
    hazard = get_visible_or_404(
        Hazard.objects.select_related(
            "place",
            "area",
            "inspection",
            "found_by",
            "fixed_by",
            "closed_by",
            "responsible_organisation",
        ),
        user,
        pk=hazard_id,
    )
    rectifications = list(hazard.rectifications.select_related("reported_by"))
    evidence = files_of("rectification", [r.pk for r in rectifications])
    for rectification in rectifications:
        rectification.files = evidence.get(rectification.pk, [])  # type: ignore[attr-defined]
    actions = services.allowed_actions(hazard, user)
    return render(
        request,
        "hazards/hazard_detail.html",
        {
            "hazard": hazard,
            "overdue": queries.is_overdue(hazard),
            "photos": files_of("hazard", [hazard.pk]).get(hazard.pk, []),
            "rectifications": rectifications,
            "actions": [(a, services.ACTION_LABELS[a]) for a in actions if a != "report_fixed"],
            "fix_form": FixForm() if "report_fixed" in actions else None,
            "enforcement": hazard.enforcement_actions.all(),
            "missed": queries.trace_back(hazard),
            "history": history_entries(hazard),
            "may_change": services.may_change(hazard, user),
            "extensions": hazard.extensions.select_related("extended_by").order_by("-at", "-id"),
        },
    )


@login_required
@require_POST
def hazard_move(request: HttpRequest, hazard_id: int) -> HttpResponse:
    user = actor(request)
    hazard = get_visible_or_404(Hazard.objects.all(), user, pk=hazard_id)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    try:
        if action == "start":
            services.do_start_rectifying(hazard, acting_user=user)
        elif action in ("verify", "reject"):
            services.do_verify(hazard, acting_user=user, accept=action == "verify", note=note)
        elif action == "reopen":
            services.do_reopen(hazard, acting_user=user, reason=note)
        else:
            raise XiaoanError("未知操作。")
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{services.ACTION_LABELS.get(action, action)}。")
    return redirect("hazard-detail", hazard_id=hazard.pk)


@login_required
@require_POST
def hazard_fix(request: HttpRequest, hazard_id: int) -> HttpResponse:
    user = actor(request)
    hazard = get_visible_or_404(Hazard.objects.all(), user, pk=hazard_id)
    form = FixForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写整改情况并上传整改后的照片或证明材料。")
        return redirect("hazard-detail", hazard_id=hazard.pk)
    photos = [(f.name, f) for f in form.cleaned_data["photos"]]
    try:
        services.do_report_fixed(
            hazard, acting_user=user, text=form.cleaned_data["text"], photos=photos
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已报告整改完成，等待验收。")
    return redirect("hazard-detail", hazard_id=hazard.pk)


@login_required
def hazard_export(request: HttpRequest) -> HttpResponseBase:
    from ..exports import export_hazards

    filters, error = parse_filter(HazardFilter, request.GET)
    if error:
        messages.error(request, error)
        return redirect("hazard-list")
    return export_hazards(filters.filter(Hazard.objects.restrict(actor(request))))
