"""Reading a briefing in the browser: paste the seed, review, confirm, on a desktop and a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_journeys import PHONE, go, main, no_horizontal_overflow, path_is, sign_in

pytestmark = pytest.mark.e2e

SEED = (Path(__file__).parent.parent / "reader" / "data" / "seed.txt").read_text(encoding="utf-8")


def test_office_reads_the_seed_and_confirms(page: Page) -> None:
    sign_in(page, "office")
    go(page, "通报识别")
    expect(page).to_have_url(path_is("/reader/"))
    main(page).get_by_role("link", name="识别通报").click()
    page.get_by_label("通报文字").fill(SEED)
    page.get_by_role("button", name="识别").click()

    # The source text with its spans highlighted, the proposals beside it.
    expect(page.locator("#src-instructions-0")).to_contain_text("炳森书记")
    expect(page.locator("mark.xa-hl-statistics").first).to_contain_text("4490件")
    expect(page.locator("#instructions-1")).to_contain_text("跟第1条")
    expect(page.locator("#meetings-0")).to_contain_text("目标：市政消火栓 100个")
    page.locator("#instructions-3").get_by_label(re.compile("导入")).uncheck()
    page.locator("input[name='meetings-2-title']").fill("市委常委会会议")

    page.get_by_role("button", name="确认导入所选").click()
    expect(page).to_have_url(re.compile(r"/reader/\d+/$"))
    expect(main(page)).to_contain_text("已创建 18 条记录")
    records = page.locator("#xa-reading-records")
    expect(records).to_contain_text("市委常委会会议")
    # the 12345 report's figures are kept with the instruction made on it
    links = records.locator("a[href*='/instructions/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    records.get_by_role("link", name=re.compile("炳森书记批示")).click()
    expect(main(page)).to_contain_text("请邢鹏、占明同志阅")
    quoted = []
    for href in hrefs:
        page.goto(str(href))
        figures = page.locator("#xa-source-figures")
        if figures.count():
            quoted.append(figures.inner_text())
    assert len(quoted) == 1 and "环比增长239%" in quoted[0], quoted


def test_the_review_page_fits_a_phone(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(**PHONE).new_page()
    sign_in(page, "office")
    page.goto("/reader/new/")
    page.get_by_label("通报文字").fill(SEED)
    page.get_by_role("button", name="识别").click()
    expect(page.get_by_role("button", name="确认导入所选")).to_be_visible()
    no_horizontal_overflow(page)
