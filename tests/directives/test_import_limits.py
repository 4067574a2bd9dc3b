"""Bad input in a task list: a workbook that inflates far beyond its size, and
texts beyond the shared limits (reported by row and column, nothing imported)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from tests.zipbombs import MB, bomb_xlsx
from xiaoan.core.text import NAME_MAX, TEXT_MAX
from xiaoan.directives.importers import (
    ALL_OR_NOTHING,
    CLEAN_ROWS_ONLY,
    ImportRefusedError,
    import_tasks,
)
from xiaoan.directives.models import Task

pytestmark = pytest.mark.django_db

HEADER = ["任务", "牵头单位", "配合单位", "目标", "期限", "说明"]
LEAD = "兴隆台区消防救援大队"


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_inflating_far_beyond_its_size_is_refused(office: Any) -> None:
    """Under the task list's 100 MB, but compressed as no real workbook is."""
    bomb = bomb_xlsx(HEADER, [None, LEAD, None, None, "3月31日", None], huge_column=0, size=90 * MB)
    with pytest.raises(ImportRefusedError, match="疑似压缩炸弹，已拒绝读取"):
        import_tasks(bomb, acting_user=office)
    assert not Task.objects.filter(lead_organisation__name=LEAD, deadline__month=3).exists()


@pytest.mark.parametrize("mode", [ALL_OR_NOTHING, CLEAN_ROWS_ONLY])
def test_texts_beyond_the_shared_limits_are_reported_by_row_and_column(
    office: Any, mode: str
) -> None:
    result = import_tasks(
        xlsx(
            [
                ["限长测试甲", LEAD, None, None, "3月31日", "说" * (TEXT_MAX + 1)],
                ["题" * 301, LEAD, None, None, "3月31日", None],
                ["限长测试乙", "单" * (NAME_MAX + 1), None, None, "3月31日", None],
                ["限长测试丙", LEAD, None, None, "3月31日", "说" * TEXT_MAX],
            ]
        ),
        acting_user=office,
        mode=mode,
    )
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "说明", f"内容超过 {TEXT_MAX} 字"),
        (3, "任务", "内容超过 300 字"),
        (4, "牵头单位", f"内容超过 {NAME_MAX} 字"),
    ]
    titles = set(Task.objects.filter(title__startswith="限长测试").values_list("title", flat=True))
    assert titles == (set() if mode == ALL_OR_NOTHING else {"限长测试丙"})
