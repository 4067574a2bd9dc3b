"""Import the annual task list (任务清单) from an Excel workbook.

One row is one task. Columns are found by their header in the first row,
whatever their order, under any of a few usual names (see `COLUMNS`). Every
row is checked before anything is written; each problem is reported with the
spreadsheet's own row number (the header is row 1), the header of the column
and a Chinese reason. The caller chooses what happens when some rows are bad:

* ``all_or_nothing`` (default): nothing is imported unless every row is clean;
* ``clean_rows_only``: the clean rows are imported and the rejected rows come
  back as a workbook (the original columns plus 错误原因) to fix and re-import.

Tasks are created through `services.do_create_task`, as the importing user,
in one transaction, so each has its history entry and its owner is notified.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import from_excel

from xiaoan.areas.models import Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError

from . import services
from .choices import TaskStatus
from .models import Task

ALL_OR_NOTHING = "all_or_nothing"
CLEAN_ROWS_ONLY = "clean_rows_only"
MODES = {
    ALL_OR_NOTHING: "全部无误才导入（有任何错误则一行也不导入）",
    CLEAN_ROWS_ONLY: "只导入无误的行（有错误的行可下载修改后重新导入）",
}

#: more data rows than this is not an annual task list
MAX_ROWS = 5000
#: a workbook that unpacks to more than this is refused before it is parsed (zip bombs)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
UNREADABLE = "无法读取文件：请上传 Excel 2007 及以上版本的 .xlsx 文件。"
ERROR_COLUMN = "错误原因"
TITLE_MAX_LENGTH = Task._meta.get_field("title").max_length or 300


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


@dataclass(frozen=True)
class RowError:
    """One problem of one row: `row` is the spreadsheet's row number (header = 1)."""

    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class ImportResult:
    mode: str
    #: data rows read (wholly empty rows are skipped and not counted)
    rows: int = 0
    imported: int = 0
    #: rows not imported (all of them when an all-or-nothing import found errors)
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: the rejected rows with their 错误原因, as .xlsx bytes (clean-rows-only mode)
    rejected_workbook: bytes | None = None
    tasks: list[Task] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


@dataclass
class ParsedRow:
    number: int
    values: tuple[Any, ...]
    errors: list[RowError] = field(default_factory=list)
    title: str = ""
    lead: Organisation | None = None
    co: list[Organisation] = field(default_factory=list)
    targets: list[services.TargetSpec] = field(default_factory=list)
    deadline: dt.date | None = None
    description: str = ""

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))


