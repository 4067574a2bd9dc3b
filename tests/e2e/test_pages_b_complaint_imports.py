"""12345 import records in the browser: after an import with some bad rows the office
finds it in the import history, downloads the rows that were not imported (they match
the errors the page lists) and the Excel export of the imported orders (it matches the
list on the page). The worker is run here, as in the import journey."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Download, Page, expect

from tests.complaints.conftest import HEADER, good_row, xlsx_bytes
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import main, path_is, sign_in

pytestmark = pytest.mark.e2e

FILE_NAME = "12345工单导出-3月4日.xlsx"
ROWS = [
    good_row("IH2024030400001", 来电时间="2024-03-04 08:10:00", 工单标题="楼道堆放纸箱"),
    good_row("IH2024030400002", 来电时间="昨天下午"),
    good_row("IH2024030400003", 来电时间="2024-03-04 09:20:00", 工单标题="消火栓箱没有水带"),
    good_row("IH2024030400004", 诉求内容=""),
    good_row("IH2024030400005", 来电时间="2024-03-04 10:30:00", 工单标题="安全出口上锁"),
]


def workbook_rows(download: Download) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def cell_texts(page: Page, rows: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row]
        for row in page.locator(rows).evaluate_all(
            "rows => rows.map(r => [...r.cells].map(c => c.innerText))"
        )
    ]


def test_import_history_and_the_downloads_match_the_pages(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    upload = tmp_path / FILE_NAME
    upload.write_bytes(xlsx_bytes(ROWS, HEADER))

    page = new_context(**DESKTOP).new_page()
    sign_in(page, "office")
    page.goto("/complaints/import/")
    page.get_by_label("12345 导出文件").set_input_files(upload)
    page.get_by_role("button", name="上传并导入").click()
    expect(page).to_have_url(re.compile(r"/complaints/imports/\d+/$"))
    call_command("worker", once=True)
    expect(page.locator("#xa-import-progress")).to_contain_text(
        "共 5 行：新增 3，更新 0，未导入 2。", timeout=15_000
    )

    # the history names the file, who imported it and the counts
    main(page).get_by_role("link", name="导入记录").click()
    expect(page).to_have_url(path_is("/complaints/imports/"))
    row = page.locator("#xa-import-history tbody tr", has_text=FILE_NAME)
    expect(row).to_have_count(1)
    assert cell_texts(page, "#xa-import-history tbody tr:has-text('3月4日.xlsx')")[0][1:] == [
        FILE_NAME,
        "支队办公室",
        "已完成",
        "5",
        "3",
        "0",
        "2",
    ]
    # the original file comes back as uploaded
    with page.expect_download() as original:
        row.get_by_role("link", name=FILE_NAME).click()
    assert original.value.suggested_filename == FILE_NAME
    assert workbook_rows(original.value)[1:] == [[None if v == "" else v for v in r] for r in ROWS]

    # the job page: its errors, and the rejected rows to fix, with the same reasons
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=f"导入：{FILE_NAME}")).to_be_visible()
    errors = cell_texts(page, "#xa-import-errors tbody tr")
    assert [(number, column) for number, column, _ in errors] == [
        ("3", "来电时间"),
        ("5", "诉求内容"),
    ]
    with page.expect_download() as rejected:
        main(page).get_by_role("link", name=re.compile("下载未导入的行")).click()
    rejected_rows = workbook_rows(rejected.value)
    assert rejected_rows[0] == [*HEADER, "错误原因"]
    assert [(r[0], r[-1]) for r in rejected_rows[1:]] == [
        (ROWS[int(number) - 2][0], f"{column}：{reason}") for number, column, reason in errors
    ]

    # the imported orders in the list, and the Excel export of that list
    main(page).get_by_role("link", name="工单列表").click()
    main(page).get_by_label("关键词").fill("IH20240304")
    main(page).get_by_role("button", name="筛选").click()
    listed = cell_texts(page, "#xa-complaints tbody tr")
    assert [r[0] for r in listed] == ["IH2024030400005", "IH2024030400003", "IH2024030400001"]
    with page.expect_download() as export:
        main(page).get_by_role("link", name="导出 Excel").click()
    exported = workbook_rows(export.value)
    assert exported[0][:2] == ["工单编号", "来电时间"]
    assert [(r[0], f"{r[1]:%Y-%m-%d %H:%M}", r[12]) for r in exported[1:]] == [
        (r[0], r[1], r[8]) for r in listed
    ]
