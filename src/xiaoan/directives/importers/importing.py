"""The import itself: checking each row, creating the tasks, and the workbook of rejected rows."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook

from xiaoan.areas.models import Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.text import NAME_MAX, TEXT_MAX, clean_text, for_excel, too_long_message

from .. import services
from ..choices import TaskStatus
from ..models import Task
from .parsing import parse_deadline, parse_targets
from .workbook import Sheet, cell_text, read_sheet

ALL_OR_NOTHING = "all_or_nothing"
CLEAN_ROWS_ONLY = "clean_rows_only"
MODES = {
    ALL_OR_NOTHING: "全部无误才导入（有任何错误则一行也不导入）",
    CLEAN_ROWS_ONLY: "只导入无误的行（有错误的行可下载修改后重新导入）",
}


ERROR_COLUMN = "错误原因"
TITLE_MAX_LENGTH = Task._meta.get_field("title").max_length or 300
#: the longest text of each column; a task's title may be a whole requirement (the model's 300)
LIMITS = {
    "title": TITLE_MAX_LENGTH,
    "lead": NAME_MAX,
    "co": TEXT_MAX,
    "targets": TEXT_MAX,
    "deadline": NAME_MAX,
    "description": TEXT_MAX,
}


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
        """(header, value) of the column's cells; text cleaned, and a text beyond
        the column's limit reported once and read as empty."""
        found = []
        for i in sheet.columns.get(key, []):
            header = cell_text(sheet.header[i])
            value = values[i] if i < len(values) else None
            if isinstance(value, str):
                value = clean_text(value)
                if len(value.strip()) > LIMITS[key]:
                    row.fail(header, too_long_message(LIMITS[key]))
                    value = None
            found.append((header, value))
        return found

    (title_header, title_value), *_ = cells("title")
    row.title = cell_text(title_value)
    if not row.title and not row.errors:
        row.fail(title_header, "任务名称为空")

    (lead_header, lead_value), *_ = cells("lead")
    lead_text = cell_text(lead_value)
    if any(e.column == lead_header for e in row.errors):
        pass  # too long: already reported
    elif not lead_text:
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
    worksheet.append([for_excel(v) for v in header] + [ERROR_COLUMN])
    for row in rows:
        values = [*row.values, *([None] * (width - len(row.values)))]
        worksheet.append([for_excel(v) for v in values] + [for_excel(error_text(row.errors))])
    for cells in worksheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.datetime) and cell.value.time() == dt.time():
                cell.number_format = "yyyy-mm-dd"
    worksheet.column_dimensions[worksheet.cell(1, width + 1).column_letter].width = 60
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
