"""API of the water-source register: /api/water-sources."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from . import services
from .filters import PlaceFilter, WaterSourceFilter
from .models import Place, WaterSource

water_sources_router = Router(tags=["water-sources"])
places_router = Router(tags=["places"])


class WaterSourceOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    location: str
    area_id: int
    status: str
    status_label: str
    commissioned_on: dt.date | None
    version: int

    @staticmethod
    def resolve_kind_label(obj: WaterSource) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: WaterSource) -> str:
        return obj.get_status_display()


class WaterSourceIn(InputSchema):
    kind: str
    number: str
    location: str
    area_id: int
    status: str = "planned"
    commissioned_on: dt.date | None = None


class WaterSourcePatch(PatchSchema):
    nullable = frozenset({"commissioned_on", "latitude", "longitude"})

    version: int
    #: why it is corrected (修改原因), kept in the history
    reason: str = ""
    location: str | None = None
    status: str | None = None
    commissioned_on: dt.date | None = None
    latitude: float | None = None
    longitude: float | None = None


@water_sources_router.get("", response=list[WaterSourceOut], summary="消防水源台账")
@paginate(BoundedPagination)
def list_water_sources(request: HttpRequest, filters: Query[WaterSourceFilter]) -> Any:
    return filters.filter(WaterSource.objects.restrict(request.user)).order_by("kind", "number")


@water_sources_router.get("/{int:source_id}", response=WaterSourceOut, summary="一个消防水源")
def get_water_source(request: HttpRequest, source_id: int) -> Any:
    return get_visible_or_404(WaterSource.objects.all(), request.user, pk=source_id)


@water_sources_router.post("", response={201: WaterSourceOut}, summary="登记消防水源")
def create_water_source(request: HttpRequest, payload: WaterSourceIn) -> Any:
    area = get_visible_or_404(Area.objects.all(), request.user, pk=payload.area_id)
    data = payload.dict(exclude={"area_id"})
    return Status(
        201, services.do_register_water_source(acting_user=actor(request), area=area, **data)
    )


@water_sources_router.patch(
    "/{int:source_id}", response=WaterSourceOut, summary="修改消防水源（须带 version）"
)
def patch_water_source(request: HttpRequest, source_id: int, payload: WaterSourcePatch) -> Any:
    source = get_visible_or_404(WaterSource.objects.all(), request.user, pk=source_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    return services.do_update_water_source(
        source,
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **coordinates(changes),
    )


def coordinates(changes: dict[str, Any]) -> dict[str, Any]:
    """Latitude and longitude as the decimal columns store them."""
    for name in ("latitude", "longitude"):
        if changes.get(name) is not None:
            changes[name] = Decimal(str(changes[name])).quantize(Decimal("0.000001"))
    return changes


class PlaceOut(Schema):
    id: int
    name: str
    address: str
    area_id: int
    area_name: str
    kind: str
    kind_label: str
    responsible_person: str
    contact: str
    property_company_id: int | None
    risk_level: str
    latitude: float | None
    longitude: float | None
    version: int

    @staticmethod
    def resolve_area_name(obj: Place) -> str:
        return obj.area.name

    @staticmethod
    def resolve_kind_label(obj: Place) -> str:
        return obj.get_kind_display()


class PlaceIn(InputSchema):
    name: str
    address: str
    area_id: int
    kind: str
    responsible_person: str = ""
    contact: str = ""
    risk_level: str = "medium"
    latitude: float | None = None
    longitude: float | None = None


@places_router.get("", response=list[PlaceOut], summary="场所")
@paginate(BoundedPagination)
def list_places(request: HttpRequest, filters: Query[PlaceFilter]) -> Any:
    return filters.filter(Place.objects.restrict(request.user).select_related("area")).order_by(
        "area__path", "name", "id"
    )


@places_router.get("/{int:place_id}", response=PlaceOut, summary="一个场所")
def get_place(request: HttpRequest, place_id: int) -> Any:
    return get_visible_or_404(Place.objects.select_related("area"), request.user, pk=place_id)


@places_router.post(
    "", response={201: PlaceOut}, summary="登记场所（同名同地址的视为重复，不会新建）"
)
def create_place(request: HttpRequest, payload: PlaceIn) -> Any:
    area = get_visible_or_404(Area.objects.all(), request.user, pk=payload.area_id)
    data = payload.dict(exclude={"area_id"})
    return Status(201, services.do_register_place(acting_user=actor(request), area=area, **data))


class PlacePatch(PatchSchema):
    nullable = frozenset({"property_company_id", "latitude", "longitude"})

    version: int
    #: why it is corrected (修改原因), kept in the history
    reason: str = ""
    name: str | None = None
    address: str | None = None
    kind: str | None = None
    responsible_person: str | None = None
    contact: str | None = None
    property_company_id: int | None = None
    risk_level: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@places_router.patch(
    "/{int:place_id}", response=PlaceOut, summary="修改场所（须带 version，可附修改原因 reason）"
)
def patch_place(request: HttpRequest, place_id: int, payload: PlacePatch) -> Any:
    place = get_visible_or_404(Place.objects.select_related("area"), request.user, pk=place_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    if "property_company_id" in changes:
        company_id = changes.pop("property_company_id")
        changes["property_company"] = (
            None
            if company_id is None
            else get_visible_or_404(Organisation.objects.all(), request.user, pk=company_id)
        )
    return services.do_update_place(
        place,
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **coordinates(changes),
    )
