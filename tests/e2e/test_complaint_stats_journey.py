"""The 12345 statistics in the browser: the office reads the demo surge, on a phone too."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import Traffic
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_journeys import PHONE, go, main, no_horizontal_overflow, sign_in

pytestmark = pytest.mark.e2e


def test_office_reads_the_surge_and_exports_it(page: Page, traffic: Traffic) -> None:
    sign_in(page, "office")
    go(page, "12345 统计")
    # this month, fire safety, the whole city: charts drawn, no script errors
    expect(main(page)).to_contain_text("2024-03-01 至 2024-03-04")
    expect(page.locator("#xa-chart-daily canvas")).to_have_count(1)
    expect(page.locator("#xa-chart-area canvas")).to_have_count(1)
    expect(page.locator("#xa-stats-spikes")).to_contain_text("盘锦市 3月2日—3月4日")

    # 近三天: the seed's jump on the three days before
    page.get_by_text("近三天", exact=True).click()
    expect(main(page)).to_contain_text("2024-03-02 至 2024-03-04")
    expect(page.locator("#xa-stats-pop")).to_have_text("+240%")

    # 本年: the rise on the same period of 2023
    page.get_by_text("本年", exact=True).click()
    expect(page.locator("#xa-stats-yoy")).to_have_text("+168%")
    expect(page.locator("#xa-stats-areas tbody tr").first).to_contain_text("兴隆台区")

    # a district of the ranking, then its own streets
    page.locator("#xa-stats-areas").get_by_role("link", name="兴隆台区").click()
    expect(page.locator("#xa-stats-areas")).to_contain_text("兴隆街道")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    assert book.sheetnames == ["概况", "逐日", "按类别", "按区域"]
    assert traffic.page_errors == [] and traffic.console_errors == []


def test_the_spike_reached_the_office_inbox(page: Page) -> None:
    sign_in(page, "office")
    page.goto("/inbox/")
    expect(main(page)).to_contain_text("12345 消防安全诉求激增：盘锦市")


def test_statistics_on_a_phone(
    new_context: Callable[..., BrowserContext], traffic: Traffic
) -> None:
    page = new_context(**PHONE).new_page()
    sign_in(page, "xinglongtai")
    page.goto("/complaints/stats/?preset=year")
    expect(page.locator("#xa-stats-count")).to_be_visible()
    expect(page.locator("#xa-chart-daily canvas")).to_have_count(1)
    # a district sees its own streets, never the city's other districts
    expect(page.locator("#xa-stats-areas")).to_contain_text("兴隆街道")
    expect(page.locator("#xa-stats-areas")).not_to_contain_text("双台子区")
    no_horizontal_overflow(page)
    assert traffic.page_errors == []