# ----- numbers, dates, targets -----

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMBER = "[零〇一二两三四五六七八九十百千万亿]+"
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def chinese_number(text: str) -> int | None:
    """一百零五 → 105, 二十 → 20, 二〇二四 → 2024; None if `text` is not a Chinese numeral."""
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS and c not in CN_BIG for c in text):
        return None
    if not any(c in CN_UNITS or c in CN_BIG for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total = section = 0
    digit: int | None = None
    for c in text:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        elif c in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[c]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * CN_BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


#: written where the deadline column has no date: the task has no deadline
NO_DEADLINE = {"长期", "长期坚持", "常态化", "持续", "持续推进", "无", "-", "—", "/"}
DATE_HINT = "请写作 2024-03-31、2024/3/31、2024年3月31日、3月31日或“2024年底”"


def _day(year: int, month: int, day: int | None, raw: str) -> dt.date:
    if not 2000 <= year <= 2100:
        raise ValueError(f"日期“{raw}”的年份 {year} 不合理")
    if not 1 <= month <= 12:
        raise ValueError(f"日期“{raw}”的月份 {month} 不存在")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last
    if not 1 <= day <= last:
        raise ValueError(f"日期“{raw}”不存在（{year}年{month}月只有{last}天）")
    return dt.date(year, month, day)


def parse_deadline(value: Any, year: int) -> dt.date | None:
    """A deadline from a cell: an Excel date, or text such as 2024-03-31,
    2024/3/31, 2024年3月31日, 3月31日 (in `year`), 6月底, 2024年底, 三季度.
    None for an empty cell or 长期/常态化; ValueError with a Chinese reason otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"无法识别的日期“{value}”，{DATE_HINT}")
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if number.is_integer() and 2000 <= number <= 2100:  # a bare year: its end
            return dt.date(int(number), 12, 31)
        if number.is_integer() and 19000101 <= number <= 21001231:
            text = str(int(number))
            return _day(int(text[:4]), int(text[4:6]), int(text[6:]), text)
        if 20000 <= number <= 80000:  # an Excel date serial in a cell not formatted as date
            serial = from_excel(number)
            return serial.date() if isinstance(serial, dt.datetime) else serial  # type: ignore[return-value]
        raise ValueError(f"无法识别的日期“{value:g}”，{DATE_HINT}")
    raw = str(value).strip()
    text = re.sub(r"\s+", "", raw.translate(FULL_WIDTH_DIGITS))
    text = re.sub(r"(之前|以前|前)$", "", text)
    if not text or text in NO_DEADLINE:
        return None
    text = re.sub(
        "[零〇一二两三四五六七八九十]+", lambda m: str(chinese_number(m.group()) or 0), text
    )
    patterns: Sequence[tuple[str, Any]] = (
        (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})日?", lambda y, m, d: (y, m, d)),
        (r"(\d{4})(\d{2})(\d{2})", lambda y, m, d: (y, m, d)),
        (r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?", lambda y, m, d: (y, m, d)),
        (r"(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)?", lambda y, m: (y, m, None)),
        (r"(\d{4})[-/.](\d{1,2})", lambda y, m: (y, m, None)),
        (r"(?:(\d{4})年)?年?[底末]", lambda y: (y, 12, None)),
        (r"(\d{4})年?", lambda y: (y, 12, None)),
        (r"(?:(\d{4})年)?上半年[底末]?", lambda y: (y, 6, None)),
        (r"(?:(\d{4})年)?下半年[底末]?", lambda y: (y, 12, None)),
        (r"(?:(\d{4})年)?第?([1-4])季度[底末]?", lambda y, q: (y, str(int(q) * 3), None)),
    )
    for pattern, parts in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            y, m, d = parts(*match.groups())
            return _day(int(y) if y else year, int(m), int(d) if d else None, raw)
    raise ValueError(f"无法识别的日期“{raw}”，{DATE_HINT}")


#: measure words a quantity may carry, longest first so 人次 wins over 人
UNITS = sorted(
    [
        "个",
        "处",
        "座",
        "台",
        "套",
        "家",
        "所",
        "栋",
        "幢",
        "户",
        "人次",
        "人",
        "名",
        "场次",
        "场",
        "次",
        "条",
        "公里",
        "千米",
        "平方米",
        "米",
        "辆",
        "部",
        "支",
        "只",
        "具",
        "组",
        "项",
        "件",
        "份",
        "期",
        "批",
        "万元",
        "元",
        "吨",
        "间",
        "张",
        "本",
        "篇",
        "起",
        "类",
        "片",
        "个次",
        "家次",
        "处次",
        "小时",
        "天",
        "%",
        "台套",
        "万人次",
        "万人",
    ],
    key=len,
    reverse=True,
)
ARABIC = r"\d+(?:\.\d+)?"
QUANTITY_UNIT = re.compile(
    rf"(?P<qty>{ARABIC}|{CN_NUMBER})\s*(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})"
)
SUBJECT_TRIM = " \t:：,，、-—()（）"
TARGET_HINT = "应写作“对象+数量+单位”，如“市政消火栓100个”"


def _quantity(text: str) -> Decimal | None:
    if re.fullmatch(ARABIC, text):
        return Decimal(text)
    number = chinese_number(text)
    return None if number is None else Decimal(number)


def parse_target(text: str, year: int | None = None) -> services.TargetSpec:
    """市政消火栓100个 / 100个市政消火栓 / 宣传活动二十场 → (subject, quantity, unit);
    ValueError with a Chinese reason otherwise."""
    raw = text.strip()
    normal = raw.translate(FULL_WIDTH_DIGITS)
    matches = [m for m in QUANTITY_UNIT.finditer(normal) if _quantity(m["qty"]) is not None]
    # An Arabic number is surer than a Chinese numeral, which may be part of a word (三合一场所).
    matches.sort(key=lambda m: (not re.fullmatch(ARABIC, m["qty"]), m.start()))
    if not matches:
        if re.search(ARABIC, normal):
            raise ValueError(f"目标“{raw}”缺少单位（如个、处、家、场、人次）")
        raise ValueError(f"无法识别目标“{raw}”：{TARGET_HINT}")
    match = matches[0]
    quantity = _quantity(match["qty"])
    assert quantity is not None
    if quantity <= 0:
        raise ValueError(f"目标“{raw}”的数量必须大于 0")
    subject = (
        normal[: match.start()].strip(SUBJECT_TRIM) + normal[match.end() :].strip(SUBJECT_TRIM)
    ).strip(SUBJECT_TRIM)
    if not subject:
        raise ValueError(f"目标“{raw}”缺少对象：{TARGET_HINT}")
    if len(subject) > 100:
        raise ValueError(f"目标“{raw}”的对象过长（最多 100 字）")
    return services.TargetSpec(subject=subject, quantity=quantity, unit=match["unit"], year=year)


def parse_targets(text: str, year: int | None = None) -> list[services.TargetSpec]:
    """Several targets separated by ；/; or line breaks (or 、，, between complete targets)."""
    specs: list[services.TargetSpec] = []
    for part in re.split(r"[；;\n\r]+", text):
        if not part.strip():
            continue
        pieces = [part]
        if len(re.findall(rf"{ARABIC}\s*\D", part.translate(FULL_WIDTH_DIGITS))) > 1:
            pieces = [p for p in re.split(r"[、，,]", part) if p.strip()]
        specs.extend(parse_target(piece, year) for piece in pieces)
    return specs


# ----- reading the workbook -----


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
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ImportRefusedError(UNREADABLE) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefusedError(
            f"文件解压后超过 {MAX_UNPACKED_BYTES // 1048576} MB，不像是任务清单，请检查后分成几个文件导入。"
        )
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


# ----- organisations -----


class OrganisationIndex:
    """The organisations a user can see, by full name and by short name."""

    def __init__(self, user: User) -> None:
        self.by_name: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.restrict(user).select_related("area"):
            for name in {organisation.name, organisation.short_name}:
                key = re.sub(r"\s+", "", name or "")
                if key:
                    self.by_name.setdefault(key, []).append(organisation)

    def find(self, name: str) -> Organisation:
        matches = self.by_name.get(re.sub(r"\s+", "", name), [])
        exact = [o for o in matches if o.name == name]
        if len(exact) == 1:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(f"未找到单位“{name}”（须为本辖区内单位的全称或简称）")
        names = "、".join(f"{o.name}（{o.area.name}）" for o in matches)
        raise ValueError(f"“{name}”对应多个单位：{names}，请填写全称")


UNIT_SEPARATORS = r"[、，,;；/\n]+"


# ----- the import -----


def parse_row(
    number: int,
    values: tuple[Any, ...],
    sheet: Sheet,
    organisations: OrganisationIndex,
    year: int,
) -> ParsedRow:
    row = ParsedRow(number, values)

    def cells(key: str) -> list[tuple[str, Any]]:
        return [
            (cell_text(sheet.header[i]), values[i] if i < len(values) else None)
            for i in sheet.columns.get(key, [])
        ]

    (title_header, title_value), *_ = cells("title")
    row.title = cell_text(title_value)
    if not row.title:
        row.fail(title_header, "任务名称为空")
    elif len(row.title) > TITLE_MAX_LENGTH:
        row.fail(title_header, f"任务名称过长（{len(row.title)} 字，最多 {TITLE_MAX_LENGTH} 字）")

    (lead_header, lead_value), *_ = cells("lead")
    lead_text = cell_text(lead_value)
    if not lead_text:
        row.fail(lead_header, "牵头单位为空")
    elif re.search(UNIT_SEPARATORS, lead_text):
        row.fail(lead_header, f"牵头单位只能填一个（“{lead_text}”），其他单位请填入配合单位")
    else:
        try:
            row.lead = organisations.find(lead_text)
        except ValueError as exc:
            row.fail(lead_header, str(exc))

    for header, value in cells("co")[:1]:
        for name in re.split(UNIT_SEPARATORS, cell_text(value)):
            if not name.strip():
                continue
            try:
                row.co.append(organisations.find(name.strip()))
            except ValueError as exc:
                row.fail(header, str(exc))

    for header, value in cells("targets")[:1]:
        try:
            row.targets = parse_targets(cell_text(value), year)
        except ValueError as exc:
            row.fail(header, str(exc))

    for header, value in cells("deadline")[:1]:
        try:
            row.deadline = parse_deadline(value, year)
        except ValueError as exc:
            row.fail(header, str(exc))

    row.description = "\n".join(
        text for _header, value in cells("description") if (text := cell_text(value))
    )
    return row


def check_duplicates(rows: Iterable[ParsedRow], sheet: Sheet) -> None:
    """A task named twice for the same lead unit, in the file or already in the system
    (a task already verified and closed, e.g. last year's, does not count)."""
    title_header = cell_text(sheet.header[sheet.columns["title"][0]])
    candidates = [r for r in rows if r.title and r.lead is not None]
    seen: dict[tuple[str, int], int] = {}
    for row in candidates:
        key = (row.title, row.lead.pk)  # type: ignore[union-attr]
        if key in seen:
            row.fail(title_header, f"与第 {seen[key]} 行重复（任务名称和牵头单位相同）")
        else:
            seen[key] = row.number
    existing = set(
        Task.objects.filter(
            title__in={r.title for r in candidates},
            lead_organisation__in={r.lead.pk for r in candidates},  # type: ignore[union-attr]
        )
        .exclude(status=TaskStatus.CLOSED)
        .values_list("title", "lead_organisation_id")
    )
    for row in candidates:
        if (row.title, row.lead.pk) in existing:  # type: ignore[union-attr]
            row.fail(
                title_header,
                f"系统中已有牵头单位为“{row.lead.name}”的同名任务",  # type: ignore[union-attr]
            )


class _Rollback(Exception):
    pass


def create_task(row: ParsedRow, acting_user: User) -> Task:
    assert row.lead is not None
    return services.do_create_task(
        acting_user=acting_user,
        title=row.title,
        lead_organisation=row.lead,
        co_organisations=row.co,
        deadline=row.deadline,
        description=row.description,
        targets=row.targets,
    )


def import_tasks(
    source: IO[bytes] | bytes,
    *,
    acting_user: User,
    mode: str = ALL_OR_NOTHING,
    year: int | None = None,
) -> ImportResult:
    """Import a task list (.xlsx bytes or a binary file) as `acting_user`.

    Raises PermissionDeniedError when the user may not assign tasks and
    ImportRefusedError when the file as a whole is unusable; problems of
    single rows are reported in the result, never raised.
    """
    if mode not in MODES:
        raise XiaoanError(f"未知的导入方式：{mode}")
    if acting_user is None or not acting_user.can(Permission.ASSIGN_TASKS):
        raise PermissionDeniedError("您的角色无权导入任务清单：需要“交办任务”权限。")
    year = year or clock.today().year
    sheet = read_sheet(source)
    organisations = OrganisationIndex(acting_user)
    rows = [parse_row(n, values, sheet, organisations, year) for n, values in sheet.rows]
    check_duplicates(rows, sheet)
    result = ImportResult(mode=mode, rows=len(rows))
    title_header = cell_text(sheet.header[sheet.columns["title"][0]])

    if mode == ALL_OR_NOTHING and any(r.errors for r in rows):
        result.errors = [e for r in rows for e in r.errors]
    else:
        try:
            with transaction.atomic():
                for row in rows:
                    if row.errors:
                        continue
                    try:
                        with transaction.atomic():
                            result.tasks.append(create_task(row, acting_user))
                    except XiaoanError as exc:
                        row.fail(title_header, exc.message)
                        if mode == ALL_OR_NOTHING:
                            raise _Rollback from exc
        except _Rollback:
            result.tasks = []
        result.errors = [e for r in rows for e in r.errors]

    result.imported = len(result.tasks)
    result.rejected = result.rows - result.imported
    if mode == CLEAN_ROWS_ONLY and result.errors:
        result.rejected_workbook = rejected_workbook(sheet, [r for r in rows if r.errors])
    return result


def error_text(errors: Sequence[RowError]) -> str:
    return "；".join(f"{e.column}：{e.reason}" if e.column else e.reason for e in errors)


def rejected_workbook(sheet: Sheet, rows: Sequence[ParsedRow]) -> bytes:
    """The rejected rows under the original header, plus a 错误原因 column."""
    width = max([len(sheet.header), *(len(r.values) for r in rows)])
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = "未导入的行"
    header = [*sheet.header, *([None] * (width - len(sheet.header)))]
    worksheet.append([*header, ERROR_COLUMN])
    for row in rows:
        values = [*row.values, *([None] * (width - len(row.values)))]
        worksheet.append([*values, error_text(row.errors)])
    for cells in worksheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.datetime) and cell.value.time() == dt.time():
                cell.number_format = "yyyy-mm-dd"
    worksheet.column_dimensions[worksheet.cell(1, width + 1).column_letter].width = 60
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


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
