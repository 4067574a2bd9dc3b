"""The task list workbook: its columns, reading its first usable sheet, and the empty template."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook, load_workbook

from xiaoan.core.archives import MB, ArchiveRefusedError, check_archive
from xiaoan.core.errors import XiaoanError

#: more data rows than this is not an annual task list
MAX_ROWS = 5000
#: a workbook that unpacks to more than this is refused before it is parsed (zip bombs)
MAX_UNPACKED_BYTES = 100 * MB
UNREADABLE = "无法读取文件：请上传 Excel 2007 及以上版本的 .xlsx 文件。"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    names: tuple[str, ...]
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("title", "任务", ("任务", "任务名称", "工作任务"), required=True),
    Column("lead", "牵头单位", ("牵头单位", "责任单位"), required=True),
    Column("co", "配合单位", ("配合单位", "协办单位")),
    Column("targets", "目标", ("目标", "量化目标")),
    Column("deadline", "期限", ("期限", "完成时限", "截止日期")),
    Column("description", "说明", ("说明", "备注")),
)


class ImportRefusedError(XiaoanError):
    """The file as a whole cannot be imported (unreadable, no header, a required column missing)."""

    code = "import_refused"


def normalise_header(value: Any) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"[\s*＊]", "", text)
    return re.sub(r"[（(].*?[）)]$", "", text)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}"
    return str(value).strip()


@dataclass
class Sheet:
    header: tuple[Any, ...]
    rows: list[tuple[int, tuple[Any, ...]]]
    columns: dict[str, list[int]]


def find_columns(header: Sequence[Any]) -> dict[str, list[int]]:
    """Column key → indexes of the header cells naming it."""
    by_name = {name: column.key for column in COLUMNS for name in column.names}
    found: dict[str, list[int]] = {}
    for index, value in enumerate(header):
        key = by_name.get(normalise_header(value))
        if key:
            found.setdefault(key, []).append(index)
    return found


def missing_columns(columns: dict[str, list[int]]) -> list[Column]:
    return [c for c in COLUMNS if c.required and c.key not in columns]


def read_sheet(source: IO[bytes] | bytes) -> Sheet:
    """The header and the non-empty data rows of the first worksheet holding the
    required columns; ImportRefusedError for an unreadable file or missing columns."""
    data = source if isinstance(source, bytes) else source.read()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRefusedError(
            "这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 格式后再导入。"
        )
    try:
        check_archive(data, max_bytes=MAX_UNPACKED_BYTES, unreadable=UNREADABLE)
    except ArchiveRefusedError as exc:
        raise ImportRefusedError(exc.message) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file fails in many ways
        raise ImportRefusedError(UNREADABLE) from exc
    try:
        first: tuple[tuple[Any, ...], dict[str, list[int]]] | None = None
        for worksheet in workbook.worksheets:
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()  # some writers record a wrong sheet size
            rows = worksheet.iter_rows(values_only=True)
            header = tuple(next(rows, ()) or ())
            columns = find_columns(header)
            if first is None:
                first = (header, columns)
            if missing_columns(columns):
                continue
            body: list[tuple[int, tuple[Any, ...]]] = []
            for number, values in enumerate(rows, start=2):
                if all(cell_text(v) == "" for v in values):
                    continue
                body.append((number, tuple(values)))
                if len(body) > MAX_ROWS:
                    raise ImportRefusedError(f"文件数据行超过 {MAX_ROWS} 行，请分成几个文件导入。")
            return Sheet(header, body, columns)
    finally:
        workbook.close()
    header, columns = first or ((), {})
    found = [cell_text(h) for h in header if cell_text(h)]
    missing = missing_columns(columns)
    names = "；".join(f"{c.label}（可用列名：{'、'.join(c.names)}）" for c in missing)
    raise ImportRefusedError(
        f"任务清单缺少必需的列：{names}。"
        + (f"第一行的表头为：{'、'.join(found)}。" if found else "第一行没有表头。")
        + "请在第一行写明各列名称后重新导入。",
        details={"missing": [c.label for c in missing], "found": found},
    )


def template_workbook() -> bytes:
    """An empty task list with the expected columns and one example row."""
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = "任务清单"
    worksheet.append([c.label for c in COLUMNS])
    worksheet.append(
        [
            "新建市政消火栓和消防水鹤",
            "市住房和城乡建设局",
            "市应急管理局、市综合行政执法局",
            "市政消火栓100个；消防水鹤5个",
            "2024年底",
            "示例行，导入前请删除",
        ]
    )
    for letter, width in zip("ABCDEF", (40, 28, 36, 36, 14, 30), strict=True):
        worksheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
