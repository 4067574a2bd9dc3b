"""The Excel export of the work-order list: the platform's columns, then the
handling here (state, unit, deadline, overdue, reply, closing, hazard). The
caller's name and number are masked unless asked for in clear."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse

from xiaoan.core import clock
from xiaoan.core.exports import xlsx_response
from xiaoan.core.personal import shown

from .handling_queries import with_overdue
from .models import Complaint

HEADERS = [
    "工单编号",
    "来电时间",
    "来电人",
    "来电号码",
    "诉求类型",
    "问题分类",
    "工单标题",
    "诉求内容",
    "事发地址",
    "区域",
    "承办单位（平台）",
    "工单状态（平台）",
    "办理状态",
    "承办单位（分派）",
    "分派时间",
    "办理期限",
    "是否超期",
    "办理答复",
    "答复时间",
    "办结时间",
    "督办次数",
    "转为隐患",
]


def local(moment: dt.datetime | None) -> Any:
    """Excel has no time zones: write the Asia/Shanghai wall time."""
    return moment.astimezone(clock.LOCAL_TZ).replace(tzinfo=None) if moment else None


def export_complaints(complaints: QuerySet[Complaint], *, clear: bool = False) -> FileResponse:
    """The orders as a workbook; the callers masked unless `clear` (asked for by a
    role with view_personal_data: the view checks and logs it)."""
    from django.db.models import Count

    qs = (
        with_overdue(complaints)
        .select_related("area", "handling_organisation", "hazard__place")
        .annotate(chase_count=Count("chases"))
        .order_by("-received_at", "-id")
    )

    def rows() -> Iterator[list[Any]]:
        for c in qs.iterator(chunk_size=2000):
            yield [
                c.number,
                local(c.received_at),
                shown(c.caller_name, "name", clear),
                shown(c.caller_phone, "phone", clear),
                c.kind,
                c.category,
                c.title,
                c.content,
                c.address,
                c.area.name if c.area else "",
                c.handling_unit,
                c.status,
                c.get_handling_state_display(),
                c.handling_organisation.name if c.handling_organisation else "",
                local(c.dispatched_at),
                c.handling_deadline,
                "是" if c.overdue else "否",  # type: ignore[attr-defined]
                c.handling_reply,
                local(c.handling_replied_at),
                local(c.handling_closed_at),
                c.chase_count,  # type: ignore[attr-defined]
                f"{c.hazard.place.name}：{c.hazard.get_category_display()}" if c.hazard else "",
            ]

    return xlsx_response("12345工单", HEADERS, rows(), f"12345工单-{clock.today():%Y%m%d}.xlsx")
