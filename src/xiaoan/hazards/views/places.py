"""Pages of places: the list, registering one, the detail with its inspections,
hazards and enforcement."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.record_edit import can_change
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor, paginate
from xiaoan.places.choices import PlaceKind
from xiaoan.places.filters import PlaceFilter
from xiaoan.places.models import Place
from xiaoan.places.services import DuplicatePlaceError, do_register_place

from .. import services
from ..choices import HazardState
from ..forms import EnforcementForm, PlaceForm
from ..models import EnforcementAction, Hazard, RectificationNotice
from ..queries import OPEN_STATES


@login_required
def place_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    filters, error = parse_filter(PlaceFilter, request.GET)
    qs = filters.filter(Place.objects.restrict(user).select_related("area")).order_by(
        "area__path", "name", "id"
    )
    return render(
        request,
        "hazards/place_list.html",
        {
            "page": paginate(request, qs),
            "error": error,
            "kinds": PlaceKind.choices,
            "can_register": user.can(Permission.INSPECT),
            "can_inspect": user.can(Permission.INSPECT) or user.can(Permission.SELF_INSPECT),
        },
    )


@login_required
def place_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not user.can(Permission.INSPECT):
        messages.error(request, "您的角色无权登记场所。")
        return redirect("place-list")
    form = PlaceForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            place = do_register_place(acting_user=user, **form.cleaned_data)
        except DuplicatePlaceError as exc:
            # flagged, not created: point the user at the place already registered
            details = exc.details if isinstance(exc.details, dict) else {}
            if "existing_id" not in details:
                form.add_error(None, exc.message)
                return render(
                    request, "areas/simple_form.html", {"form": form, "heading": "登记场所"}
                )
            messages.warning(request, exc.message)
            return redirect("place-detail", place_id=details["existing_id"])
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记场所“{place.name}”。")
            return redirect("place-detail", place_id=place.pk)
    return render(request, "areas/simple_form.html", {"form": form, "heading": "登记场所"})


@login_required
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    user = actor(request)
    place = get_visible_or_404(
        Place.objects.select_related("area", "property_company"), user, pk=place_id
    )
    return render(
        request,
        "hazards/place_detail.html",
        {
            "place": place,
            "is_small_venue": place.kind in settings.XIAOAN_NINE_SMALL_KINDS,
            "inspections": place.inspections.select_related("organisation").order_by("-at")[:50],
            "hazards": place.hazards.order_by("-found_on")[:100],
            "enforcement": place.enforcement_actions.order_by("-decided_on"),
            "can_inspect": user.can(Permission.INSPECT) or user.can(Permission.SELF_INSPECT),
            "enforcement_form": EnforcementForm() if user.can(Permission.ENFORCE) else None,
            "notices": place.notices.select_related("document").order_by("-issued_on", "-id"),
            "open_hazards": [h for h in place.hazards.all() if h.state in OPEN_STATES],
            "today": clock.today(),
            "history": history_entries(place),
            "can_edit": can_change(user, place),
        },
    )


@login_required
@require_POST
def enforcement_create(request: HttpRequest, place_id: int) -> HttpResponse:
    user = actor(request)
    place = get_visible_or_404(Place.objects.all(), user, pk=place_id)
    form = EnforcementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "执法措施信息不完整或有误。")
        return redirect("place-detail", place_id=place.pk)
    hazard_ids = [int(pk) for pk in request.POST.getlist("hazards") if pk.isdigit()]
    try:
        services.do_take_enforcement(
            acting_user=user,
            place=place,
            organisation=user.organisation,
            hazards=list(place.hazards.filter(pk__in=hazard_ids)),
            **form.cleaned_data,
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记执法措施。")
    return redirect("place-detail", place_id=place.pk)


@login_required
@require_POST
def notice_create(request: HttpRequest, place_id: int) -> HttpResponse:
    """Issue a numbered rectification notice for some of the place's open hazards."""
    user = actor(request)
    place = get_visible_or_404(Place.objects.all(), user, pk=place_id)
    ids = [int(pk) for pk in request.POST.getlist("hazards") if pk.isdigit()]
    try:
        deadline = dt.date.fromisoformat(request.POST.get("deadline", ""))
    except ValueError:
        messages.error(request, "请填写改正期限（YYYY-MM-DD）。")
        return redirect("place-detail", place_id=place.pk)
    try:
        notice = services.do_issue_notice(
            acting_user=user,
            place=place,
            hazards=list(place.hazards.filter(pk__in=ids)),
            deadline=deadline,
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已制发 {notice.number}，请下载打印后送达。")
    return redirect("place-detail", place_id=place.pk)


@login_required
@require_POST
def notice_serve(request: HttpRequest, place_id: int, notice_id: int) -> HttpResponse:
    user = actor(request)
    place = get_visible_or_404(Place.objects.all(), user, pk=place_id)
    notice = get_visible_or_404(RectificationNotice.objects.filter(place=place), user, pk=notice_id)
    try:
        served_on = dt.date.fromisoformat(request.POST.get("served_on", ""))
        services.do_serve_notice(
            notice,
            acting_user=user,
            expected_version=int(request.POST.get("version") or 0),
            served_on=served_on,
            served_to=request.POST.get("served_to", ""),
        )
    except ValueError:
        messages.error(request, "请填写送达日期（YYYY-MM-DD）。")
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已记录 {notice.number} 送达。")
    return redirect("place-detail", place_id=place.pk)


@login_required
def place_import(request: HttpRequest) -> HttpResponse:
    """Upload an Excel sheet of places; show what was created, flagged and rejected."""
    from xiaoan.core.attachments import max_upload_bytes
    from xiaoan.places.importers import COLUMNS, import_places

    user = actor(request)
    if not user.can(Permission.INSPECT):
        messages.error(request, "您的角色无权导入场所。")
        return redirect("place-list")
    result = error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的 Excel 文件。"
        elif upload.size and upload.size > max_upload_bytes():
            error = (
                f"文件大小 {upload.size / 1048576:.1f} MB，"
                f"超过上限 {max_upload_bytes() // 1048576} MB。"
            )
        else:
            try:
                result = import_places(upload, acting_user=user)
            except XiaoanError as exc:
                error = exc.message
    return render(
        request,
        "hazards/place_import.html",
        {"result": result, "error": error, "columns": [names[0] for names in COLUMNS.values()]},
    )


#: the state a place shows on the map: its worst open hazard
MAP_STATE_ORDER = ["found", "reopened", "rectifying", "rectified"]


@login_required
def place_map(request: HttpRequest) -> HttpResponse:
    """Places with coordinates, coloured by the state of their open hazards."""
    user = actor(request)
    places = list(
        Place.objects.restrict(user)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values("pk", "name", "latitude", "longitude")[:5000]
    )
    states: dict[int, list[str]] = {}
    for place_id, state in Hazard.objects.filter(
        place_id__in=[p["pk"] for p in places], state__in=OPEN_STATES
    ).values_list("place_id", "state"):
        states.setdefault(place_id, []).append(state)
    labels = dict(HazardState.choices)
    points = []
    for p in places:
        open_states = states.get(p["pk"], [])
        worst = next((s for s in MAP_STATE_ORDER if s in open_states), "none")
        summary = f"未销号隐患 {len(open_states)} 处" + (
            f"（{labels[worst]}）" if open_states else ""
        )
        points.append(
            {
                "name": p["name"],
                "lat": float(p["latitude"] or 0),
                "lng": float(p["longitude"] or 0),
                "state": worst,
                "summary": summary,
                "url": f"/places/{p['pk']}/",
            }
        )
    data = {
        "places": points,
        "tiles": settings.XIAOAN_MAP_TILE_URL,
        "attribution": settings.XIAOAN_MAP_TILE_ATTRIBUTION,
    }
    return render(request, "hazards/place_map.html", {"map_data": data, "count": len(points)})


@login_required
@require_POST
def enforcement_lift(request: HttpRequest, place_id: int, action_id: int) -> HttpResponse:
    """Lift a measure in force (e.g. a temporary sealing) on a date."""
    user = actor(request)
    place = get_visible_or_404(Place.objects.all(), user, pk=place_id)
    action = get_visible_or_404(EnforcementAction.objects.filter(place=place), user, pk=action_id)
    try:
        lifted_on = dt.date.fromisoformat(request.POST.get("lifted_on", ""))
        services.do_lift_enforcement(
            action,
            acting_user=user,
            expected_version=int(request.POST.get("version") or 0),
            lifted_on=lifted_on,
        )
    except ValueError:
        messages.error(request, "请填写解除日期（YYYY-MM-DD）。")
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已于 {lifted_on:%Y-%m-%d} 解除{action.get_kind_display()}。")
    return redirect("place-detail", place_id=place.pk)


@login_required
def place_export(request: HttpRequest) -> HttpResponseBase:
    from ..exports import export_places

    filters, error = parse_filter(PlaceFilter, request.GET)
    if error:
        messages.error(request, error)
        return redirect("place-list")
    return export_places(filters.filter(Place.objects.restrict(actor(request))))
