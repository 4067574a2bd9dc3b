"""One filter set per model, shared by the list pages and the API."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterLookup

from xiaoan.core.filtering import BoundedFilterSchema
from xiaoan.core.scoping import subtree_filter

from .models import Area


def within_area(lookup: str, area_id: int | None) -> Q:
    """Records at or below the given area (an unknown id matches nothing)."""
    if area_id is None:
        return Q()
    path = Area.objects.filter(pk=area_id).values_list("path", flat=True).first()
    if path is None:
        return Q(pk__in=[])
    return subtree_filter(lookup, path)


class AreaFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["name__icontains", "code__icontains"]),
        Field(description="名称或代码包含"),
    ] = None
    level: Annotated[
        int | None, Field(description="层级：1 市，2 县区，3 乡镇街道，4 社区村，5 网格")
    ] = None
    parent: Annotated[int | None, FilterLookup("parent_id"), Field(description="上级区域 id")] = (
        None
    )
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("path", value)


class OrganisationFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["name__icontains", "short_name__icontains"]),
        Field(description="名称包含"),
    ] = None
    kind: Annotated[str | None, Field(description="单位类型")] = None
    area: Annotated[
        int | None, FilterLookup("area_id"), Field(description="所属区域 id（仅该区域）")
    ] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)


class UserFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["username__icontains", "full_name__icontains"]),
        Field(description="用户名或姓名包含"),
    ] = None
    role: Annotated[str | None, Field(description="角色代码")] = None
    organisation: Annotated[
        int | None, FilterLookup("organisation_id"), Field(description="所属单位 id")
    ] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None

    def filter_role(self, value: str | None) -> Q:
        return Q(roles__contains=f",{value},") if value else Q()

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)
