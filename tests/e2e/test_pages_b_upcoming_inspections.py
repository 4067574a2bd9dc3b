"""Upcoming inspections by higher levels (迎检) in the browser: the office records a
provincial inspection, gives a brigade a preparation item (a task), and finds the
inspection in the schedule, by its dates and by a keyword."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import go, main, path_is, sign_in
from xiaoan.areas.models import Area, Organisation
from xiaoan.directives.models import Task
from xiaoan.duty.models import UpcomingInspection

pytestmark = pytest.mark.e2e

TITLE = "省消防救援总队冬春火灾防控督导检查"
ITEM = "备齐高层住宅消防设施检查台账（迎检）"


def test_office_records_an_inspection_and_hands_out_its_preparation(
    new_context: Callable[..., BrowserContext],
) -> None:
    city = Area.objects.get(parent=None)
    brigade = Organisation.objects.get(name="兴隆台区消防救援大队")

    page = new_context(**DESKTOP).new_page()
    sign_in(page, "office")
    go(page, "迎检")
    expect(page).to_have_url(path_is("/upcoming-inspections/"))
    expect(page.locator("#xa-inspections")).to_contain_text("省安委会全国“两会”期间安全生产督导")
    main(page).get_by_role("link", name="登记迎检").click()

    page.get_by_label("名称").fill(TITLE)
    page.get_by_label("检查组/来访单位").fill("辽宁省消防救援总队督导组")
    page.get_by_label("开始日期").fill("2024-03-14")
    page.get_by_label("结束日期").fill("2024-03-12")
    page.get_by_label("地点/范围").fill("兴隆台区、大洼区高层住宅")
    page.get_by_label("检查重点").fill("高层住宅消防设施完好；电动自行车停放充电。")
    page.get_by_label("所属区域").select_option(str(city.pk))
    page.get_by_role("button", name="保存").click()
    # the end before the start is refused, nothing typed is lost
    expect(main(page)).to_contain_text("结束日期早于开始日期。")
    expect(page.get_by_label("名称")).to_have_value(TITLE)
    page.get_by_label("结束日期").fill("2024-03-15")
    page.get_by_role("button", name="保存").click()

    inspection = UpcomingInspection.objects.get(title=TITLE)
    expect(page).to_have_url(path_is(f"/upcoming-inspections/{inspection.pk}/"))
    expect(main(page).get_by_role("heading", level=1)).to_have_text(TITLE)
    facts = main(page).locator("dl")
    expect(facts).to_contain_text("辽宁省消防救援总队督导组")
    expect(facts).to_contain_text("2024年3月14日起至3月15日")
    expect(facts).to_contain_text("兴隆台区、大洼区高层住宅")
    expect(page.locator("#xa-checklist")).to_contain_text("尚无准备事项")

    # a preparation item for the brigade, due the day before the visit
    form = page.locator("#xa-checklist-form")
    expect(form.get_by_label("完成期限")).to_have_value("2024-03-14")
    form.get_by_label("准备事项").fill(ITEM)
    form.get_by_label("责任单位").select_option(str(brigade.pk))
    form.get_by_label("完成期限").fill("2024-03-13")
    form.get_by_role("button", name="交办").click()
    expect(main(page).get_by_role("alert").first).to_have_text(
        "准备事项已交办，可在督办任务中跟踪。"
    )
    item = page.locator("#xa-checklist tbody tr", has_text=ITEM)
    expect(item).to_contain_text("兴隆台区消防救援大队")
    expect(item).to_contain_text("3月13日")
    task = Task.objects.get(title=ITEM)
    assert (task.lead_organisation, str(task.deadline)) == (brigade, "2024-03-13")
    item.get_by_role("link", name=ITEM).click()
    expect(page).to_have_url(path_is(f"/tasks/{task.pk}/"))
    expect(main(page)).to_contain_text(f"迎检准备：{TITLE}")

    # in the schedule: within its dates, and by a keyword of its focus
    page.goto("/upcoming-inspections/")
    search = page.get_by_role("search")
    search.get_by_label("日期起").fill("2024-03-13")
    search.get_by_label("日期止").fill("2024-03-20")
    search.get_by_role("button", name="筛选").click()
    listed = page.locator("#xa-inspections li", has_text=TITLE)
    expect(listed).to_contain_text("3月14日起至3月15日 · 兴隆台区、大洼区高层住宅")
    search.get_by_label("日期起").fill("")
    search.get_by_label("日期止").fill("")
    search.get_by_label("关键词").fill("电动自行车")
    search.get_by_role("button", name="筛选").click()
    expect(page.locator("#xa-inspections li")).to_have_count(1)
    page.locator("#xa-inspections").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/upcoming-inspections/{inspection.pk}/$"))
