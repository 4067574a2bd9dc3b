"""Filter sets shared by the supervision desk's list pages and API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterLookup

from xiaoan.areas.filters import within_area
from xiaoan.core import clock
from xiaoan.core.filtering import BoundedFilterSchema

from .choices import TaskStatus
from .queries import OPEN_STATUSES


class TaskFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["title__icontains", "description__icontains"]),
        Field(description="任务名称或说明包含"),
    ] = None
    status: Annotated[str | None, Field(description="状态：open/in_progress/done/closed")] = None
    lead: Annotated[
        int | None, FilterLookup("lead_organisation_id"), Field(description="牵头单位 id")
    ] = None
    organisation: Annotated[int | None, Field(description="牵头或配合单位 id")] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    source: Annotated[
        str | None, Field(description="来源：instruction/meeting/document/campaign/none")
    ] = None
    campaign: Annotated[
        int | None, FilterLookup("campaign_id"), Field(description="专项行动 id")
    ] = None
    phase: Annotated[int | None, FilterLookup("phase_id"), Field(description="阶段 id")] = None
    instruction: Annotated[
        int | None, FilterLookup("instruction_id"), Field(description="来源批示 id")
    ] = None
    overdue: Annotated[bool | None, Field(description="true：只看逾期；false：不含逾期")] = None

    def filter_status(self, value: str | None) -> Q:
        if not value:
            return Q()
        if value == "open_all":
            return Q(status__in=OPEN_STATUSES)
        return Q(status=value) if value in TaskStatus.values else Q(pk__in=[])

    def filter_organisation(self, value: int | None) -> Q:
        if value is None:
            return Q()
        return Q(lead_organisation_id=value) | Q(co_organisations=value)

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)

    def filter_source(self, value: str | None) -> Q:
        return {
            None: Q(),
            "": Q(),
            "instruction": Q(instruction__isnull=False),
            "meeting": Q(requirement__meeting__isnull=False),
            "document": Q(requirement__document__isnull=False),
            "campaign": Q(
                campaign__isnull=False, instruction__isnull=True, requirement__isnull=True
            ),
            "none": Q(campaign__isnull=True, instruction__isnull=True, requirement__isnull=True),
        }.get(value, Q(pk__in=[]))

    def filter_overdue(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        overdue = Q(status__in=OPEN_STATUSES, deadline__lt=clock.today())
        return overdue if value else ~overdue


class InstructionFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["text__icontains", "source_title__icontains", "leader_name__icontains"]),
        Field(description="内容、载体或领导包含"),
    ] = None
    kind: Annotated[str | None, Field(description="instruction/follow_up/read")] = None
    leader: Annotated[str | None, FilterLookup("leader_name"), Field(description="领导姓名")] = None
    date_from: Annotated[
        dt.date | None, FilterLookup("date__gte"), Field(description="起始日期 YYYY-MM-DD")
    ] = None
    date_to: Annotated[
        dt.date | None, FilterLookup("date__lte"), Field(description="截止日期 YYYY-MM-DD")
    ] = None


class MeetingFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["title__icontains", "summary__icontains"]),
        Field(description="名称或内容包含"),
    ] = None
    level: Annotated[str | None, Field(description="national/province/city/detachment/county")] = (
        None
    )
    date_from: Annotated[
        dt.date | None, FilterLookup("date__gte"), Field(description="起始日期")
    ] = None
    date_to: Annotated[dt.date | None, FilterLookup("date__lte"), Field(description="截止日期")] = (
        None
    )


class DocumentFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["title__icontains", "summary__icontains", "issuer__icontains"]),
        Field(description="标题、内容或发文单位包含"),
    ] = None
    level: Annotated[str | None, Field(description="national/province/city/detachment/county")] = (
        None
    )


class CampaignFilter(BoundedFilterSchema):
    q: Annotated[str | None, FilterLookup("name__icontains"), Field(description="名称包含")] = None
    active_on: Annotated[dt.date | None, Field(description="在某日进行中的（YYYY-MM-DD）")] = None

    def filter_active_on(self, value: dt.date | None) -> Q:
        return Q(start__lte=value, end__gte=value) if value else Q()


class ActivityFilter(BoundedFilterSchema):
    kind: Annotated[str | None, Field(description="活动类型")] = None
    campaign: Annotated[
        int | None, FilterLookup("campaign_id"), Field(description="专项行动 id")
    ] = None
    phase: Annotated[int | None, FilterLookup("phase_id"), Field(description="阶段 id")] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)
