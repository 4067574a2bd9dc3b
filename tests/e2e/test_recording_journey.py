"""The office records an instruction, a meeting, a document and a campaign on
their recording pages, finds each on its own page, then corrects it through
修改 with a reason that the page's 变更记录 shows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import go, main, sign_in

pytestmark = pytest.mark.e2e


def record(page: Page, button: str, heading: str, fields: dict[str, str]) -> None:
    """Open a recording page from the list, fill it in and save: the new record's page opens."""
    main(page).get_by_role("link", name=button, exact=True).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    for label, value in fields.items():
        field = main(page).get_by_label(label, exact=True)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    main(page).get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="已登记")).to_be_visible()


def correct(page: Page, label: str, value: str, reason: str) -> None:
    """修改 on a record's page: change one field, give the reason, save, back on the record."""
    record_url = page.url
    main(page).get_by_role("link", name="修改", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(record_url) + "edit/$"))
    main(page).get_by_label(label, exact=True).fill(value)
    main(page).get_by_role("button", name="保存修改").click()
    # without a reason the page says why and keeps the change in the form
    expect(main(page).get_by_text("请填写修改原因")).to_be_visible()
    expect(main(page).get_by_label(label, exact=True)).to_have_value(value)
    main(page).get_by_label("修改原因").fill(reason)
    main(page).get_by_role("button", name="保存修改").click()
    expect(page).to_have_url(record_url)
    expect(page.get_by_role("alert").filter(has_text="已保存修改")).to_be_visible()
    entry = page.locator("#history li").filter(has_text=reason)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("支队办公室")
    expect(entry.locator(".xa-change").filter(has_text=value)).to_have_count(1)


def test_office_records_and_corrects_an_instruction_and_a_meeting(page: Page) -> None:
    sign_in(page, "office")
    go(page, "批示")
    record(
        page,
        "登记批示",
        "登记领导批示",
        {
            "日期": "2024-03-02",
            "领导姓名": "占明",
            "职务": "副市长",
            "类型": "批示",
            "批示载体": "关于住宅小区消防隐患的专报",
            "批示内容": "请抓紧排查住宅小区。",
        },
    )
    expect(page).to_have_url(re.compile(r"/instructions/\d+/$"))
    expect(main(page).get_by_role("heading")).to_contain_text("占明副市长批示")
    expect(main(page)).to_contain_text("请抓紧排查住宅小区。")
    correct(page, "批示内容", "请抓紧排查住宅小区和九小场所。", "按批示原件更正")
    expect(main(page).locator("blockquote")).to_contain_text("住宅小区和九小场所")

    go(page, "会议与文件")
    record(
        page,
        "登记会议",
        "登记会议",
        {
            "日期": "2024-03-01",
            "层级": "市级",
            "会议名称": "住宅小区消防安全调度会",
            "会议要求（编号事项）": "开展全覆盖排查 | 2024-03-08",
        },
    )
    expect(main(page).get_by_role("heading", name="住宅小区消防安全调度会")).to_be_visible()
    expect(main(page).locator("#xa-items")).to_contain_text("开展全覆盖排查")
    correct(page, "主持", "曹希锋", "补录主持人")
    expect(main(page)).to_contain_text("主持：曹希锋")


def test_office_records_and_corrects_a_document_and_a_campaign(page: Page) -> None:
    sign_in(page, "office")
    go(page, "会议与文件")
    record(
        page,
        "登记文件",
        "登记上级文件",
        {
            "文件标题": "住宅小区消防安全综合治理方案",
            "发文单位": "辽宁省消防救援总队",
            "层级": "省级",
            "文件要求（编号事项）": "3月底前完成整治 | 2024-03-31",
        },
    )
    expect(
        main(page).get_by_role("heading", name="《住宅小区消防安全综合治理方案》")
    ).to_be_visible()
    correct(page, "文号", "辽消〔2024〕12号", "补录文号")
    expect(main(page)).to_contain_text("辽消〔2024〕12号")

    go(page, "专项行动")
    record(
        page,
        "新建专项行动",
        "新建专项行动",
        {
            "名称": "住宅小区综合治理",
            "开始日期": "2024-03-01",
            "结束日期": "2024-03-31",
            "阶段": "自查自改 | 2024-03-01 | 2024-03-10 | 大排查\n集中整治 | 2024-03-11 | 2024-03-31",
        },
    )
    expect(page).to_have_url(re.compile(r"/campaigns/\d+/$"))
    expect(main(page).locator("#xa-phases")).to_contain_text("自查自改：3月1日—3月10日（大排查）")
    correct(page, "实施方案", "住宅小区消防安全综合治理实施方案", "补录实施方案名称")
    expect(main(page)).to_contain_text("《住宅小区消防安全综合治理实施方案》")
    campaign_url = page.url

    # a phase is corrected from the campaign's page; a date that would overlap is refused
    main(page).get_by_role("link", name="修改阶段“自查自改”").click()
    main(page).get_by_label("结束日期", exact=True).fill("2024-03-12")
    main(page).get_by_label("修改原因").fill("按方案更正")
    main(page).get_by_role("button", name="保存修改").click()
    expect(main(page).get_by_role("alert")).to_contain_text("结束日期：与第2阶段“集中整治”")
    main(page).get_by_label("结束日期", exact=True).fill("2024-03-09")
    main(page).get_by_role("button", name="保存修改").click()
    expect(page).to_have_url(campaign_url)
    expect(main(page).locator("#xa-phases")).to_contain_text("自查自改：3月1日—3月9日")
