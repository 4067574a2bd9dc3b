"""The city's administrator adds an urgent-report rule and a reminder point, and
switches the point off again, on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, sign_in
from xiaoan.duty.models import ReminderPoint, UrgentReportRule

pytestmark = pytest.mark.e2e


def test_add_a_rule_and_a_reminder_point(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(**PHONE).new_page()
    sign_in(page, "admin")
    page.goto("/incidents/")
    main(page).get_by_role("link", name="报送规则").click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text("紧急信息报送规则")

    new_rule = page.locator("#xa-new-rule")
    new_rule.get_by_label("条件").select_option(label="被困人数达到")
    new_rule.get_by_label("名称（可不填）").fill("被困 1 人以上")
    new_rule.get_by_label("人数阈值").fill("1")
    new_rule.get_by_label("时限（分钟）").fill("30")
    new_rule.get_by_role("button", name="添加规则").click()
    expect(main(page)).to_contain_text("已添加规则“被困 1 人以上”")
    expect(page.locator("#xa-rules input[value='被困 1 人以上']")).to_have_count(1)
    no_horizontal_overflow(page)

    page.get_by_label("接警后分钟数").fill("20")
    page.get_by_role("button", name="添加提醒时点").click()
    points = page.locator("#xa-reminder-points")
    expect(points).to_contain_text("接警后 20 分钟")
    points.get_by_role("listitem").filter(has_text="接警后 20 分钟").get_by_role(
        "button", name="停用"
    ).click()
    expect(
        page.locator("#xa-reminder-points")
        .get_by_role("listitem")
        .filter(has_text="接警后 20 分钟")
    ).to_contain_text("已停用")

    rule = UrgentReportRule.objects.get(name="被困 1 人以上")
    assert (rule.kind, rule.threshold, rule.deadline_minutes, rule.area) == ("trapped", 1, 30, None)
    assert ReminderPoint.objects.get(minutes_after_alarm=20).active is False
