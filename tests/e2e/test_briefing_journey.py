"""The briefing in the browser: the office builds March's briefing and watches its
progress, rewrites a section, exports a version; a leader reads it on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, sign_in
from xiaoan.briefings import pdf

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """The seed's day; builds run at once (the live server runs in this process);
    no LibreOffice, so exports are Word only and quick."""
    settings.XIAOAN_TODAY = "2024-03-04"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "soffice", lambda: None)


def test_office_builds_edits_and_exports_then_a_leader_reads_it(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, "office")
    page.goto("/briefings/")
    page.get_by_role("link", name="生成通报 / 专报").click()
    page.get_by_label("月份").fill("2024-03")
    page.get_by_role("button", name="生成").click()
    expect(page).to_have_url(re.compile(r"/briefings/\d+/$"))
    draft = page.locator("article.xa-briefing-page")
    expect(draft).to_contain_text("3月份行政办公会议重点工作情况通报")
    expect(draft).to_contain_text("发现火灾隐患或违法行为27处")
    chart = page.locator('img[src$="/charts/0.png"]')
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 0

    page.locator("#section-visits").get_by_role("link", name="修改").click()
    box = page.locator("#section-visits textarea")
    expect(box).to_contain_text("明察暗访督导检查三次")
    box.fill("刘占明副市长带队明察暗访三次，发现问题均已督促整改。")
    page.get_by_role("button", name="保存").click()
    expect(main(page)).to_contain_text("已保存修改。")
    expect(page.locator("#section-visits")).to_contain_text("已修改")

    page.get_by_role("button", name=re.compile("导出 Word")).click()
    expect(main(page)).to_contain_text("已导出第 1 版")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word").click()
    assert download.value.suggested_filename == "3月份行政办公会议重点工作情况通报-第1版.docx"

    phone = new_context(**PHONE).new_page()
    sign_in(phone, "zhanming")
    phone.goto("/briefings/")
    phone.get_by_role("link", name="3月份行政办公会议重点工作情况通报").click()
    expect(phone.locator("article.xa-briefing-page")).to_contain_text("发现问题均已督促整改")
    expect(phone.get_by_role("button", name=re.compile("导出"))).to_have_count(0)
    no_horizontal_overflow(phone)
    phone.get_by_role("link", name="第 1 版").click()
    expect(phone.locator("article.xa-briefing-page")).to_contain_text("带队明察暗访三次")
    no_horizontal_overflow(phone)
