"""Filter sets shared by the duty desk's list pages and API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import F, Q
from ninja import Field, FilterLookup

from xiaoan.areas.filters import within_area
from xiaoan.core import clock
from xiaoan.core.filtering import BoundedFilterSchema

from .choices import ClockState
from .queries import local_day_bounds


class IncidentFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["address__icontains", "place_name__icontains", "description__icontains"]),
        Field(description="地址、场所或描述包含"),
    ] = None
    kind: Annotated[str | None, Field(description="警情类型")] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    start: Annotated[dt.date | None, Field(description="接警日期起（北京时间）")] = None
    end: Annotated[dt.date | None, Field(description="接警日期止（北京时间）")] = None
    state: Annotated[
        str | None, Field(description="报送状态：running/overdue/on_time/late/not_required")
    ] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)

    def filter_start(self, value: dt.date | None) -> Q:
        return Q(alarm_at__gte=local_day_bounds(value, value)[0]) if value else Q()

    def filter_end(self, value: dt.date | None) -> Q:
        return Q(alarm_at__lt=local_day_bounds(value, value)[1]) if value else Q()

    def filter_state(self, value: str | None) -> Q:
        if not value:
            return Q()
        now = clock.now()
        required = Q(report_required=True)
        unreported = Q(first_report_at__isnull=True)
        states: dict[str, Q] = {
            ClockState.NOT_REQUIRED: Q(report_required=False),
            ClockState.RUNNING: required & unreported & Q(report_deadline__gte=now),
            ClockState.OVERDUE: required & unreported & Q(report_deadline__lt=now),
            ClockState.ON_TIME: required & Q(first_report_at__lte=F("report_deadline")),
            ClockState.LATE: required & Q(first_report_at__gt=F("report_deadline")),
        }
        return states.get(value, Q(pk__in=[]))


class DutyFilter(BoundedFilterSchema):
    organisation: Annotated[
        int | None, FilterLookup("organisation_id"), Field(description="单位 id")
    ] = None
    start: Annotated[dt.date | None, FilterLookup("date__gte"), Field(description="日期起")] = None
    end: Annotated[dt.date | None, FilterLookup("date__lte"), Field(description="日期止")] = None
    role: Annotated[str | None, Field(description="岗位")] = None


class SubmissionFilter(BoundedFilterSchema):
    period: Annotated[int | None, FilterLookup("period_id"), Field(description="调度安排 id")] = (
        None
    )
    date: Annotated[dt.date | None, Field(description="日期")] = None
    organisation: Annotated[
        int | None, FilterLookup("organisation_id"), Field(description="单位 id")
    ] = None
    status: Annotated[str | None, Field(description="安全状况")] = None


class UpcomingInspectionFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["title__icontains", "inspecting_body__icontains", "focus__icontains"]),
        Field(description="名称、检查组或重点包含"),
    ] = None
    start: Annotated[dt.date | None, Field(description="日期起")] = None
    end: Annotated[dt.date | None, Field(description="日期止")] = None

    def filter_start(self, value: dt.date | None) -> Q:
        if not value:
            return Q()
        return Q(starts_on__isnull=True) | Q(ends_on__gte=value) | Q(starts_on__gte=value)

    def filter_end(self, value: dt.date | None) -> Q:
        return (Q(starts_on__isnull=True) | Q(starts_on__lte=value)) if value else Q()
