"""Filter sets of hazard elimination, shared by the list pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterLookup

from xiaoan.areas.filters import within_area
from xiaoan.core import clock
from xiaoan.core.filtering import BoundedFilterSchema

from .queries import OPEN_STATES


class HazardFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["description__icontains", "place__name__icontains"]),
        Field(description="描述或场所名称包含"),
    ] = None
    state: Annotated[
        str | None,
        Field(description="found/rectifying/rectified/closed/reopened；open 为全部未销号"),
    ] = None
    category: Annotated[str | None, Field(description="隐患类别")] = None
    severity: Annotated[str | None, Field(description="ordinary/major")] = None
    place: Annotated[int | None, FilterLookup("place_id"), Field(description="场所 id")] = None
    place_kind: Annotated[
        str | None, FilterLookup("place__kind"), Field(description="场所类型")
    ] = None
    campaign: Annotated[
        int | None, FilterLookup("campaign_id"), Field(description="专项行动 id")
    ] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    overdue: Annotated[bool | None, Field(description="true：只看逾期")] = None
    found_from: Annotated[
        dt.date | None, FilterLookup("found_on__gte"), Field(description="发现日期起")
    ] = None
    found_to: Annotated[
        dt.date | None, FilterLookup("found_on__lte"), Field(description="发现日期止")
    ] = None

    def filter_state(self, value: str | None) -> Q:
        if not value:
            return Q()
        if value == "open":
            # "overdue" already asks for the open states: saying it twice makes the
            # planner misjudge how many rows match (and pick a slow plan)
            return Q() if self.overdue else Q(state__in=OPEN_STATES)
        return Q(state=value)

    def filter_within(self, value: int | None) -> Q:
        return within_area("area_path", value)

    def filter_overdue(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        overdue = Q(state__in=OPEN_STATES, deadline__lt=clock.today())
        return overdue if value else ~overdue


class InspectionFilter(BoundedFilterSchema):
    kind: Annotated[str | None, Field(description="检查类型")] = None
    result: Annotated[str | None, Field(description="pending/hazards_found/no_hazard")] = None
    place: Annotated[int | None, FilterLookup("place_id"), Field(description="场所 id")] = None
    campaign: Annotated[
        int | None, FilterLookup("campaign_id"), Field(description="专项行动 id")
    ] = None
    phase: Annotated[int | None, FilterLookup("phase_id"), Field(description="阶段 id")] = None
    visit: Annotated[int | None, FilterLookup("visit_id"), Field(description="督导检查 id")] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    date_from: Annotated[
        dt.date | None, FilterLookup("at__date__gte"), Field(description="检查日期起")
    ] = None
    date_to: Annotated[
        dt.date | None, FilterLookup("at__date__lte"), Field(description="检查日期止")
    ] = None
    unsigned: Annotated[bool | None, Field(description="true：还有检查人未签字")] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)

    def filter_unsigned(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        pending = Q(signatures__signed_at__isnull=True)
        return pending if value else ~pending


class EnforcementFilter(BoundedFilterSchema):
    kind: Annotated[str | None, Field(description="措施类型")] = None
    place: Annotated[int | None, FilterLookup("place_id"), Field(description="场所 id")] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    in_force: Annotated[bool | None, Field(description="true：今天仍有效（未解除）")] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)

    def filter_in_force(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        today = clock.today()
        active = Q(decided_on__lte=today) & (Q(lifted_on__isnull=True) | Q(lifted_on__gt=today))
        return active if value else ~active


class VisitFilter(BoundedFilterSchema):
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    unannounced: Annotated[bool | None, Field(description="true：四不两直")] = None
    date_from: Annotated[dt.date | None, FilterLookup("date__gte"), Field(description="日期起")] = (
        None
    )
    date_to: Annotated[dt.date | None, FilterLookup("date__lte"), Field(description="日期止")] = (
        None
    )

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)
