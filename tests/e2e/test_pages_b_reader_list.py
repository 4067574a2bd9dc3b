"""The reader's records in the browser: the office finds the briefings it has read
(newest first, by a keyword, in the Excel export) and opens one to see what it created."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import go, main, path_is, sign_in
from xiaoan.areas.models import User
from xiaoan.demo.directives import on_day
from xiaoan.reader.models import BriefingReading
from xiaoan.reader.parsing import read_briefing
from xiaoan.reader.proposals import with_defaults
from xiaoan.reader.services import do_confirm_reading

pytestmark = pytest.mark.e2e

DATA = Path(__file__).parent.parent / "reader" / "data"


def confirm(day: str, text: str, source_name: str) -> BriefingReading:
    office = User.objects.select_related("area").get(username="office")
    proposals: dict[str, Any] = with_defaults(read_briefing(text).as_dict(), text)
    with on_day(day):
        return do_confirm_reading(
            acting_user=office, text=text, proposals=proposals, source_name=source_name
        )


def test_office_finds_a_read_briefing_and_opens_it(
    new_context: Callable[..., BrowserContext],
) -> None:
    seed = confirm("2024-03-04", (DATA / "seed.txt").read_text(encoding="utf-8"), "")
    minutes = confirm(
        "2024-03-08",
        (DATA / "briefings" / "02_minutes.txt").read_text(encoding="utf-8"),
        "区消安委会议纪要.docx",
    )
    assert minutes.title and seed.title

    page = new_context(**DESKTOP).new_page()
    sign_in(page, "office")
    go(page, "通报识别")
    expect(page).to_have_url(path_is("/reader/"))
    rows = page.locator("#xa-readings tbody tr")
    expect(rows).to_have_count(2)
    # newest first: where each came from, and who confirmed it
    expect(rows.nth(0)).to_contain_text(minutes.title)
    expect(rows.nth(0)).to_contain_text("区消安委会议纪要.docx")
    expect(rows.nth(1)).to_contain_text(seed.title)
    expect(rows.nth(1)).to_contain_text("粘贴文字")
    expect(rows.nth(1)).to_contain_text("支队办公室")

    with page.expect_download() as export:
        main(page).get_by_role("link", name="导出 Excel").click()
    sheet = load_workbook(io.BytesIO(export.value.path().read_bytes())).active
    assert sheet is not None
    exported = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert exported[0][:3] == ["标题", "成文日期", "来源文件"]
    assert [(r[0], r[2] or "", r[4]) for r in exported[1:]] == [
        (minutes.title, "区消安委会议纪要.docx", "支队办公室"),
        (seed.title, "", "支队办公室"),
    ]

    # found by a word of its source file; opened
    search = page.get_by_role("search")
    search.get_by_label("关键词").fill("纪要")
    search.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(1)
    search.get_by_label("关键词").fill("")
    search.get_by_label("识别日期起").fill("2024-03-01")
    search.get_by_label("识别日期止").fill("2024-03-05")
    search.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=seed.title).click()

    expect(page).to_have_url(path_is(f"/reader/{seed.pk}/"))
    expect(main(page).get_by_role("heading", level=1)).to_have_text(seed.title)
    records = page.locator("#xa-reading-records")
    expect(records.get_by_role("listitem")).to_have_count(seed.records.count())
    expect(records).to_contain_text("炳森书记批示")
    expect(main(page)).to_contain_text("2024-03-04")
    main(page).get_by_role("link", name="识别记录").click()
    expect(page).to_have_url(path_is("/reader/"))
