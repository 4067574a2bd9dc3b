"""Importing the duty roster from Excel in the browser: the office uploads a workbook
with a mistake and is told the row (nothing is imported), uploads the corrected one and
finds the people on the roster of each unit; the same file again adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import main, path_is, sign_in
from xiaoan.areas.models import Organisation
from xiaoan.duty.models import DutyShift

pytestmark = pytest.mark.e2e

DETACHMENT = "盘锦市消防救援支队"
BRIGADE = "兴隆台区消防救援大队"
ROWS = [
    ["2024-03-20", DETACHMENT, "带班领导", "曹希锋", "13904270001"],
    ["2024-03-20", DETACHMENT, "值班员", "王晓丽", ""],
    ["2024-03-21", BRIGADE, "驾驶员", "李建国", "13604270002"],
]


def roster_file(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["日期", "单位", "岗位", "姓名", "电话"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def imported() -> Any:
    """The shifts on the days of the file."""
    return DutyShift.objects.filter(date__in=["2024-03-20", "2024-03-21"])


def test_office_imports_the_roster_from_excel(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    before = imported().count()
    wrong = [*ROWS[:2], ["2024-03-21", BRIGADE, "厨师", "李建国", ""]]
    page = new_context(**DESKTOP).new_page()
    sign_in(page, "office")
    page.goto("/duty/?month=2024-03")
    main(page).get_by_role("link", name="从 Excel 导入").click()
    expect(page).to_have_url(path_is("/duty/import/"))

    page.get_by_label("值班表文件").set_input_files(
        roster_file(tmp_path / "值班表-有误.xlsx", wrong)
    )
    page.get_by_role("button", name="导入").click()
    errors = page.locator("#xa-import-errors")
    expect(errors).to_contain_text("共 3 行，1 处错误，未导入任何记录。")
    expect(errors).to_contain_text("第 4 行，岗位：岗位“厨师”不认识，可填：带班领导")
    assert imported().count() == before

    page.get_by_label("值班表文件").set_input_files(roster_file(tmp_path / "值班表.xlsx", ROWS))
    page.get_by_role("button", name="导入").click()
    expect(page).to_have_url(path_is("/duty/"))
    expect(main(page).get_by_role("alert").first).to_have_text("已导入 3 条值班安排。")

    # the detachment's month, then the brigade's
    page.goto("/duty/?month=2024-03")
    day = page.locator("#xa-day-2024-03-20")
    expect(day).to_contain_text("带班领导：曹希锋 13904270001")
    expect(day).to_contain_text("值班员：王晓丽")
    expect(page.locator("#xa-day-2024-03-21")).not_to_contain_text("李建国")
    brigade = Organisation.objects.get(name=BRIGADE)
    page.get_by_label("单位").select_option(str(brigade.pk))
    page.get_by_role("button", name="查看").click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text(
        f"值班表：{BRIGADE} · 2024年3月"
    )
    expect(page.locator("#xa-day-2024-03-21")).to_contain_text("驾驶员：李建国 13604270002")

    # the same file again: nothing doubled
    page.goto("/duty/import/")
    page.get_by_label("值班表文件").set_input_files(tmp_path / "值班表.xlsx")
    page.get_by_role("button", name="导入").click()
    expect(main(page).get_by_role("alert").first).to_have_text(
        "已导入 0 条值班安排，3 条已存在未重复导入。"
    )
    assert imported().count() == before + 3
