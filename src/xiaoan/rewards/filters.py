"""Filter sets of reward reports and payouts, shared by the list pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterLookup

from xiaoan.areas.filters import within_area
from xiaoan.core import clock
from xiaoan.core.filtering import BoundedFilterSchema

from .choices import CLOSED_STATES


def local_day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=clock.LOCAL_TZ)


class RewardReportFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["description__icontains", "address__icontains", "code__iexact"]),
        Field(description="描述、地址包含，或受理编号"),
    ] = None
    state: Annotated[
        str | None,
        Field(
            description="submitted/verified/decided/approved/paid/no_reward/rejected/duplicate；open 为未办结"
        ),
    ] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    hazard: Annotated[int | None, FilterLookup("hazard_id"), Field(description="关联隐患 id")] = (
        None
    )
    submitted_from: Annotated[dt.date | None, Field(description="提交日期起")] = None
    submitted_to: Annotated[dt.date | None, Field(description="提交日期止")] = None

    def filter_state(self, value: str | None) -> Q:
        if not value:
            return Q()
        if value == "open":
            return ~Q(state__in=CLOSED_STATES)
        return Q(state=value)

    def filter_within(self, value: int | None) -> Q:
        return within_area("area__path", value)

    def filter_submitted_from(self, value: dt.date | None) -> Q:
        return Q(created_at__gte=local_day_start(value)) if value else Q()

    def filter_submitted_to(self, value: dt.date | None) -> Q:
        return Q(created_at__lt=local_day_start(value + dt.timedelta(days=1))) if value else Q()


class PayoutFilter(BoundedFilterSchema):
    method: Annotated[str | None, Field(description="发放方式")] = None
    within: Annotated[int | None, Field(description="某区域及其下级（区域 id）")] = None
    paid_from: Annotated[dt.date | None, Field(description="发放日期起")] = None
    paid_to: Annotated[dt.date | None, Field(description="发放日期止")] = None

    def filter_within(self, value: int | None) -> Q:
        return within_area("report__area__path", value)

    def filter_paid_from(self, value: dt.date | None) -> Q:
        return Q(paid_at__gte=local_day_start(value)) if value else Q()

    def filter_paid_to(self, value: dt.date | None) -> Q:
        return Q(paid_at__lt=local_day_start(value + dt.timedelta(days=1))) if value else Q()
