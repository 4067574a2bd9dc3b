"""A brigade member switches off the daily digest from the user menu, on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, sign_in
from xiaoan.reminders.models import ReminderPreference

pytestmark = pytest.mark.e2e


def test_switch_off_the_daily_digest(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(**PHONE).new_page()
    sign_in(page, "xinglongtai")
    page.get_by_role("button", name="展开菜单").click()
    page.locator("#xa-user-menu").click()
    page.get_by_role("link", name="提醒设置").click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text("提醒设置")
    digest = page.get_by_label("每日汇总")
    expect(digest).to_be_checked()
    digest.uncheck()
    page.get_by_role("button", name="保存").click()
    expect(main(page)).to_contain_text("提醒设置已保存。")
    expect(page.get_by_label("每日汇总")).not_to_be_checked()
    expect(page.get_by_label("任务临期、逾期提醒")).to_be_checked()
    no_horizontal_overflow(page)
    pref = ReminderPreference.objects.get(user__username="xinglongtai")
    assert (pref.digest, pref.tasks) == (False, True)
