"""Reading a 12345 export: its columns, the file (.xlsx by python-calamine, .csv in
UTF-8 or GBK) and its cells (moments, deadlines). The file passes the shared
guard (`core.archives`) before it is parsed: an archive's unpacked size and
parts, a CSV's size and the length of its fields."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import IO, Any

from openpyxl.utils.datetime import from_excel

from xiaoan.core.archives import ArchiveRefusedError, check_archive, check_text_file, csv_rows
from xiaoan.core.clock import LOCAL_TZ, end_of_day
from xiaoan.core.errors import XiaoanError
from xiaoan.core.text import NAME_MAX, clean_text
from xiaoan.directives.calendar import add_workdays

ERROR_COLUMN = "错误原因"
#: how many leading lines may come before the header (a title such as “12345工单导出”)
HEADER_SEARCH_ROWS = 5
MAX_ROWS = 200_000
UNREADABLE = "无法读取文件：请上传 12345 平台导出的 .xlsx 或 .csv（UTF-8 或 GBK 编码）文件。"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    names: tuple[str, ...]
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", "工单编号", ("工单编号", "工单号", "工单流水号", "受理编号"), required=True),
    Column(
        "received_at", "来电时间", ("来电时间", "受理时间", "登记时间", "来件时间"), required=True
    ),
    Column("channel", "受理渠道", ("受理渠道", "来源渠道", "诉求渠道", "渠道")),
    Column("kind", "诉求类型", ("诉求类型", "工单类型", "诉求类别")),
    Column("urgency", "紧急程度", ("紧急程度", "缓急程度")),
    Column("category", "问题分类", ("问题分类", "事项分类", "业务分类")),
    Column("title", "工单标题", ("工单标题", "标题", "诉求标题")),
    Column("content", "诉求内容", ("诉求内容", "来电内容", "问题描述", "工单内容"), required=True),
    Column("address", "事发地址", ("事发地址", "诉求地址", "地址", "事件地址")),
    Column("handling_unit", "承办单位", ("承办单位", "处理单位", "办理单位")),
    Column("assigned_at", "分派时间", ("分派时间", "派单时间", "转办时间")),
    Column("due_at", "办理时限", ("办理截止时间", "截止时间", "办理时限", "办结时限")),
    Column("status", "工单状态", ("工单状态", "办理状态", "状态")),
    Column("replied_at", "回复时间", ("回复时间", "答复时间")),
    Column("reply", "回复内容", ("回复内容", "办理结果", "答复内容", "处理结果")),
    Column("closed_at", "办结时间", ("办结时间", "结案时间")),
    Column("satisfaction", "满意度", ("满意度", "满意度评价", "回访满意度")),
    # personal information: stored encrypted, and kept out of the `raw` copy of the row
    Column("caller_name", "来电人", ("来电人", "来电人姓名", "诉求人", "诉求人姓名", "市民姓名")),
    Column(
        "caller_phone",
        "来电号码",
        ("来电号码", "来电人电话", "联系电话", "诉求人电话", "联系方式", "手机号码"),
    ),
)
#: the columns of personal information (see `Table.personal_indexes`)
PERSONAL_KEYS = ("caller_name", "caller_phone")
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
DATETIME_KEYS = ("received_at", "assigned_at", "replied_at", "closed_at")
TEXT_KEYS = (
    "channel",
    "kind",
    "urgency",
    "category",
    "title",
    "address",
    "handling_unit",
    "status",
    "reply",
    "satisfaction",
    *PERSONAL_KEYS,
)


class ImportRefusedError(XiaoanError):
    """The file as a whole cannot be imported (unreadable, no header, a required column missing)."""

    code = "import_refused"


@dataclass(frozen=True)
class RowError:
    """One problem of one row: `row` is the spreadsheet's row number (first line = 1)."""

    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Table:
    header: list[Any]
    #: (row number, cells) of the non-empty rows below the header
    rows: list[tuple[int, list[Any]]]
    columns: dict[str, list[int]]

    @cached_property
    def header_texts(self) -> list[str]:
        """The header's cells as text (worked out once, read for every row)."""
        return [clean_text(cell_text(h))[:NAME_MAX] for h in self.header]

    @cached_property
    def personal_indexes(self) -> frozenset[int]:
        """The cells of personal information, left out of an order's `raw` copy."""
        return frozenset(i for key in PERSONAL_KEYS for i in self.columns.get(key, ()))


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: the rejected rows with their 错误原因, as .xlsx bytes (None when none was rejected)
    rejected_workbook: bytes | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors],
        }


# ----- reading the file -----


def normalise_header(value: Any) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"[\s*＊:：]", "", text)
    return re.sub(r"[（(].*?[）)]$", "", text)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return str(value).strip()


def find_columns(header: Sequence[Any]) -> dict[str, list[int]]:
    """Column key → indexes of the header cells naming it, in the order of `Column.names`
    (so 办理截止时间 is read before 办理时限 when a file has both)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for index, value in enumerate(header):
        name = normalise_header(value)
        for column in COLUMNS:
            if name in column.names:
                found.setdefault(column.key, []).append((column.names.index(name), index))
                break
    return {key: [i for _rank, i in sorted(hits)] for key, hits in found.items()}


def missing_columns(columns: dict[str, list[int]]) -> list[Column]:
    return [c for c in COLUMNS if c.required and c.key not in columns]


def read_rows(data: bytes) -> Iterator[list[Any]]:
    """Every row of the file's first sheet (or of the CSV), empty ones included."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRefusedError(
            "这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再导入。"
        )
    try:
        if data[:4] == b"PK\x03\x04":
            check_archive(data, unreadable=UNREADABLE)
            yield from _xlsx_rows(data)
            return
        if b"\x00" in data[:4096]:
            raise ImportRefusedError(UNREADABLE)
        check_text_file(data)
        yield from _csv_rows(data)
    except ArchiveRefusedError as exc:
        raise ImportRefusedError(exc.message) from exc


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # a damaged or foreign archive fails in many ways
        raise ImportRefusedError(UNREADABLE) from exc
    for row in rows:
        yield [None if v == "" else v for v in row]


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GBK (read as its superset GB18030)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefusedError(UNREADABLE)


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count) if first else ","
    for row in csv_rows(text, delimiter):
        yield [v if v.strip() else None for v in row]


