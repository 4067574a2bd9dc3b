"""导入任务清单: the detachment office uploads a real .xlsx (written here with
openpyxl). The first try, all-or-nothing, shows the one bad row and imports
nothing; the second, clean rows only, imports the others and offers the bad
row back as a workbook with its 错误原因. The clock is pinned to 4 March 2024."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import main, path_is, sign_in
from xiaoan.directives.models import Task

pytestmark = pytest.mark.e2e

HYDRANTS = "新建市政消火栓并接入消防水源台账"
CRANES = "建设消防水鹤"
HEADER = ["任务", "牵头单位", "配合单位", "目标", "期限", "说明"]
ROWS = [
    [HYDRANTS, "兴隆台区消防救援大队", "盘锦市住房和城乡建设局", "市政消火栓100个", "3月31日", ""],
    [CRANES, "双台子区消防救援大队", "", "消防水鹤5个", "2024年底", "年度民生实事"],
    ["", "大洼区消防救援大队", "", "", "6月底", "任务名称漏填"],
]


def task_list_file(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


def upload(page: Page, path: Path, mode: str) -> None:
    page.get_by_label("任务清单文件").set_input_files(path)
    page.get_by_label(mode).check()
    expect(page.get_by_label("年度")).to_have_value("2024")
    page.get_by_role("button", name="导入", exact=True).click()


def test_office_imports_a_task_list_and_gets_the_bad_row_back(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    source = task_list_file(tmp_path / "2024年度消防工作任务清单.xlsx")
    page = new_context(**DESKTOP).new_page()
    warm_up(page)
    sign_in(page, "office")
    page.goto("/tasks/")
    main(page).get_by_role("link", name="导入任务清单").click()
    expect(page).to_have_url(path_is("/tasks/import/"))
    expect(page.get_by_role("heading", name="导入任务清单", level=1)).to_be_visible()

    # All or nothing: the bad row is named, and nothing is imported.
    upload(page, source, "全部无误才导入（有任何错误则一行也不导入）")
    summary = page.locator("#xa-import-summary")
    expect(summary).to_have_text("共 3 行：已导入 0 行，未导入 3 行。")
    expect(main(page)).to_contain_text("按“全部无误才导入”方式，本次一行也没有导入。")
    errors = page.locator("#xa-import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.locator("td")).to_have_text(["1", "第 4 行", "任务", "任务名称为空"])
    expect(page.locator("#xa-import-rejected")).to_have_count(0)
    assert not Task.objects.filter(title__in=[HYDRANTS, CRANES]).exists()

    # Clean rows only: the two good rows are imported.
    upload(page, source, "只导入无误的行（有错误的行可下载修改后重新导入）")
    expect(summary).to_have_text("共 3 行：已导入 2 行，未导入 1 行。")
    expect(main(page).get_by_role("alert").first).to_contain_text(
        "已导入 2 项任务，牵头单位已收到通知。"
    )
    imported = page.locator("#xa-import-result details li")
    expect(imported).to_have_text(
        [
            f"{HYDRANTS} · 兴隆台区消防救援大队 · 2024-03-31",
            f"{CRANES} · 双台子区消防救援大队 · 2024-12-31",
        ]
    )

    # The rejected row comes back as a workbook with its reason, ready to fix.
    link = page.locator("#xa-import-rejected")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "任务清单-未导入的行-20240304.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][: len(HEADER)] == tuple(HEADER) and "错误原因" in rows[0]
    assert len(rows) == 2
    reason = rows[1][rows[0].index("错误原因")]
    assert "任务名称为空" in str(reason)
    assert rows[1][1] == "大洼区消防救援大队"

    # The imported task is on the list, with its owner and target.
    imported.get_by_role("link", name=HYDRANTS).click()
    expect(page.get_by_role("heading", name=HYDRANTS)).to_be_visible()
    expect(main(page)).to_contain_text("兴隆台区消防救援大队")
    expect(main(page)).to_contain_text("市政消火栓")
    task = Task.objects.get(title=HYDRANTS)
    assert task.lead_organisation.name == "兴隆台区消防救援大队"
    assert [o.name for o in task.co_organisations.all()] == ["盘锦市住房和城乡建设局"]


def test_a_brigade_cannot_import_a_task_list(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(**DESKTOP).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    page.goto("/tasks/import/")
    expect(page).to_have_url(path_is("/tasks/"))
    expect(main(page).get_by_role("alert")).to_contain_text("您的角色无权导入任务清单")
