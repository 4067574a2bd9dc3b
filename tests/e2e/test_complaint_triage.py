"""Browser journey on a phone: an order whose address could not be placed waits in
the 待定位 queue; the office places it and corrects its classification."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from xiaoan.areas.models import User
from xiaoan.complaints.importers import import_complaints

from ..complaints.conftest import good_row, xlsx_bytes
from .test_journeys import PHONE, main, no_horizontal_overflow, path_is, sign_in

pytestmark = pytest.mark.e2e


def test_place_and_classify_an_order_on_a_phone(
    demo: None, new_context: Callable[..., BrowserContext]
) -> None:
    office = User.objects.select_related("area").get(username="office")
    rows = [good_row("E1", 事发地址="中兴路123号", 工单标题="路灯", 诉求内容="路口路灯不亮。")]
    import_complaints(xlsx_bytes(rows), acting_user=office)

    page = new_context(**PHONE).new_page()
    sign_in(page, "office")
    page.goto("/complaints/unplaced/")
    queue = page.locator("#xa-placing-queue")
    expect(queue).to_contain_text("中兴路123号")
    no_horizontal_overflow(page)
    queue.get_by_label("区域").select_option(label="　　　惠宾社区")
    queue.get_by_role("button", name="定位").click()
    expect(page).to_have_url(path_is("/complaints/unplaced/"))
    expect(main(page)).to_contain_text("已定位到 惠宾社区")
    expect(page.locator("#xa-placing-queue")).to_contain_text("没有待定位的工单")

    page.goto("/complaints/")
    # the demo's 12345 history fills the first pages: search for the order
    main(page).get_by_label("关键词").fill("E1")
    main(page).get_by_role("button", name="筛选").click()
    page.get_by_role("link", name="E1").click()
    expect(page.locator("#xa-placing")).to_contain_text("惠宾社区")
    expect(page.locator("#xa-classification")).to_contain_text("不涉及消防安全")
    no_horizontal_overflow(page)
    page.get_by_label("涉及消防安全", exact=True).select_option("1")
    page.get_by_label("隐患类别").select_option(label="消防设施缺失或损坏")
    page.get_by_role("button", name="保存人工分类").click()
    expect(page.locator("#xa-classification")).to_contain_text("消防设施缺失或损坏")
    expect(page.locator("#history")).to_contain_text("人工分类")
