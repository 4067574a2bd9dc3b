"""Pages of inspections: the list, the phone-friendly form, the detail with signatures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from xiaoan.areas.roles import Permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor, paginate
from xiaoan.places.models import Place

from .. import services
from ..choices import InspectionKind, InspectionResult
from ..filters import InspectionFilter
from ..forms import InspectionForm
from ..models import Inspection, Signature
from ..services.inspection_edit import edit_refusal
from .hazards import files_of

SIGNATURES = Prefetch("signatures", queryset=Signature.objects.select_related("inspector"))


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    filters, error = parse_filter(InspectionFilter, request.GET)
    visible = Inspection.objects.restrict(user).values("pk")
    qs = filters.filter(Inspection.objects.filter(pk__in=visible)).distinct()
    qs = (
        qs.select_related("place", "organisation")
        .prefetch_related(SIGNATURES)
        .order_by("-at", "-id")
    )
    pending = Signature.objects.filter(inspector=user, signed_at__isnull=True).select_related(
        "inspection__place"
    )
    return render(
        request,
        "hazards/inspection_list.html",
        {
            "page": paginate(request, qs),
            "error": error,
            "kinds": InspectionKind.choices,
            "results": InspectionResult.choices,
            "to_sign": pending,
        },
    )


@login_required
def inspection_create(request: HttpRequest, place_id: int) -> HttpResponse:
    """The phone-friendly inspection form for one place."""
    user = actor(request)
    place = get_visible_or_404(Place.objects.select_related("area"), user, pk=place_id)
    if not (user.can(Permission.INSPECT) or user.can(Permission.SELF_INSPECT)):
        messages.error(request, "您的角色无权检查场所。")
        return redirect("place-detail", place_id=place.pk)
    form = InspectionForm(request.POST or None, request.FILES or None, user=user, place=place)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photos = [(f.name, f) for f in data["photos"]]
        hazards = [
            services.HazardSpec(
                category=category,
                description=data["description"],
                severity=data["severity"],
                major_element=data["major_element"],
                deadline=data["deadline"],
                photos=photos if index == 0 else (),
            )
            for index, category in enumerate(data["categories"])
        ]
        try:
            inspection = services.do_record_inspection(
                acting_user=user,
                place=place,
                kind=data["kind"],
                campaign=data["campaign"],
                visit=data["visit"],
                inspectors=list(data["inspectors"]),
                hazards=hazards,
                no_hazard=data["no_hazard"],
                notes=data["notes"],
                photos=() if hazards else photos,
                client_key=request.POST.get("client_key") or None,
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            found = len(hazards)
            messages.success(
                request,
                f"已登记检查：{'发现隐患 ' + str(found) + ' 处' if found else '未发现隐患'}。",
            )
            return redirect("inspection-detail", inspection_id=inspection.pk)
    return render(request, "hazards/inspection_form.html", {"form": form, "place": place})


@login_required
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    user = actor(request)
    inspection = get_visible_or_404(
        Inspection.objects.select_related(
            "place", "organisation", "campaign", "phase", "visit"
        ).prefetch_related(SIGNATURES, "hazards"),
        user,
        pk=inspection_id,
    )
    mine = next((s for s in inspection.signatures.all() if s.inspector_id == user.pk), None)
    drawn = {s.image_id for s in inspection.signatures.all() if s.image_id}
    files = files_of("inspection", [inspection.pk]).get(inspection.pk, [])
    unsigned = [s for s in inspection.signatures.all() if s.signed_at is None]
    return render(
        request,
        "hazards/inspection_detail.html",
        {
            "inspection": inspection,
            "may_sign": mine is not None and mine.signed_at is None,
            "may_edit": not edit_refusal(inspection, user),
            "unsigned": len(unsigned),
            "photos": [f for f in files if f.pk not in drawn],
            "rechecks": inspection.rechecked.select_related("hazard"),
            "history": history_entries(inspection),
        },
    )


@login_required
def inspection_export(request: HttpRequest) -> HttpResponseBase:
    from ..exports import export_inspections

    filters, error = parse_filter(InspectionFilter, request.GET)
    if error:
        messages.error(request, error)
        return redirect("inspection-list")
    visible = Inspection.objects.restrict(actor(request)).values("pk")
    return export_inspections(filters.filter(Inspection.objects.filter(pk__in=visible)).distinct())
