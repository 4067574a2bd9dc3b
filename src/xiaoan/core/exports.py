"""Excel downloads of list pages, written row by row (write-only workbook,
spooled to disk) so that long lists do not have to fit in memory. Every cell
goes through `for_excel`: a stored name with a control character must not
make the whole download fail."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook

from xiaoan.core.replica import replica_reads
from xiaoan.core.text import for_excel


def xlsx_response(
    sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str
) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append([for_excel(h) for h in headers])
    with replica_reads():  # the rows' queries run here, while they are written
        for row in rows:
            sheet.append([for_excel(v) for v in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename)
