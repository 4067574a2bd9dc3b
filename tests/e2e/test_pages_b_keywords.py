"""The 12345 classification dictionary in the browser: the office adds a word, finds it
in the list and in the Excel export, and an order imported afterwards is classified by it
(an order imported before is not)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, expect

from tests.complaints.conftest import good_row, xlsx_bytes
from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import go, main, path_is, sign_in
from xiaoan.areas.models import User
from xiaoan.complaints.classification import default_entries
from xiaoan.complaints.importers import import_complaints
from xiaoan.complaints.models import ClassificationKeyword, Complaint

pytestmark = pytest.mark.e2e

CONTENT = "小区地下室有人囤放大量锂电池，住户很担心。"


def shipped_dictionary() -> None:
    """The dictionary a migrated database starts with (a live-server test may run after
    another one flushed the table)."""
    if not ClassificationKeyword.objects.exists():
        ClassificationKeyword.objects.bulk_create(
            ClassificationKeyword(
                word=e["word"], hazard_category=e["hazard_category"], weight=e["weight"]
            )
            for e in default_entries()
        )


def import_order(number: str) -> Complaint:
    office = User.objects.select_related("area").get(username="office")
    rows = [good_row(number, 工单标题="地下室囤放物品", 诉求内容=CONTENT)]
    import_complaints(xlsx_bytes(rows), acting_user=office)
    return Complaint.objects.get(number=number)


def test_office_adds_a_word_and_the_next_order_is_classified_by_it(
    new_context: Callable[..., BrowserContext],
) -> None:
    shipped_dictionary()
    before = import_order("KW2024030400001")
    assert before.fire_related is False

    page = new_context(**DESKTOP).new_page()
    sign_in(page, "office")
    go(page, "分类词典")
    expect(page).to_have_url(path_is("/complaints/keywords/"))
    expect(main(page).get_by_role("heading", level=1)).to_have_text("12345 分类词典")

    add = page.locator("details")
    add.locator("summary").click()
    add.get_by_label("词语").fill("锂电池")
    add.get_by_label("隐患类别").select_option(label="电动车违规停放充电")
    add.get_by_label("权重").fill("3")
    add.get_by_label("说明").fill("囤放、充电锂电池的来电")
    add.get_by_role("button", name="添加").click()
    expect(main(page).get_by_role("alert").first).to_have_text("已添加词语“锂电池”。")

    # listed, found by the search box, and in the export of what is shown
    search = page.get_by_role("search")
    search.get_by_label("词语").fill("锂电池")
    search.get_by_role("button", name="筛选").click()
    rows = page.locator("#xa-keywords tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("锂电池")
    expect(rows).to_contain_text("电动车违规停放充电")
    expect(rows).to_contain_text("3.0")
    expect(rows).to_contain_text("启用")
    with page.expect_download() as download:
        main(page).get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename == "12345分类词典.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet is not None
    assert [list(r) for r in sheet.iter_rows(values_only=True)][1:] == [
        ["锂电池", "电动车违规停放充电", 3, "是", "囤放、充电锂电池的来电"]
    ]

    # the same word twice is refused, the form stays open with the reason
    add.locator("summary").click()
    add.get_by_label("词语").fill("锂电池")
    add.get_by_label("权重").fill("1")
    add.get_by_role("button", name="添加").click()
    expect(page.locator("#xa-form-error")).to_have_text("词语“锂电池”已在词典中，请直接修改它。")
    assert ClassificationKeyword.objects.filter(word="锂电池").count() == 1

    # an order imported now is classified by the word; the earlier one is not
    after = import_order("KW2024030400002")
    page.goto(f"/complaints/{after.pk}/")
    expect(page.locator("#xa-classification")).to_have_text("涉及消防安全：电动车违规停放充电")
    page.goto(f"/complaints/{before.pk}/")
    expect(page.locator("#xa-classification")).to_have_text("不涉及消防安全")
