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

from .importing import (
    ALL_OR_NOTHING,
    CLEAN_ROWS_ONLY,
    ERROR_COLUMN,
    MODES,
    TITLE_MAX_LENGTH,
    UNIT_SEPARATORS,
    ImportResult,
    OrganisationIndex,
    ParsedRow,
    RowError,
    check_duplicates,
    create_task,
    error_text,
    import_tasks,
    parse_row,
    rejected_workbook,
)
from .parsing import (
    ARABIC,
    CN_BIG,
    CN_DIGITS,
    CN_NUMBER,
    CN_UNITS,
    DATE_HINT,
    FULL_WIDTH_DIGITS,
    NO_DEADLINE,
    QUANTITY_UNIT,
    SUBJECT_TRIM,
    TARGET_HINT,
    UNITS,
    chinese_number,
    parse_deadline,
    parse_target,
    parse_targets,
)
from .workbook import (
    COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    UNREADABLE,
    Column,
    ImportRefusedError,
    Sheet,
    cell_text,
    find_columns,
    missing_columns,
    normalise_header,
    read_sheet,
    template_workbook,
)

__all__ = [
    "ALL_OR_NOTHING",
    "ARABIC",
    "CLEAN_ROWS_ONLY",
    "CN_BIG",
    "CN_DIGITS",
    "CN_NUMBER",
    "CN_UNITS",
    "COLUMNS",
    "DATE_HINT",
    "ERROR_COLUMN",
    "FULL_WIDTH_DIGITS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "MODES",
    "NO_DEADLINE",
    "QUANTITY_UNIT",
    "SUBJECT_TRIM",
    "TARGET_HINT",
    "TITLE_MAX_LENGTH",
    "UNITS",
    "UNIT_SEPARATORS",
    "UNREADABLE",
    "Column",
    "ImportRefusedError",
    "ImportResult",
    "OrganisationIndex",
    "ParsedRow",
    "RowError",
    "Sheet",
    "cell_text",
    "check_duplicates",
    "chinese_number",
    "create_task",
    "error_text",
    "find_columns",
    "import_tasks",
    "missing_columns",
    "normalise_header",
    "parse_deadline",
    "parse_row",
    "parse_target",
    "parse_targets",
    "read_sheet",
    "rejected_workbook",
    "template_workbook",
]
