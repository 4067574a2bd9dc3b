"""/api/enforcement-actions."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.core.inputs import InputSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.places.models import Place

from .. import services
from ..filters import EnforcementFilter
from ..models import EnforcementAction, Hazard
from .common import router


class EnforcementOut(Schema):
    id: int
    place_id: int
    place_name: str
    kind: str
    kind_label: str
    decided_on: dt.date
    lifted_on: dt.date | None
    in_force: bool
    amount: Decimal | None
    document_number: str
    hazard_ids: list[int]
    visit_id: int | None
    note: str
    version: int

    @staticmethod
    def resolve_place_name(obj: EnforcementAction) -> str:
        return obj.place.name

    @staticmethod
    def resolve_kind_label(obj: EnforcementAction) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_in_force(obj: EnforcementAction) -> bool:
        return obj.in_force()

    @staticmethod
    def resolve_hazard_ids(obj: EnforcementAction) -> list[int]:
        return [h.pk for h in obj.hazards.all()]


class EnforcementIn(InputSchema):
    place_id: int
    kind: str
    decided_on: dt.date
    hazard_ids: list[int] = []
    lifted_on: dt.date | None = None
    amount: Decimal | None = None
    document_number: str = ""
    note: str = ""


def actions() -> Any:
    return EnforcementAction.objects.select_related("place").prefetch_related("hazards")


@router.get(
    "/enforcement-actions", response=list[EnforcementOut], tags=["enforcement"], summary="执法措施"
)
@paginate(BoundedPagination)
def list_enforcement(request: HttpRequest, filters: Query[EnforcementFilter]) -> Any:
    return filters.filter(
        actions().filter(pk__in=EnforcementAction.objects.restrict(request.user).values("pk"))
    ).order_by("-decided_on", "-id")


@router.get(
    "/enforcement-actions/{int:action_id}",
    response=EnforcementOut,
    tags=["enforcement"],
    summary="一项执法措施",
)
def get_enforcement(request: HttpRequest, action_id: int) -> Any:
    return get_visible_or_404(actions(), request.user, pk=action_id)


@router.post(
    "/enforcement-actions",
    response={201: EnforcementOut},
    tags=["enforcement"],
    summary="采取执法措施",
)
def create_enforcement(request: HttpRequest, payload: EnforcementIn) -> Any:
    user = actor(request)
    action = services.do_take_enforcement(
        acting_user=user,
        place=get_visible_or_404(Place.objects.all(), user, pk=payload.place_id),
        kind=payload.kind,
        decided_on=payload.decided_on,
        organisation=user.organisation,
        hazards=[
            get_visible_or_404(Hazard.objects.all(), user, pk=pk) for pk in payload.hazard_ids
        ],
        lifted_on=payload.lifted_on,
        amount=payload.amount,
        document_number=payload.document_number,
        note=payload.note,
    )
    return Status(201, get_visible_or_404(actions(), user, pk=action.pk))
