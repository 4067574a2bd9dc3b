"""/api/inspections and /api/supervision-visits."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.core.errors import XiaoanError
from xiaoan.core.inputs import InputSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.directives.models import Campaign
from xiaoan.places.models import Place

from .. import queries, services
from ..filters import InspectionFilter, VisitFilter
from ..models import Inspection, Signature, SupervisionVisit
from ..services.inspectors import co_inspector_candidates
from .common import router


class SignatureOut(Schema):
    inspector_id: int
    inspector: str
    signed_at: dt.datetime | None

    @staticmethod
    def resolve_inspector(obj: Signature) -> str:
        return str(obj.inspector)


class InspectionOut(Schema):
    id: int
    place_id: int
    place_name: str
    at: dt.datetime
    kind: str
    kind_label: str
    result: str
    result_label: str
    campaign_id: int | None
    phase_id: int | None
    visit_id: int | None
    organisation_id: int
    area_id: int
    notes: str
    signatures: list[SignatureOut]
    completed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_place_name(obj: Inspection) -> str:
        return obj.place.name

    @staticmethod
    def resolve_kind_label(obj: Inspection) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_result_label(obj: Inspection) -> str:
        return obj.get_result_display()


def inspections() -> Any:
    return Inspection.objects.select_related("place").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("inspector"))
    )


@router.get("/inspections", response=list[InspectionOut], tags=["inspections"], summary="检查")
@paginate(BoundedPagination)
def list_inspections(request: HttpRequest, filters: Query[InspectionFilter]) -> Any:
    visible = Inspection.objects.restrict(request.user)
    return (
        filters.filter(inspections().filter(pk__in=visible.values("pk")))
        .distinct()
        .order_by("-at", "-id")
    )


@router.get(
    "/inspections/{int:inspection_id}",
    response=InspectionOut,
    tags=["inspections"],
    summary="一次检查",
)
def get_inspection(request: HttpRequest, inspection_id: int) -> Any:
    return get_visible_or_404(inspections(), request.user, pk=inspection_id)


class HazardIn(InputSchema):
    category: str
    description: str
    severity: str = "ordinary"
    major_element: str = ""
    deadline: dt.date | None = None
    responsible_party: str = ""


class InspectionIn(InputSchema):
    place_id: int
    kind: str
    at: dt.datetime | None = None
    inspector_ids: list[int] = []
    campaign_id: int | None = None
    visit_id: int | None = None
    no_hazard: bool = False
    hazards: list[HazardIn] = []
    notes: str = ""


def co_inspectors(place: Place, ids: list[int], *, lead: Any) -> list[Any]:
    """The chosen co-inspectors among the place's candidates; an id outside them is
    refused without saying whose it is."""
    candidates = {u.pk: u for u in co_inspector_candidates(place, lead=lead).filter(pk__in=ids)}
    for pk in ids:
        if pk not in candidates and pk != lead.pk:
            raise XiaoanError(
                f"检查人（编号 {pk}）不是该场所所在社区、乡镇街道或大队可选的检查人。"
            )
    return [candidates[pk] for pk in dict.fromkeys(ids) if pk in candidates]


@router.post(
    "/inspections", response={201: InspectionOut}, tags=["inspections"], summary="登记检查及其结果"
)
def create_inspection(request: HttpRequest, payload: InspectionIn) -> Any:
    user = request.user
    place = get_visible_or_404(Place.objects.select_related("area"), user, pk=payload.place_id)
    inspection = services.do_record_inspection(
        acting_user=actor(request),
        place=place,
        kind=payload.kind,
        at=payload.at,
        inspectors=co_inspectors(place, payload.inspector_ids, lead=actor(request)),
        campaign=get_visible_or_404(Campaign.objects.all(), user, pk=payload.campaign_id)
        if payload.campaign_id
        else None,
        visit=get_visible_or_404(SupervisionVisit.objects.all(), user, pk=payload.visit_id)
        if payload.visit_id
        else None,
        no_hazard=payload.no_hazard,
        hazards=[services.HazardSpec(**h.dict()) for h in payload.hazards],
        notes=payload.notes,
    )
    return Status(201, get_visible_or_404(inspections(), user, pk=inspection.pk))


@router.post(
    "/inspections/{int:inspection_id}/sign",
    response=InspectionOut,
    tags=["inspections"],
    summary="检查人签字确认",
)
def sign_inspection(request: HttpRequest, inspection_id: int) -> Any:
    inspection = get_visible_or_404(Inspection.objects.all(), request.user, pk=inspection_id)
    services.do_sign_inspection(inspection, acting_user=actor(request))
    return get_visible_or_404(inspections(), request.user, pk=inspection_id)


class VisitOut(Schema):
    id: int
    date: dt.date
    leader_name: str
    leader_title: str
    title: str
    unannounced: bool
    area_id: int
    notes: str
    totals: dict[str, int]
    version: int

    @staticmethod
    def resolve_totals(obj: SupervisionVisit) -> dict[str, int]:
        return queries.visit_totals(obj)


@router.get(
    "/supervision-visits", response=list[VisitOut], tags=["supervision-visits"], summary="督导检查"
)
@paginate(BoundedPagination)
def list_visits(request: HttpRequest, filters: Query[VisitFilter]) -> Any:
    return filters.filter(SupervisionVisit.objects.restrict(request.user)).order_by("-date", "-id")


@router.get(
    "/supervision-visits/{int:visit_id}",
    response=VisitOut,
    tags=["supervision-visits"],
    summary="一次督导检查",
)
def get_visit(request: HttpRequest, visit_id: int) -> Any:
    return get_visible_or_404(SupervisionVisit.objects.all(), request.user, pk=visit_id)
