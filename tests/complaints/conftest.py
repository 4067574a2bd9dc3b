"""Builders of 12345 export files for the complaint tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

HEADER = [
    "工单编号",
    "来电时间",
    "受理渠道",
    "诉求类型",
    "紧急程度",
    "问题分类",
    "事发地址",
    "工单标题",
    "诉求内容",
    "承办单位",
    "办理时限",
    "工单状态",
    "回复内容",
    "办结时间",
    "满意度",
]

GOOD = [
    "GD2024022500001",
    "2024-02-25 09:13:00",
    "电话",
    "投诉",
    "一般",
    "消防安全",
    "兴隆台区惠宾街道惠宾社区12号楼",
    "楼道电动车充电",
    "12号楼一单元楼道内有人给电动自行车飞线充电，存在火灾隐患。",
    "兴隆台区消防救援大队",
    "5个工作日",
    "办理中",
    "",
    "",
    "",
]


def good_row(number: str, **changes: Any) -> list[Any]:
    row = list(GOOD)
    row[0] = number
    for name, value in changes.items():
        row[HEADER.index(name)] = value
    return row


def mixed_rows() -> list[list[Any]]:
    """Rows 2–7 of a file: three good, three bad (a bad date, empty content, no number)."""
    return [
        good_row("GD001"),
        good_row("GD002", 来电时间="2024/2/26 8:05"),
        good_row("GD003", 来电时间="昨天下午"),
        good_row("GD004", 诉求内容=""),
        good_row("", 工单标题="没有编号"),
        good_row("GD005", 办理时限="2024-03-01", 工单状态="已办结", 回复内容="已清理"),
    ]


def xlsx_bytes(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    return None if value == "" else value


def csv_bytes(
    rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, encoding: str = "utf-8"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


@pytest.fixture
def local() -> Any:
    from xiaoan.core.clock import LOCAL_TZ

    def at(*parts: int) -> dt.datetime:
        return dt.datetime(*parts, tzinfo=LOCAL_TZ)  # type: ignore[misc]

    return at
