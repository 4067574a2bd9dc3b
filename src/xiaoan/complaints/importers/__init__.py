"""Import 12345 hotline exports (.xlsx, or .csv in UTF-8 or GBK).

Columns are found by their header, whatever their order, under any of the
names hotline platforms use (`COLUMNS`); a file lacking a required column is
refused with what is missing and what was found. The header may sit below a
title line or two. Every non-empty row is accounted for: it imports a new
order, updates the order with the same work-order number (imports are
idempotent on 工单编号), or is rejected with its spreadsheet row number, the
column's header and a Chinese reason; ``rows = imported + updated +
rejected``. Wholly empty rows are not data rows and are not counted.

Rows are worked out in memory batch by batch and written through
`services.do_record_batch` (bulk inserts and updates with their history), as
the importing user, committed batch by batch so that a background job's
progress is visible and a crash keeps the batches already done (a re-import
then completes it).
"""

from .importing import (
    BATCH_SIZE,
    ParsedRow,
    Progress,
    error_text,
    import_complaints,
    parse_row,
    rejected_workbook,
    stage,
    visible_to,
)
from .reading import (
    COLUMNS,
    ERROR_COLUMN,
    MAX_ROWS,
    Column,
    ImportRefusedError,
    ImportResult,
    RowError,
    Table,
    cell_text,
    decode_text,
    find_columns,
    missing_columns,
    normalise_header,
    parse_datetime,
    parse_due,
    read_table,
)

__all__ = [
    "BATCH_SIZE",
    "COLUMNS",
    "ERROR_COLUMN",
    "MAX_ROWS",
    "Column",
    "ImportRefusedError",
    "ImportResult",
    "ParsedRow",
    "Progress",
    "RowError",
    "Table",
    "cell_text",
    "decode_text",
    "error_text",
    "find_columns",
    "import_complaints",
    "missing_columns",
    "normalise_header",
    "parse_datetime",
    "parse_due",
    "parse_row",
    "read_table",
    "rejected_workbook",
    "stage",
    "visible_to",
]
