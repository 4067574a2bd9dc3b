"""The import itself: checking each row, recording the orders, the workbook of rejected rows."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook

from xiaoan.areas.models import User
from xiaoan.core import bulk, pii
from xiaoan.core.text import NAME_MAX, TEXT_MAX, clean_text, for_excel, too_long_message

from .. import services
from ..classification import content_words
from ..duplicates import link_duplicates
from ..models import Complaint, ImportJob
from ..triage import decide_batch
from .reading import (
    COLUMN_BY_KEY,
    DATETIME_KEYS,
    ERROR_COLUMN,
    TEXT_KEYS,
    ImportResult,
    RowError,
    Table,
    cell_text,
    parse_datetime,
    parse_due,
    read_table,
)

BATCH_SIZE = 2000


# ----- the rows -----


@dataclass
class ParsedRow:
    number: int
    cells: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))


def parse_row(number: int, cells: list[Any], table: Table) -> ParsedRow:
    """Check one data row and work out its values. Each cell is turned into text
    once (`texts`); the header's texts and the column limits are worked out once
    per table and per process. Text is cleaned (`clean_text`) and every text the
    order keeps, its `raw` columns included, is held to the shared limits."""
    row = ParsedRow(number, cells)
    texts = [clean_text(v).strip() if type(v) is str else cell_text(v) for v in cells]
    width = len(cells)
    names = table.header_texts
    personal = table.personal_indexes
    for index, name in enumerate(names):
        if name and index < width and texts[index] and index not in personal:
            if len(texts[index]) > TEXT_MAX:
                row.fail(name, too_long_message(TEXT_MAX))
                texts[index] = ""  # neither kept nor checked again
                continue
            row.raw[name] = texts[index]

    def first(key: str) -> tuple[str, Any, str]:
        """The header, value and text of the first non-empty cell of a column (or of its first cell)."""
        indexes = table.columns.get(key, ())
        for i in indexes:
            if i < width and texts[i]:
                return names[i], cells[i], texts[i]
        return (names[indexes[0]] if indexes else COLUMN_BY_KEY[key].label), None, ""

    header, _value, text = first("number")
    order_number = _SPACES.sub("", text)
    if not order_number:
        row.fail(header, "工单编号为空")
    elif len(order_number) > _limits()["number"]:
        row.fail(header, too_long_message(_limits()["number"]))
    row.values["number"] = order_number

    header, _value, text = first("content")
    row.values["content"] = text
    if not text and not any(e.column == header for e in row.errors):
        row.fail(header, "诉求内容为空")

    for key in DATETIME_KEYS:
        header, value, _text = first(key)
        try:
            parsed = parse_datetime(value)
        except ValueError as exc:
            row.fail(header, str(exc))
            parsed = None
        row.values[key] = parsed[0] if parsed else None
        if key == "received_at" and value is None:
            row.fail(header, "来电时间为空")

    header, value, _text = first("due_at")
    try:
        row.values["due_at"] = parse_due(value, row.values["received_at"])
    except ValueError as exc:
        row.fail(header, str(exc))

    limits = _limits()
    for key in TEXT_KEYS:
        header, _value, text = first(key)
        limit = limits.get(key)
        if limit and len(text) > limit:
            row.fail(header, too_long_message(limit))
        row.values[key] = text
    # the lookup hash beside the encrypted number: the bulk insert writes it as it is
    row.values["caller_phone_hash"] = pii.phone_hash(row.values["caller_phone"])
    return row


_SPACES = re.compile(r"\s+")


@functools.cache
def _limits() -> dict[str, int]:
    """The longest text each imported column may hold: the shared name limit (or
    the field's max_length if shorter), the shared text limit for a TextField."""
    limits = {"number": Complaint._meta.get_field("number").max_length or 64}
    for key in TEXT_KEYS:
        limit = getattr(Complaint._meta.get_field(key), "max_length", None)
        limits[key] = min(limit, NAME_MAX) if limit else TEXT_MAX
    return limits


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def visible_to(complaint: Complaint, user: User) -> bool:
    """Whether the importing user may update an order already in the system
    (the same rule as `Complaint.objects.restrict`, checked in memory)."""
    scope = user.area
    if scope is None:
        return False
    if complaint.area is None:
        return scope.parent_id is None
    return complaint.area.is_within(scope)


Progress = Callable[[int, int], None]


def import_complaints(
    source: IO[bytes] | bytes,
    *,
    acting_user: User,
    job: ImportJob | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import a 12345 export as `acting_user` (who needs “导入、分派 12345 工单”).

    Raises PermissionDeniedError and ImportRefusedError for the file as a whole;
    problems of single rows are reported in the result, never raised.
    `progress(done, total)` is called after each committed batch.
    """
    services.check_may_import(acting_user)
    table = read_table(source)
    result = ImportResult(rows=len(table.rows))
    number_header = cell_text(table.header[table.columns["number"][0]])
    rejected: list[ParsedRow] = []
    words: dict[int, frozenset[str]] = {}
    new = new_orders(job)
    done = 0
    if progress:
        progress(0, result.rows)
    for batch in chunks(table.rows, batch_size):
        rows = [parse_row(n, cells, table) for n, cells in batch]
        numbers = {r.values["number"] for r in rows if not r.errors}
        existing = {
            c.number: c for c in Complaint.objects.select_related("area").filter(number__in=numbers)
        }
        segmented = decide_batch(
            [r.values for r in rows if not r.errors], existing, acting_user.area
        )
        staged = services.ImportBatch()
        for row in rows:
            if not row.errors:
                stage(row, existing, staged, acting_user, job, result, number_header, new)
            if row.errors:
                rejected.append(row)
        with transaction.atomic():
            services.do_record_batch(staged, acting_user=acting_user)
            recorded = [existing[r.values["number"]] for r in rows if not r.errors]
            # the words of this batch and of the one before: the duplicate window's neighbours
            words = {
                c.pk: content_words(segmented[c.number])
                for c in recorded
                if c.pk and c.number in segmented
            } | words
            link_duplicates(recorded, words)
            words = {c.pk: words[c.pk] for c in recorded if c.pk in words}
        done += len(rows)
        if progress:
            progress(done, result.rows)
    result.errors = [e for r in rejected for e in r.errors]
    result.rejected = len(rejected)
    if rejected:
        result.rejected_workbook = rejected_workbook(table, rejected)
    return result


def stage(
    row: ParsedRow,
    existing: dict[str, Complaint],
    batch: services.ImportBatch,
    acting_user: User,
    job: ImportJob | None,
    result: ImportResult,
    number_header: str,
    new: Callable[[dict[str, Any]], Complaint] | None = None,
) -> None:
    """Work out in memory what a row does: a new order, a change to an order
    (already in the system or earlier in this file), or nothing if unchanged.
    `new` makes the new orders (`new_orders`; by default Django's constructor)."""
    number = row.values["number"]
    current = existing.get(number)
    if current is not None and current.pk is not None and not visible_to(current, acting_user):
        row.fail(number_header, "该工单已由其他辖区导入，您无权更新")
        return
    values = {k: v for k, v in row.values.items() if k != "number"}
    values["raw"] = row.raw
    if current is None:
        values.setdefault("area_id", acting_user.area_id)
        values["number"] = number
        complaint = new(values) if new else Complaint(import_job=job, **values)
        batch.created.append(complaint)
        existing[number] = complaint
        result.imported += 1
        return
    result.updated += 1
    changed = {k: v for k, v in values.items() if getattr(current, k) != v}
    if not changed:
        return
    for name, value in changed.items():
        setattr(current, name, value)
    if current.pk is None:
        return  # a later row of a new order: the insert takes its latest values
    current.import_job = job
    if current.pk not in batch.changed_ids:
        batch.changed_ids.add(current.pk)
        batch.changed.append(current)
    batch.changed_fields |= changed.keys()


def new_orders(job: ImportJob | None) -> Callable[[dict[str, Any]], Complaint]:
    """The maker of this import's new orders: the same orders as Django's
    constructor gives, at a fraction of the cost per row."""
    return bulk.instance_factory(Complaint, {"import_job_id": job.pk if job else None})


def error_text(errors: Sequence[RowError]) -> str:
    return "；".join(f"{e.column}：{e.reason}" if e.column else e.reason for e in errors)


def rejected_workbook(table: Table, rows: Sequence[ParsedRow]) -> bytes:
    """The rejected rows under the original header, plus a 错误原因 column, to fix and re-import."""
    width = max([len(table.header), *(len(r.cells) for r in rows)])
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = "未导入的行"
    header = [*table.header, *([None] * (width - len(table.header)))]
    worksheet.append([for_excel(_plain(v)) for v in header] + [ERROR_COLUMN])
    for row in rows:
        cells = [for_excel(_plain(v)) for v in row.cells] + [None] * (width - len(row.cells))
        worksheet.append([*cells, for_excel(error_text(row.errors))])
    worksheet.column_dimensions[worksheet.cell(1, width + 1).column_letter].width = 60
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """A cell value openpyxl can write (calamine may give times and durations)."""
    if isinstance(value, dt.datetime | dt.date | int | float | str) or value is None:
        return value
    return str(value)
