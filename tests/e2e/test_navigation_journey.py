"""The top bar by workflow: one line on a desktop, folded on a phone, usable by keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_journeys import PHONE, go, main, menu, no_horizontal_overflow, path_is, sign_in

pytestmark = pytest.mark.e2e

GROUPS = ["督办", "除患", "12345 诉求", "值班应急", "通报", "看板", "系统"]


def bar_height(page: Page) -> float:
    box = page.locator(".xa-navbar").bounding_box()
    assert box is not None
    return box["height"]


@pytest.mark.parametrize("width", [1024, 1440])
def test_office_bar_is_one_line_with_every_group(
    new_context: Callable[..., BrowserContext], width: int
) -> None:
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, "office")
    expect(page).to_have_url(path_is("/"))
    bar = menu(page)
    for label in GROUPS:
        expect(bar.get_by_text(label, exact=True).first).to_be_visible()
    assert bar_height(page) <= 64, f"the bar is {bar_height(page)} px high at {width} px"
    no_horizontal_overflow(page)

    # A group opens on click and lists its entries; the entry leads to its page.
    go(page, "通报识别")
    expect(page).to_have_url(path_is("/reader/"))
    assert bar_height(page) <= 64


def test_a_group_opens_and_is_used_by_keyboard(page: Page) -> None:
    sign_in(page, "office")
    toggle = menu(page).get_by_role("button", name="除患")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    hazards = menu(page).get_by_role("link", name="隐患", exact=True)
    expect(hazards).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(hazards).to_be_visible()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(hazards).to_be_hidden()

    # Open again, arrow down to the first entry, follow it with Enter.
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    expect(hazards).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(path_is("/hazards/"))
    # The current page's group and entry are marked.
    expect(menu(page).get_by_role("button", name="除患")).to_have_class(
        "nav-link dropdown-toggle d-none d-lg-block active"
    )
    expect(menu(page).locator('[aria-current="page"]')).to_have_text("隐患")


def test_grid_worker_phone_menu_is_folded_and_short(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(**PHONE).new_page()
    sign_in(page, "grid")
    expect(page).to_have_url(path_is("/"))

    # Home offers the day's two actions as big buttons.
    actions = page.get_by_role("navigation", name="常用操作")
    expect(actions.get_by_role("link")).to_have_text(["开始检查", "我的隐患"])

    # The menu is folded away; opened, it lists only the grid worker's work.
    toggler = page.get_by_role("button", name="展开菜单")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    links = page.locator("#xa-nav-groups").get_by_role("link")
    expect(links.first).to_be_hidden()
    toggler.tap()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    # (Bootstrap ignores the toggler while the menu is still unfolding)
    expect(page.locator("#xa-nav")).to_have_class("navbar-collapse collapse show")
    expect(links).to_have_text(["督办任务", "隐患", "检查", "场所", "覆盖率", "12345 工单"])
    for absent in ("通报", "用户", "区域", "看板"):
        expect(menu(page).get_by_role("link", name=absent, exact=True)).to_have_count(0)
    no_horizontal_overflow(page)

    # 我的隐患: the open hazards of the grid.
    toggler.tap()
    expect(links.first).to_be_hidden()
    actions.get_by_role("link", name="我的隐患").tap()
    expect(page).to_have_url(path_is("/hazards/?state=open"))
    expect(main(page).get_by_role("heading").first).to_be_visible()


def test_leader_sees_dashboard_briefings_and_instructions(page: Page) -> None:
    sign_in(page, "leader")
    groups = page.locator("#xa-nav-groups > li")
    expect(groups).to_have_count(4)
    # a group of one entry is that entry's link on the bar
    expect(groups).to_have_text(["督办", "紧急信息", "通报", "看板"], use_inner_text=True)
