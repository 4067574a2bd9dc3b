"""Excel downloads of list pages, written row by row (write-only workbook,
spooled to disk) so that long lists do not have to fit in memory."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook


def xlsx_response(
    sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str
) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename)
