"""Account security in the browser: a brigade member issues an API token,
uses it and revokes it; an administrator lifts a sign-in lock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_journeys import main, sign_in
from xiaoan.core.models import ApiToken

pytestmark = pytest.mark.e2e


def warm_up(page: Page) -> None:
    """The live server's first page can be slow on a busy machine."""
    page.goto("/login/", timeout=60_000)


def open_user_menu_item(page: Page, name: str) -> None:
    page.locator("#xa-user-menu").click()
    page.get_by_role("link", name=name).click()


def test_issue_use_and_revoke_a_token(page: Page) -> None:
    warm_up(page)
    sign_in(page, "xinglongtai")
    open_user_menu_item(page, "API 令牌")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("API 令牌")
    expect(page.get_by_label("有效期（天）")).to_have_value("90")
    page.get_by_label("名称（用途）").fill("数据对接脚本")
    page.get_by_label("有效期（天）").fill("30")
    page.get_by_role("button", name="签发令牌").click()
    expect(main(page)).to_contain_text("只显示这一次")
    raw = page.locator("#xa-raw-token").inner_text().strip()
    assert raw.startswith("xa_")
    row = page.locator("#xa-tokens tbody tr", has_text="数据对接脚本")
    expect(row).to_contain_text("有效")
    expect(row).to_contain_text("从未使用")

    headers = {"Authorization": f"Bearer {raw}"}
    answer = page.request.get("/api/me", headers=headers)
    assert answer.status == 200 and answer.json()["username"] == "xinglongtai"

    # the secret is not shown again; the last use is
    page.goto("/tokens/")
    expect(page.locator("#xa-raw-token")).to_have_count(0)
    expect(row).not_to_contain_text("从未使用")
    row.get_by_role("button", name="吊销").click()
    expect(main(page)).to_contain_text("已吊销令牌“数据对接脚本”")
    expect(page.locator("#xa-tokens tbody tr", has_text="数据对接脚本")).to_contain_text("已吊销")
    refused = page.request.get("/api/me", headers=headers)
    assert refused.status == 401
    assert refused.json()["error"]["message"].startswith("令牌已吊销")
    assert ApiToken.objects.get(name="数据对接脚本").revoked_at is not None


def test_an_administrator_lifts_a_lock(new_context: Callable[..., BrowserContext]) -> None:
    locked = new_context().new_page()
    warm_up(locked)
    for _ in range(5):
        sign_in(locked, "dawa", "not-the-password")
    expect(locked.get_by_role("alert")).to_contain_text("登录失败次数过多，请于")
    sign_in(locked, "dawa")  # the right password is refused while locked
    expect(locked.get_by_role("alert")).to_contain_text("登录失败次数过多")

    admin = new_context().new_page()
    sign_in(admin, "admin")
    open_user_menu_item(admin, "登录锁定")
    row = admin.locator("#xa-locked-users tbody tr", has_text="dawa")
    expect(row).to_contain_text("127.0.0.1")
    row.get_by_role("button", name="解除锁定").click()
    expect(main(admin)).to_contain_text("已解除用户“dawa”的登录锁定")
    expect(admin.locator("#xa-locked-users")).to_contain_text("当前没有被锁定的用户名")

    sign_in(locked, "dawa")
    expect(main(locked)).to_contain_text("大洼大队")
