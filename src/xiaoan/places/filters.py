"""Filter sets of places and water sources, shared by pages and API."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterLookup

from xiaoan.areas.filters import within_area
from xiaoan.core.filtering import BoundedFilterSchema


class WaterSourceFilter(BoundedFilterSchema):
    kind: Annotated[str | None, Field(description="hydrant/water_crane")] = None
    status: Annotated[
        str | None, Field(description="planned/building/in_service/out_of_service")
    ] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    commissioned_year: Annotated[
        int | None,
        FilterLookup("commissioned_on__year"),
        Field(description="投用年度", ge=1, le=9999),
    ] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)


class PlaceFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["name__icontains", "address__icontains"]),
        Field(description="名称或地址包含"),
    ] = None
    kind: Annotated[str | None, Field(description="场所类型")] = None
    risk_level: Annotated[str | None, Field(description="风险等级 low/medium/high")] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    small_venue: Annotated[bool | None, Field(description="true：只看九小场所")] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)

    def filter_small_venue(self, value: bool | None) -> Q:
        from django.conf import settings

        if value is None:
            return Q()
        small = Q(kind__in=settings.XIAOAN_NINE_SMALL_KINDS)
        return small if value else ~small
