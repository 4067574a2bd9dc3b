"""API of the duty roster: /api/duty."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Organisation
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404

from .. import services
from ..filters import DutyFilter
from ..models import DutyShift
from .common import router, visible


class ShiftOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    date: dt.date
    role: str
    role_label: str
    person: str
    phone: str
    version: int

    @staticmethod
    def resolve_organisation_name(obj: DutyShift) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_role_label(obj: DutyShift) -> str:
        return obj.get_role_display()


class ShiftIn(InputSchema):
    organisation_id: int
    date: dt.date
    role: str
    person: str
    phone: str = ""


@router.get("/duty", response=list[ShiftOut], tags=["duty"], summary="值班安排列表")
@paginate(BoundedPagination)
def list_shifts(request: HttpRequest, filters: Query[DutyFilter]) -> Any:
    qs = DutyShift.objects.restrict(request.user).select_related("organisation")
    return filters.filter(qs).order_by("date", "organisation_id", "role", "id")


@router.get("/duty/{int:shift_id}", response=ShiftOut, tags=["duty"], summary="一条值班安排")
def get_shift(request: HttpRequest, shift_id: int) -> Any:
    return get_visible_or_404(
        DutyShift.objects.select_related("organisation"), request.user, pk=shift_id
    )


@router.post("/duty", response={201: ShiftOut}, tags=["duty"], summary="排班")
def create_shift(request: HttpRequest, payload: ShiftIn) -> Any:
    shift = services.do_assign_shift(
        acting_user=request.user,  # type: ignore[arg-type]
        organisation=visible(Organisation, request, payload.organisation_id),
        date=payload.date,
        role=payload.role,
        person=payload.person,
        phone=payload.phone,
    )
    return Status(201, shift)


class ShiftPatch(PatchSchema):
    version: int
    #: why it is corrected (修改原因), kept in the history
    reason: str = ""
    date: dt.date | None = None
    role: str | None = None
    person: str | None = None
    phone: str | None = None


@router.patch(
    "/duty/{int:shift_id}",
    response=ShiftOut,
    tags=["duty"],
    summary="修改值班安排（须带 version，可附修改原因 reason）",
)
def patch_shift(request: HttpRequest, shift_id: int, payload: ShiftPatch) -> Any:
    shift = get_visible_or_404(
        DutyShift.objects.select_related("organisation__area"), request.user, pk=shift_id
    )
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    return services.do_update_shift(
        shift,
        acting_user=request.user,  # type: ignore[arg-type]
        expected_version=payload.version,
        reason=payload.reason,
        **changes,
    )


@router.delete("/duty/{int:shift_id}", response={204: None}, tags=["duty"], summary="取消值班")
def delete_shift(request: HttpRequest, shift_id: int) -> Any:
    shift = get_visible_or_404(
        DutyShift.objects.select_related("organisation__area"), request.user, pk=shift_id
    )
    services.do_remove_shift(shift, acting_user=request.user)  # type: ignore[arg-type]
    return Status(204, None)