def read_table(source: IO[bytes] | bytes) -> Table:
    """The header and the non-empty data rows; ImportRefusedError for an unreadable
    file or one lacking a required column."""
    data = source if isinstance(source, bytes) else source.read()
    if not data.strip():
        raise ImportRefusedError("文件是空的。")
    rows = read_rows(data)
    first: list[Any] | None = None
    header: list[Any] | None = None
    columns: dict[str, list[int]] = {}
    number = 0
    for number, values in enumerate(rows, start=1):
        if all(cell_text(v) == "" for v in values):
            if number >= HEADER_SEARCH_ROWS:
                break
            continue
        columns = find_columns(values)
        if first is None:
            first = values
        if not missing_columns(columns):
            header, header_number = values, number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        found = [cell_text(h) for h in (first or []) if cell_text(h)]
        missing = missing_columns(find_columns(first or []))
        names = "；".join(f"{c.label}（可用列名：{'、'.join(c.names)}）" for c in missing)
        raise ImportRefusedError(
            f"文件缺少必需的列：{names}。"
            + (f"找到的表头为：{'、'.join(found)}。" if found else "没有找到表头。")
            + "请确认是 12345 平台导出的工单文件，表头写明各列名称后重新导入。",
            details={"missing": [c.label for c in missing], "found": found},
        )
    body: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(rows, start=header_number + 1):
        if all(cell_text(v) == "" for v in values):
            continue
        body.append((number, values))
        if len(body) > MAX_ROWS:
            raise ImportRefusedError(f"文件数据行超过 {MAX_ROWS} 行，请分成几个文件导入。")
    return Table(header, body, columns)


# ----- reading a cell -----

FULL_WIDTH = str.maketrans("０１２３４５６７８９：／－．", "0123456789:/-.")
DATETIME_TEXT = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?"
    r"(?:[T\s]*(\d{1,2})[:时点](?:(\d{1,2})(?:[:分](?:(\d{1,2})(?:\.\d+)?秒?)?)?)?)?"
)
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?")
DATE_HINT = "请写作 2024-02-25 09:30 或 2024/2/25 9:30:00"
PERIOD = re.compile(r"(\d+)\s*个?\s*(工作日|自然日|天|日)(?:内)?")


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value


def parse_datetime(value: Any) -> tuple[dt.datetime, bool] | None:
    """A moment from a cell and whether it had a time of day; None for an empty
    cell; ValueError with a Chinese reason otherwise. Naive times are Beijing time."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return _aware(value), True
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=LOCAL_TZ), False
    if isinstance(value, bool):
        raise ValueError(f"无法识别的时间“{value}”，{DATE_HINT}")
    if isinstance(value, int | float):
        if 20000 <= value <= 80000:  # an Excel serial in a cell not formatted as a date
            moment = from_excel(value)
            if isinstance(moment, dt.datetime):
                return _aware(moment), not float(value).is_integer()
        value = cell_text(value)
    raw = str(value).strip()
    text = raw.translate(FULL_WIDTH)
    match = DATETIME_TEXT.fullmatch(text) or COMPACT.fullmatch(text)
    if not match:
        raise ValueError(f"无法识别的时间“{raw}”，{DATE_HINT}")
    y, m, d, hh, mm, ss = (int(p) if p else None for p in match.groups())
    try:
        moment = dt.datetime(y or 0, m or 0, d or 0, hh or 0, mm or 0, ss or 0, tzinfo=LOCAL_TZ)
    except ValueError as exc:
        raise ValueError(f"时间“{raw}”不存在") from exc
    if not 2000 <= moment.year <= 2100:
        raise ValueError(f"时间“{raw}”的年份不合理")
    return moment, hh is not None


def parse_due(value: Any, received_at: dt.datetime | None) -> dt.datetime | None:
    """办理时限: a moment, a date (its end), or a period such as “5个工作日” counted
    from the day received (working days by the Chinese holiday calendar)."""
    period = _period(cell_text(value)) if not isinstance(value, dt.date) else None
    if period:
        if received_at is None:
            return None  # the row is already rejected for its 来电时间
        return _period_end(received_at.astimezone(LOCAL_TZ).date(), *period)
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    moment, has_time = parsed
    return moment if has_time else end_of_day(moment.date())


@lru_cache(maxsize=1024)
def _period(text: str) -> tuple[int, bool] | None:
    """(days, whether working days) of a period such as “5个工作日”; None for other text.
    Cached: an export says the same few periods over and over."""
    text = text.translate(FULL_WIDTH)
    period = PERIOD.fullmatch(re.sub(r"\s+", "", text)) if text else None
    if not period:
        return None
    return int(period.group(1)), period.group(2) == "工作日"


@lru_cache(maxsize=16_384)
def _period_end(start: dt.date, days: int, workdays: bool) -> dt.datetime:
    """The end of the period's last day. Cached: thousands of orders a day share
    a start, and counting working days walks the calendar day by day."""
    if workdays:
        return end_of_day(add_workdays(start, days))
    return end_of_day(start + dt.timedelta(days=days))
