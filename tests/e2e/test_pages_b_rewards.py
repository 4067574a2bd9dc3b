"""The reward desk's pages in the browser: the brigade records the payment of an
approved reward and finds it in the payout ledger and its Excel export; the office sets
a district's reward standard and changes the city's, which a brigade only reads."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Download, Page, expect

from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import main, path_is, sign_in
from xiaoan.areas.models import Area
from xiaoan.rewards.models import RewardPayout, RewardReport, RewardRule

pytestmark = pytest.mark.e2e

LOBBY = "惠宾小区1号楼一楼大堂天天停着好几辆电动车"


def workbook_rows(download: Download) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def table_rows(page: Page, selector: str) -> list[list[str]]:
    rows: list[list[str]] = page.locator(selector).evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )
    return rows


def test_brigade_pays_a_reward_and_the_ledger_and_its_export_show_it(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(**DESKTOP).new_page()
    sign_in(page, "xinglongtai")
    page.goto("/rewards/")
    search = page.get_by_role("search")
    search.get_by_label("状态").select_option(label="已审批，待发放")
    search.get_by_role("button", name="筛选").click()
    row = page.locator("#xa-reward-table tbody tr", has_text="惠宾小区1号楼")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page.locator("#xa-reward-state")).to_have_text("已审批，待发放")

    pay = page.locator("#xa-pay-form")
    pay.get_by_label("发放方式").select_option(label="银行转账")
    pay.get_by_label("凭证号").fill("YH20240304001")
    pay.get_by_role("button", name="登记发放 200.00 元").click()
    expect(main(page).get_by_role("alert").first).to_have_text("已登记发放 200.00 元。")
    expect(page.locator("#xa-reward-state")).to_have_text("奖励已发放")
    expect(main(page)).to_contain_text("200.00 元 · 银行转账 · 凭证 YH20240304001")

    # the ledger: this payment and February's, newest first, with their total
    page.goto("/rewards/")
    main(page).get_by_role("link", name="奖励发放台账").click()
    expect(page).to_have_url(path_is("/rewards/ledger/"))
    expect(page.locator("#xa-ledger-total")).to_have_text("1200.00")
    listed = table_rows(page, "#xa-ledger-table tbody tr")
    report = RewardReport.objects.get(description__startswith=LOBBY)
    assert [(r[1], r[3], r[4], r[5]) for r in listed] == [
        (report.code, "200.00", "银行转账", "YH20240304001"),
        (
            RewardPayout.objects.get(reference="WX202402220018").report.code,
            "1000.00",
            "微信",
            "WX202402220018",
        ),
    ]
    with page.expect_download() as export:
        main(page).get_by_role("link", name="导出 Excel").click()
    rows = workbook_rows(export.value)
    assert rows[0][:6] == ["发放时间", "受理编号", "区域", "金额（元）", "发放方式", "凭证号"]
    assert [
        (f"{r[0]:%Y-%m-%d %H:%M}", r[1], r[2], f"{Decimal(str(r[3])):.2f}", r[4], r[5], r[6])
        for r in rows[1:]
    ] == [tuple(r) for r in listed]
    # the phone is masked in the plain export
    assert all("****" in (r[9] or "****") for r in rows[1:])

    # filtered to one method, the ledger and its total follow
    page.get_by_label("发放方式").select_option(label="微信")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#xa-ledger-total")).to_have_text("1000.00")
    expect(page.locator("#xa-ledger-table tbody tr")).to_have_count(1)


def test_office_sets_a_district_standard_and_changes_the_citys(
    new_context: Callable[..., BrowserContext],
) -> None:
    city = Area.objects.get(parent=None)
    district = Area.objects.get(name="兴隆台区")
    page = new_context(**DESKTOP).new_page()
    sign_in(page, "office")
    page.goto("/rewards/")
    main(page).get_by_role("link", name="奖励标准").click()
    expect(page).to_have_url(path_is("/rewards/rules/"))
    expect(page.locator("#xa-rules tbody tr")).to_have_count(2)

    # a standard for one district
    new = page.locator("form", has=page.get_by_role("button", name="新增"))
    new.get_by_label("适用区域").select_option(label="兴隆台区")
    new.get_by_label("隐患等级").select_option(label="重大火灾隐患")
    new.get_by_label("金额（元）").fill("1500")
    new.get_by_label("说明").fill("兴隆台区提高标准")
    new.get_by_role("button", name="新增").click()
    expect(main(page).get_by_role("alert").first).to_have_text("奖励标准已保存。")
    rule = page.locator("#xa-rules tbody tr", has_text="兴隆台区")
    expect(rule).to_contain_text("重大火灾隐患")
    expect(rule.get_by_label("金额")).to_have_value("1500.00")

    # the city's ordinary standard raised; a non-number is refused and changes nothing
    ordinary = page.locator("#xa-rules tbody tr", has_text=city.name).filter(has_text="一般隐患")
    ordinary.get_by_label("金额").fill("二百")
    ordinary.get_by_role("button", name="保存").click()
    expect(main(page).get_by_role("alert").first).to_have_text(
        "奖励金额“二百”不是数字，请填写如 500 或 500.00。"
    )
    ordinary = page.locator("#xa-rules tbody tr", has_text=city.name).filter(has_text="一般隐患")
    expect(ordinary.get_by_label("金额")).to_have_value("200.00")
    ordinary.get_by_label("金额").fill("300")
    ordinary.get_by_role("button", name="保存").click()
    expect(main(page).get_by_role("alert").first).to_have_text("奖励标准已保存。")
    ordinary = page.locator("#xa-rules tbody tr", has_text=city.name).filter(has_text="一般隐患")
    expect(ordinary.get_by_label("金额")).to_have_value("300.00")
    expect(page.locator("#history")).to_contain_text(re.compile(r"200\.00.*→ ?300\.00"))
    expect(page.locator("#history")).to_contain_text("支队办公室")

    assert RewardRule.objects.get(area=district, severity="major").amount == Decimal("1500")
    assert RewardRule.objects.get(area=city, severity="ordinary").amount == Decimal("300")

    # a brigade reads the standards but has no form to change them
    brigade = new_context(**DESKTOP).new_page()
    sign_in(brigade, "xinglongtai")
    brigade.goto("/rewards/rules/")
    expect(brigade.locator("#xa-rules")).to_contain_text("300.00")
    expect(brigade.get_by_role("button", name="保存")).to_have_count(0)
    expect(brigade.get_by_role("button", name="新增")).to_have_count(0)
