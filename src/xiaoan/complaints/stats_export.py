"""The statistics tables as one Excel workbook: summary, daily, by category, by area."""

from __future__ import annotations

import tempfile
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook

from xiaoan.core.text import for_excel

from .stats import Growth, PeriodSummary
from .stats_params import StatsRequest


class CleanSheet:
    """A write-only sheet whose rows pass through `for_excel` (area and category
    names are stored text)."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet

    def append(self, values: list[Any]) -> None:
        self.sheet.append([for_excel(v) for v in values])


def pct(g: Growth) -> float | str:
    return g.pct if g.pct is not None else ""


def stats_workbook_response(asked: StatsRequest, summary: PeriodSummary) -> FileResponse:
    book = Workbook(write_only=True)
    sheet: Any = CleanSheet(book.create_sheet("概况"))
    sheet.append(["项目", "数值", "说明"])
    sheet.append(["区域", asked.area.name, asked.scope_label])
    sheet.append(["统计周期", f"{summary.start} 至 {summary.end}", f"{len(summary.daily)} 天"])
    sheet.append(["工单数", summary.count, ""])
    for name, g, period in (
        ("同比", summary.yoy, summary.yoy_period),
        ("环比", summary.pop, summary.pop_period),
    ):
        sheet.append(
            [
                name,
                g.label,
                f"基期 {period.start} 至 {period.end}：{g.base if g.base is not None else '无数据'} 件",
            ]
        )
    sheet = CleanSheet(book.create_sheet("逐日"))
    sheet.append(["日期", "工单数", "去年同日", "去年同日工单数"])
    for now, then in zip(summary.daily, summary.last_year_daily, strict=True):
        sheet.append([now.day, now.count, then.day, then.count])
    sheet = CleanSheet(book.create_sheet("按类别"))
    sheet.append(["类别", "工单数", "占比（%）", "去年同期", "同比", "同比（%）"])
    for row in summary.by_category:
        sheet.append([row.label, row.count, row.share, row.yoy.base, row.yoy.label, pct(row.yoy)])
    sheet = CleanSheet(book.create_sheet("按区域"))
    sheet.append(["排名", "区域", "工单数", "占比（%）", "去年同期", "同比", "同比（%）"])
    for area in summary.by_area:
        sheet.append(
            [
                area.rank,
                area.name,
                area.count,
                area.share,
                area.yoy.base,
                area.yoy.label,
                pct(area.yoy),
            ]
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it)
    book.save(spool)
    spool.seek(0)
    name = f"12345工单统计-{asked.area.name}-{summary.start}至{summary.end}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name)
