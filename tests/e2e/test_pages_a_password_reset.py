"""重置密码: the security administrator (who manages accounts under 三员分立)
sets a temporary password; its owner must choose a new one at first sign-in
before anything else opens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_journeys import main, path_is, sign_in
from xiaoan.areas.models import User

pytestmark = pytest.mark.e2e

TEMPORARY = "Linshi#2024pj"
CHOSEN = "Dawa!Xin2024"


def fill_twice(page: Page, first: str, second: str, labels: tuple[str, str]) -> None:
    page.get_by_label(labels[0], exact=True).fill(first)
    page.get_by_label(labels[1], exact=True).fill(second)


def test_a_temporary_password_must_be_changed_at_first_sign_in(
    new_context: Callable[..., BrowserContext],
) -> None:
    person = User.objects.get(username="dawa")
    admin = new_context(viewport={"width": 1280, "height": 800}).new_page()
    warm_up(admin)
    sign_in(admin, "secadmin")
    admin.goto(f"/users/{person.pk}/")
    main(admin).get_by_role("link", name="重置密码").click()
    expect(admin).to_have_url(path_is(f"/users/{person.pk}/password/"))
    expect(admin.get_by_role("heading", name="重置密码：大洼大队")).to_be_visible()
    labels = ("临时密码", "再次输入临时密码")

    # Two different entries, then a weak one: refused, in words.
    fill_twice(admin, TEMPORARY, TEMPORARY + "x", labels)
    admin.get_by_role("button", name="重置密码").click()
    expect(main(admin)).to_contain_text("两次输入的新密码不一致。")
    fill_twice(admin, "abcdefgh", "abcdefgh", labels)
    admin.get_by_role("button", name="重置密码").click()
    expect(main(admin)).to_contain_text("密码须包含大写字母、小写字母、数字、符号中的至少 3 类")
    person.refresh_from_db()
    assert not person.must_change_password

    fill_twice(admin, TEMPORARY, TEMPORARY, labels)
    admin.get_by_role("button", name="重置密码").click()
    expect(admin).to_have_url(path_is(f"/users/{person.pk}/"))
    expect(main(admin).get_by_role("alert")).to_contain_text(
        "已重置“大洼大队”的密码，其下次登录时须修改密码。"
    )

    # The owner: the old password no longer works; the temporary one leads to 修改密码.
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, "dawa")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    sign_in(page, "dawa", TEMPORARY)
    expect(page).to_have_url(path_is("/password/"))
    expect(main(page)).to_contain_text("首次登录或密码已被重置：请先设置自己的新密码。")
    # nothing else opens until it is changed
    page.goto("/tasks/")
    expect(page).to_have_url(path_is("/password/"))
    expect(main(page).get_by_role("alert").first).to_contain_text("请先修改密码再继续使用。")

    page.get_by_label("当前密码").fill(TEMPORARY)
    fill_twice(page, TEMPORARY, TEMPORARY, ("新密码", "再次输入新密码"))
    page.get_by_role("button", name="保存新密码").click()
    expect(page).to_have_url(path_is("/password/"))
    expect(main(page).locator(".invalid-feedback, .alert-danger").first).to_be_visible()

    page.get_by_label("当前密码").fill(TEMPORARY)
    fill_twice(page, CHOSEN, CHOSEN, ("新密码", "再次输入新密码"))
    page.get_by_role("button", name="保存新密码").click()
    expect(page).to_have_url(path_is("/password/done/"))
    expect(main(page)).to_contain_text("密码已修改。")
    page.goto("/")
    expect(page.get_by_role("heading", name="大洼大队，您好")).to_be_visible()
    person.refresh_from_db()
    assert not person.must_change_password

    # Next time, the chosen password is the one.
    page.locator("#xa-user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    sign_in(page, "dawa", CHOSEN)
    expect(page).to_have_url(path_is("/"))


def test_only_the_account_manager_may_reset_a_password(
    new_context: Callable[..., BrowserContext],
) -> None:
    person = User.objects.get(username="dawa")
    for username in ("admin", "xinglongtai"):
        page = new_context(viewport={"width": 1280, "height": 800}).new_page()
        warm_up(page)
        sign_in(page, username)
        response = page.goto(f"/users/{person.pk}/password/")
        assert response is not None and response.status == 404, username
        expect(page.get_by_role("heading", name="记录不存在或无权访问")).to_be_visible()
    person.refresh_from_db()
    assert not person.must_change_password
