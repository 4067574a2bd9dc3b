"""The filter set of work orders, shared by the list page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Exists, OuterRef, Q
from ninja import Field, FilterLookup

from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.filtering import BoundedFilterSchema
from xiaoan.hazards.choices import HazardCategory

from .choices import HandlingState, PlacementSource


class ComplaintFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(
            ["number__icontains", "title__icontains", "content__icontains", "address__icontains"]
        ),
        Field(description="工单编号、标题、内容或地址包含"),
    ] = None
    received_from: Annotated[dt.date | None, Field(description="来电日期起（含）")] = None
    received_to: Annotated[dt.date | None, Field(description="来电日期止（含）")] = None
    status: Annotated[str | None, Field(description="工单状态（平台原文，如“已办结”）")] = None
    handling_state: Annotated[
        HandlingState | None,
        FilterLookup("handling_state"),
        Field(
            description="办理状态：pending 待分派、dispatched 已分派、replied 已回复、closed 已办结"
        ),
    ] = None
    handling_organisation: Annotated[
        int | None,
        FilterLookup("handling_organisation_id"),
        Field(description="承办单位（本系统分派）的编号"),
    ] = None
    overdue: Annotated[
        bool | None, Field(description="是否超期（已分派、未回复且过了办理期限）")
    ] = None

    def filter_overdue(self, value: bool | None) -> Q:
        from .handling_queries import overdue_q

        if value is None:
            return Q()
        return overdue_q() if value else ~overdue_q()

    fire_related: Annotated[bool | None, Field(description="是否涉及消防安全")] = None
    hazard_category: Annotated[HazardCategory | None, Field(description="隐患类别")] = None
    placed_by: Annotated[PlacementSource | None, Field(description="定位方式")] = None
    has_duplicates: Annotated[bool | None, Field(description="有疑似重复工单")] = None

    def filter_has_duplicates(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        from .models import ComplaintDuplicate

        linked = Exists(ComplaintDuplicate.objects.filter(first=OuterRef("pk"))) | Exists(
            ComplaintDuplicate.objects.filter(second=OuterRef("pk"))
        )
        return Q(linked) if value else ~Q(linked)

    def filter_received_from(self, value: dt.date | None) -> Q:
        if value is None:
            return Q()
        return Q(received_at__gte=dt.datetime.combine(value, dt.time(), tzinfo=LOCAL_TZ))

    def filter_received_to(self, value: dt.date | None) -> Q:
        if value is None:
            return Q()
        next_day = value + dt.timedelta(days=1)
        return Q(received_at__lt=dt.datetime.combine(next_day, dt.time(), tzinfo=LOCAL_TZ))
