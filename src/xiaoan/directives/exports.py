"""Export a task list to Excel.

The workbook is written in openpyxl's write-only mode (rows go straight to a
temporary file) from a queryset read in chunks, and the finished file is
streamed to the browser, so a long list never sits in memory whole.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from xiaoan.core import clock
from xiaoan.core.text import for_excel

from . import queries
from .models import Task

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_COLUMNS: tuple[tuple[str, int], ...] = (
    ("任务", 48),
    ("状态", 14),
    ("牵头单位", 28),
    ("配合单位", 36),
    ("期限", 12),
    ("逾期", 6),
    ("来源", 36),
    ("区域", 14),
)
CHUNK_SIZE = 1000
EXPORT_RELATED = (
    "lead_organisation",
    "area",
    "instruction",
    "requirement__meeting",
    "requirement__document",
    "campaign",
)


def export_queryset(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """The tasks with everything a row shows, fetched alongside (no query per row)."""
    return tasks.select_related(*EXPORT_RELATED).prefetch_related("co_organisations")


def task_rows(tasks: QuerySet[Task], today: dt.date | None = None) -> Iterator[list[Any]]:
    """One list of cell values per task, read from the database in chunks."""
    day = today or clock.today()
    for task in export_queryset(tasks).iterator(chunk_size=CHUNK_SIZE):
        yield [
            task.title,
            task.get_status_display(),
            task.lead_organisation.name,
            "、".join(o.name for o in task.co_organisations.all()) or None,
            task.deadline,
            "是" if queries.is_overdue(task, day) else "否",
            task.source_label if task.source_label != "—" else None,
            task.area.name,
        ]


def write_tasks_xlsx(tasks: QuerySet[Task], target: IO[bytes], today: dt.date | None = None) -> int:
    """Write the tasks as an .xlsx workbook to `target`; returns the number of tasks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("任务清单")
    for index, (_label, width) in enumerate(EXPORT_COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for label, _width in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    deadline_index = 4
    for values in task_rows(tasks, today):
        deadline = values[deadline_index]
        if deadline is not None:
            cell = WriteOnlyCell(sheet, value=deadline)
            cell.number_format = "yyyy-mm-dd"
            values[deadline_index] = cell
        sheet.append([for_excel(v) for v in values])
        count += 1
    workbook.save(target)
    return count


def export_filename(day: dt.date | None = None) -> str:
    return f"任务清单-{(day or clock.today()):%Y%m%d}.xlsx"


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 5987/6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(file: IO[bytes], filename: str, fallback: str) -> FileResponse:
    """Stream an .xlsx file (rewound here) as a download under a Chinese name."""
    file.seek(0)
    response = FileResponse(file, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "private, no-store"
    return response


def export_tasks(tasks: QuerySet[Task], *, today: dt.date | None = None) -> FileResponse:
    """The tasks as a downloadable 任务清单-YYYYMMDD.xlsx, streamed from a temporary file."""
    day = today or clock.today()
    # Not a `with` block: the response streams the file, then closes (and so deletes) it.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        write_tasks_xlsx(tasks, file, day)
    except BaseException:
        file.close()
        raise
    return xlsx_response(file, export_filename(day), f"tasks-{day:%Y%m%d}.xlsx")
