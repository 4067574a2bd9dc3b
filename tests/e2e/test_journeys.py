"""What people do in the browser: sign in, look around their own area, edit a unit.

Each journey runs against the live server with the demo city loaded, in
Debian's Chromium; assertions are on what a user sees on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from xiaoan.areas.models import Organisation
from xiaoan.demo.city import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def path_is(path: str) -> re.Pattern[str]:
    """Matches a page URL by its path (and query), whatever the live server's port."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"$")


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fills in the sign-in form and waits for the page that answers it (the
    previous attempt's message may still be on screen until then)."""
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def menu(page: Page) -> Any:
    return page.get_by_role("navigation", name="主导航")


def go(page: Page, label: str) -> None:
    """Opens a menu entry as a person does at a desktop: the entry's group first, then it
    (a group of one entry is a plain link on the bar)."""
    nav = menu(page)
    link = nav.get_by_role("link", name=label, exact=True)
    group = nav.locator("li.dropdown").filter(
        has=page.get_by_role("link", name=label, exact=True, include_hidden=True)
    )
    if group.count():
        group.locator(".dropdown-toggle").click()
    link.click()


def main(page: Page) -> Any:
    return page.locator("main")


def test_brigade_sees_only_its_district_and_signs_out(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(path_is("/login/?next=/"))
    sign_in(page, "xinglongtai")

    # Home: who I am, my duties, my district.
    expect(page).to_have_url(path_is("/"))
    expect(page.get_by_role("heading", name="兴隆台大队，您好")).to_be_visible()
    expect(main(page)).to_contain_text("辖区：兴隆台区")
    duties = page.locator("#xa-duties")
    expect(duties).to_contain_text("消防大队")
    expect(duties).to_contain_text("检查辖区场所，登记隐患")

    # 区域: my district and its townships, none of the neighbours.
    go(page, "区域")
    expect(page).to_have_url(path_is("/areas/"))
    areas = page.locator("#xa-area-table")
    for name in ("兴隆台区", "兴隆街道", "振兴街道", "渤海街道", "惠宾社区"):
        expect(areas.get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in ("双台子区", "大洼区", "盘山县", "胜利街道"):
        expect(main(page)).not_to_contain_text(name)

    # 单位: my brigade, not the neighbouring one.
    go(page, "单位")
    expect(page).to_have_url(path_is("/organisations/"))
    units = page.locator("#xa-organisation-table")
    expect(units.get_by_role("link", name="兴隆台区消防救援大队")).to_be_visible()
    expect(main(page)).not_to_contain_text("双台子区消防救援大队")

    # A neighbour's unit, typed into the address bar: it does not exist for me.
    neighbour = Organisation.objects.get(name="双台子区消防救援大队")
    response = page.goto(f"/organisations/{neighbour.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="记录不存在或无权访问")).to_be_visible()
    expect(main(page)).not_to_contain_text("双台子区消防救援大队")

    # Sign out from the user menu: back on the sign-in page, and signed out for good.
    page.locator("#xa-user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(path_is("/login/"))
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.locator("#xa-user-menu")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(path_is("/login/?next=/"))
    expect(page.get_by_label("用户名")).to_be_visible()


def test_wrong_passwords_lock_the_account(page: Page) -> None:
    alert = page.get_by_role("alert")

    sign_in(page, "dawa", "not-the-password")
    expect(alert).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(path_is("/login/"))

    for _ in range(3):
        sign_in(page, "dawa", "still-wrong")
        expect(alert).to_contain_text("用户名或密码错误")

    sign_in(page, "dawa", "fifth-wrong-one")
    expect(alert).to_contain_text(re.compile(r"登录失败次数过多，请于 \d\d:\d\d 后再试"))

    # Now even the right password is refused (from this address).
    sign_in(page, "dawa")
    expect(alert).to_contain_text("登录失败次数过多")
    expect(page).to_have_url(path_is("/login/"))
    page.goto("/")
    expect(page).to_have_url(path_is("/login/?next=/"))

    # The lock is per account and address: another user still gets in.
    sign_in(page, "panshan")
    expect(page).to_have_url(path_is("/"))
    expect(main(page)).to_contain_text("辖区：盘山县")


def no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, f"page is {widths[0]}px wide in a {widths[1]}px window"


def test_phone_menu_and_tables(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(**PHONE).new_page()
    sign_in(page, "office")
    expect(page).to_have_url(path_is("/"))
    no_horizontal_overflow(page)

    # The menu is folded away behind the toggler.
    toggler = page.get_by_role("button", name="展开菜单")
    areas_link = menu(page).get_by_role("link", name="区域", exact=True)
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(areas_link).to_be_hidden()

    toggler.tap()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(areas_link).to_be_visible()
    areas_link.tap()

    # The area list (the whole city for the office) fits the phone's width.
    expect(page).to_have_url(path_is("/areas/"))
    expect(page.get_by_role("heading", name="区域")).to_be_visible()
    table = page.locator("#xa-area-table")
    expect(table.get_by_role("link", name="盘锦市", exact=True)).to_be_visible()
    expect(areas_link).to_be_hidden()
    no_horizontal_overflow(page)
    first_cell = table.locator("tbody tr").first.locator("td").first
    box = first_cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    font_px = float(first_cell.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert font_px >= 12, f"table text is {font_px}px"

    # The same for the units list, opened through the menu again.
    toggler.tap()
    menu(page).get_by_role("link", name="单位", exact=True).tap()
    expect(page).to_have_url(path_is("/organisations/"))
    expect(page.locator("#xa-organisation-table")).to_contain_text("盘锦市消防救援支队")
    no_horizontal_overflow(page)


def test_stale_edit_in_a_second_tab_is_refused(context: BrowserContext) -> None:
    unit = "盘锦惠宾物业服务有限公司"
    tab1 = context.new_page()
    sign_in(tab1, "office")
    expect(tab1).to_have_url(path_is("/"))

    # 单位 → the unit → 编辑
    go(tab1, "单位")
    tab1.locator("#xa-organisation-table").get_by_role("link", name=unit).click()
    expect(tab1.get_by_role("heading", name=unit)).to_be_visible()
    detail_url = tab1.url
    tab1.get_by_role("link", name="编辑").click()
    expect(tab1.get_by_role("heading", name=f"编辑单位：{unit}")).to_be_visible()

    # The same edit page in a second tab, opened before the first one saves.
    tab2 = context.new_page()
    tab2.goto(tab1.url)
    expect(tab2.get_by_role("heading", name=f"编辑单位：{unit}")).to_be_visible()

    tab1.get_by_label("联系电话").fill("0427-2812119")
    tab1.get_by_role("button", name="保存").click()
    expect(tab1).to_have_url(detail_url)
    expect(tab1.get_by_role("alert")).to_contain_text(f"已保存单位“{unit}”")
    expect(main(tab1)).to_contain_text("0427-2812119")

    tab2.get_by_label("联系电话").fill("0427-0000000")
    tab2.get_by_label("地址").fill("兴隆台区惠宾街道 1 号")
    tab2.get_by_role("button", name="保存").click()
    error = tab2.locator("#xa-form-error")
    expect(error).to_contain_text("已被他人修改")
    expect(tab2.get_by_role("heading", name=f"编辑单位：{unit}")).to_be_visible()

    # The unit keeps the first change, and its history says who made it.
    tab2.goto(detail_url)
    details = tab2.locator("dl")
    expect(details).to_contain_text("0427-2812119")
    expect(details).not_to_contain_text("0427-0000000")
    expect(details).not_to_contain_text("惠宾街道 1 号")
    history = tab2.locator("#history")
    expect(history.get_by_text("变更记录")).to_be_visible()
    edit = history.locator("li").filter(has_text="修改")
    expect(edit).to_have_count(1)
    expect(history.locator("li")).to_have_count(2)  # created, then the one edit
    expect(edit).to_contain_text("支队办公室")
    expect(edit.locator(".xa-change")).to_have_text(re.compile(r"联系电话：.*0427-2812119"))


def test_assets_are_served_from_this_server(page: Page, traffic: Any) -> None:
    sign_in(page, "xinglongtai")
    expect(page).to_have_url(path_is("/"))

    # The page asked this server for Bootstrap, htmx and the app's styles, and got them.
    origin = page.url.rstrip("/")
    for path in (
        "/static/vendor/bootstrap-5.3.9/bootstrap.min.css",
        "/static/vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
        "/static/vendor/htmx-2.0.11/htmx.min.js",
        "/static/xiaoan/app.css",
    ):
        assert traffic.statuses.get(origin + path) == 200, (path, traffic.statuses)

    # The scripts ran and the styles apply.
    assert page.evaluate("() => typeof window.bootstrap") == "object"
    assert page.evaluate("() => typeof window.htmx") == "object"
    navbar_colour = page.locator(".xa-navbar").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert navbar_colour == "rgb(180, 35, 42)"

    # A dropdown of Bootstrap's opens.
    page.locator("#xa-user-menu").click()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()

    # Nothing was refused by the Content-Security-Policy, nothing failed in a script.
    assert traffic.page_errors == []
    assert traffic.console_errors == []
    external = traffic.external()
    assert external == [], external
