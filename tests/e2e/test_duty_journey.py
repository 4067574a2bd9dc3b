"""The one-hour reporting clock in the browser: a brigade records a fire at a
kindergarten, watches the clock count down, sends the first report, and sees it
judged on time. Runs on the real clock (no pinned day), against the live server."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import go, main, sign_in
from xiaoan.core import clock
from xiaoan.duty.models import Incident

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def real_clock(settings: Any) -> None:
    settings.XIAOAN_TODAY = None


def test_record_a_kindergarten_fire_watch_the_clock_and_report_on_time(
    page: Page, traffic: Any
) -> None:
    sign_in(page, "xinglongtai")
    go(page, "紧急信息")
    main(page).get_by_role("link", name="登记警情").click()

    alarm = (clock.now() - dt.timedelta(minutes=10)).astimezone(clock.LOCAL_TZ)
    page.get_by_label("接警时间").fill(f"{alarm:%Y-%m-%dT%H:%M}")
    page.get_by_label("类型").select_option(label="火灾")
    page.get_by_label("所属区域").select_option(label="兴隆台区")
    page.get_by_label("地址").fill("兴隆台区惠宾街道惠宾路 12 号")
    page.get_by_label("场所名称").fill("惠宾幼儿园")
    page.get_by_label("敏感群体场所").select_option(label="幼儿园")
    page.get_by_label("情况描述").fill("厨房油锅起火，师生已疏散。")
    page.get_by_role("button", name="登记").click()

    expect(main(page).get_by_role("alert").first).to_contain_text("此警情须紧急报送")
    expect(page.locator("#xa-report-state")).to_have_text("计时中")
    clock_text = page.locator("#xa-report-clock [data-clock-text]")
    # the page's script takes over from the server's text and counts seconds
    expect(clock_text).to_have_text(re.compile(r"^还剩 (49|50) 分 \d\d 秒$"))
    first = clock_text.inner_text()
    expect(clock_text).not_to_have_text(first, timeout=3000)

    incident = Incident.objects.get(place_name="惠宾幼儿园")
    due = incident.report_deadline.astimezone(clock.LOCAL_TZ)
    expect(page.locator("#xa-report-clock")).to_contain_text(f"{due:%Y-%m-%d %H:%M}")

    form = page.locator("#xa-report-form")
    expect(form.get_by_label("报送类别")).to_have_value("first")
    form.get_by_label("报送方式").select_option(label="电话")
    form.get_by_label("报送内容").fill("惠宾幼儿园厨房起火，明火已扑灭，无人员伤亡。")
    form.get_by_role("button", name="报送").click()

    expect(main(page).get_by_role("alert").first).to_have_text("首报已记录，按时报送。")
    expect(page.locator("#xa-report-state")).to_have_text("按时报送")
    expect(page.locator("#xa-reports")).to_contain_text("首报")
    expect(page.locator("#xa-report-clock")).to_contain_text("按时报送（提前")
    # the next report offered is a follow-up or the final one
    expect(page.locator("#xa-report-form").get_by_label("报送类别")).to_have_value("follow_up")

    # and the list shows it as reported on time
    go(page, "紧急信息")
    row = page.locator("#xa-incidents tr", has_text="惠宾幼儿园")
    expect(row).to_contain_text("按时报送")
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.page_errors, traffic.page_errors


def test_on_a_phone_the_office_sees_the_missing_dispatch_and_edits_the_roster(
    new_context: Any, settings: Any, traffic: Any
) -> None:
    """The demo day, 4 March 2024: four units have not sent their status yet; the
    roster is edited in place."""
    from tests.e2e.test_journeys import PHONE, no_horizontal_overflow

    settings.XIAOAN_TODAY = "2024-03-04"
    page = new_context(**PHONE).new_page()
    sign_in(page, "office")
    page.goto("/dispatches/")
    main(page).get_by_role("link", name="全国两会期间安全稳定").tap()
    page.get_by_label("日期").select_option(label="3月4日")
    page.get_by_role("button", name="查看").tap()
    expect(page.locator("#xa-missing")).to_contain_text("盘山县消防救援大队")
    expect(page.locator("#xa-missing")).to_contain_text("盘锦市教育局")
    expect(page.locator("#xa-missing-count")).to_have_text("4")
    no_horizontal_overflow(page)

    page.goto("/duty/?month=2024-03")
    day = page.locator("#xa-day-2024-03-06")
    day.get_by_role("button", name="＋ 排班").tap()
    day = page.locator("#xa-day-2024-03-06")
    day.get_by_role("combobox").select_option(label="带班领导")
    day.get_by_placeholder("姓名").fill("曹希锋")
    day.get_by_role("button", name="添加").tap()
    expect(page.locator("#xa-day-2024-03-06")).to_contain_text("带班领导：曹希锋")
    no_horizontal_overflow(page)
    assert not traffic.console_errors, traffic.console_errors
