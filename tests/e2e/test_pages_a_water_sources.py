"""消防水源台账 on a phone: the detachment office registers a hydrant standing in
front of it, finds it again by type and status, and a brigade sees its own
district's hydrants only. The register has no detail page: the list is the record.
The clock is pinned to 4 March 2024 (`pinned_day`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import PHONE_375, open_menu
from tests.e2e.test_journeys import main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Area
from xiaoan.places.models import WaterSource

pytestmark = pytest.mark.e2e

NUMBER = "PJ-XHS-2024-017"
LOCATION = "兴隆台区惠宾街惠宾苑南门东侧"


def rows(page: Page) -> Locator:
    return page.locator("#xa-water-sources tbody tr")


def register_form(page: Page) -> Locator:
    return main(page).locator("section.card", has_text="登记消防水源")


def test_office_registers_a_hydrant_on_a_phone_and_finds_it(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "office")
    open_menu(page, "消防水源")
    expect(page).to_have_url(path_is("/water-sources/"))
    expect(page.get_by_role("heading", name="消防水源台账")).to_be_visible()
    no_horizontal_overflow(page)
    before = rows(page).count()

    # In service without a commissioning date: refused, named, nothing saved.
    form = register_form(page)
    form.get_by_label("类型").select_option(label="市政消火栓")
    form.get_by_label("编号").fill(NUMBER)
    form.get_by_label("位置").fill(LOCATION)
    form.get_by_label("区域").select_option(label="惠宾社区")
    form.get_by_label("状态").select_option(label="在用")
    form.get_by_role("button", name="登记").tap()
    expect(register_form(page).get_by_text("在用的消防水源必须填写投用日期。")).to_be_visible()
    assert not WaterSource.objects.filter(number=NUMBER).exists()

    form = register_form(page)
    expect(form.get_by_label("编号")).to_have_value(NUMBER)
    form.get_by_label("投用日期").fill("2024-03-02")
    no_horizontal_overflow(page)
    form.get_by_role("button", name="登记").tap()
    expect(page).to_have_url(path_is("/water-sources/"))
    expect(main(page).get_by_role("alert")).to_contain_text("已登记")
    row = rows(page).filter(has_text=NUMBER)
    expect(row.locator("td")).to_have_text(
        ["市政消火栓", NUMBER, LOCATION, "惠宾社区", "在用", "2024-03-02", "修改"]
    )
    expect(rows(page)).to_have_count(before + 1)

    # The same number again is refused.
    form = register_form(page)
    form.get_by_label("类型").select_option(label="市政消火栓")
    form.get_by_label("编号").fill(NUMBER)
    form.get_by_label("位置").fill("别处")
    form.get_by_label("区域").select_option(label="惠宾社区")
    form.get_by_label("状态").select_option(label="规划")
    form.get_by_role("button", name="登记").tap()
    expect(register_form(page).locator(".text-danger, .alert-danger").first).to_be_visible()
    assert WaterSource.objects.filter(number=NUMBER).count() == 1

    # Filtered: this year's hydrants in service include it; the planned ones do not.
    page.get_by_role("search").get_by_label("类型").select_option(label="市政消火栓")
    page.get_by_role("search").get_by_label("状态").select_option(label="在用")
    page.get_by_role("search").get_by_label("投用年度").fill("2024")
    page.get_by_role("button", name="筛选").tap()
    expect(page).to_have_url(
        path_is("/water-sources/?kind=hydrant&status=in_service&commissioned_year=2024")
    )
    expect(rows(page).filter(has_text=NUMBER)).to_have_count(1)
    for text in rows(page).locator("td:nth-child(5)").all_inner_texts():
        assert text == "在用"
    page.get_by_role("search").get_by_label("状态").select_option(label="规划")
    page.get_by_role("button", name="筛选").tap()
    expect(rows(page).filter(has_text=NUMBER)).to_have_count(0)
    no_horizontal_overflow(page)


def test_brigades_see_their_own_hydrants_and_cannot_register(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    page.goto("/water-sources/")
    table = page.locator("#xa-water-sources")
    expect(table).to_contain_text("PJ-XHS-2024-001")
    expect(table).not_to_contain_text("PJ-XHS-2024-003")  # 双台子区's
    expect(page.get_by_role("button", name="登记")).to_have_count(0)
    no_horizontal_overflow(page)

    # A crafted registration is refused; nothing is saved.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    page.request.post(
        "/water-sources/",
        form={
            "csrfmiddlewaretoken": token or "",
            "kind": "hydrant",
            "number": "PJ-XHS-2024-099",
            "location": "某处",
            "area": str(Area.objects.get(name="惠宾社区").pk),
            "status": "planned",
        },
        headers={"Referer": page.url},
    )
    assert not WaterSource.objects.filter(number="PJ-XHS-2024-099").exists()

    other = new_context(**PHONE_375).new_page()
    sign_in(other, "shuangtaizi")
    other.goto("/water-sources/")
    expect(other.locator("#xa-water-sources")).to_contain_text("PJ-XHS-2024-003")
    expect(other.locator("#xa-water-sources")).not_to_contain_text("PJ-XHS-2024-001")
