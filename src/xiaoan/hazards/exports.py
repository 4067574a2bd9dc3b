"""Hazard list export to Excel, streamed row by row so large lists fit in memory."""

from __future__ import annotations

import tempfile
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from openpyxl import Workbook

from xiaoan.core import clock

from .models import Hazard
from .queries import is_overdue

HEADERS = [
    "场所",
    "区域",
    "类别",
    "等级",
    "描述",
    "责任主体",
    "发现日期",
    "整改期限",
    "状态",
    "逾期",
    "销号日期",
]


def export_hazards(hazards: QuerySet[Hazard]) -> FileResponse:
    """The filtered hazards as an .xlsx download (write-only workbook, spooled to disk)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("火灾隐患")
    sheet.append(HEADERS)
    today = clock.today()
    rows: Any = (
        hazards.select_related("place", "area")
        .order_by("-found_on", "-id")
        .iterator(chunk_size=2000)
    )
    for h in rows:
        sheet.append(
            [
                h.place.name,
                h.area.name,
                h.get_category_display(),
                h.get_severity_display(),
                h.description,
                h.responsible_party,
                h.found_on,
                h.deadline,
                h.get_state_display(),
                "是" if is_overdue(h, today) else "否",
                h.closed_on,
            ]
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it)
    workbook.save(spool)
    spool.seek(0)
    name = f"火灾隐患-{today:%Y%m%d}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name)
