"""Inspection schedules in the browser: 到期检查 lists the brigade's places due or
overdue by their kind's interval, and an inspection takes a place off it; 迎检
records a higher level's coming inspection and hands its preparation out as a
supervised task. The clock is pinned to 4 March 2024 (`pinned_day`)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP, register_place
from tests.e2e.test_journeys import go, main, path_is, sign_in
from xiaoan.areas.models import User
from xiaoan.core import clock
from xiaoan.directives.models import Task
from xiaoan.duty.models import UpcomingInspection
from xiaoan.hazards.services import do_record_inspection
from xiaoan.places.models import Place

pytestmark = pytest.mark.e2e


def inspected_on(place: Place, day: dt.date) -> None:
    do_record_inspection(
        acting_user=User.objects.get(username="xinglongtai"),
        place=place,
        kind="brigade",
        at=dt.datetime.combine(day, dt.time(10), tzinfo=clock.LOCAL_TZ),
        no_hazard=True,
    )


def entry(page: Page, name: str) -> Locator:
    return page.locator("#xa-schedule > li").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def test_a_place_overdue_for_inspection_is_inspected_from_the_schedule(
    new_context: Callable[..., BrowserContext],
) -> None:
    # high-rise, medium risk: every 60 days
    late = register_place("惠宾苑71号楼", "兴隆台区惠宾街惠宾苑71号楼")
    inspected_on(late, dt.date(2023, 12, 25))  # due 23 Feb: 10 days overdue
    soon = register_place("惠宾苑72号楼", "兴隆台区惠宾街惠宾苑72号楼")
    inspected_on(soon, dt.date(2024, 1, 9))  # due 9 March: within the week
    fine = register_place("惠宾苑73号楼", "兴隆台区惠宾街惠宾苑73号楼")
    inspected_on(fine, dt.date(2024, 3, 1))

    page = new_context(**DESKTOP).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    go(page, "检查")
    main(page).get_by_role("link", name="到期检查").click()
    expect(page).to_have_url(path_is("/inspections/schedule/"))
    expect(page.get_by_role("heading", name="到期检查")).to_be_visible()
    overdue = int(page.locator("#xa-schedule-overdue").inner_text())
    assert overdue >= 1
    expect(entry(page, late.name)).to_contain_text(
        "上次检查 2023-12-25，应于 2024-02-23 前检查 逾期 10 天"
    )
    expect(entry(page, soon.name)).to_contain_text(
        "上次检查 2024-01-09，应于 2024-03-09 前检查 即将到期"
    )
    expect(entry(page, fine.name)).to_have_count(0)

    # 检查 on the overdue place: nothing found; it leaves the schedule.
    entry(page, late.name).get_by_role("link", name="检查", exact=True).click()
    expect(page).to_have_url(path_is(f"/places/{late.pk}/inspect/"))
    form = page.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="大队检查")
    form.get_by_label("未发现隐患").check()
    form.get_by_role("button", name="提交并签字").click()
    expect(main(page).get_by_role("alert")).to_have_text("已登记检查：未发现隐患。")
    page.goto("/inspections/schedule/")
    expect(page.locator("#xa-schedule-overdue")).to_have_text(str(overdue - 1))
    expect(entry(page, late.name)).to_have_count(0)
    expect(entry(page, soon.name)).to_have_count(1)


def test_office_records_a_coming_inspection_and_assigns_its_preparation(
    new_context: Callable[..., BrowserContext],
) -> None:
    title = "省消防安全考核巡查组来盘检查"
    page = new_context(**DESKTOP).new_page()
    warm_up(page)
    sign_in(page, "office")
    go(page, "迎检")
    expect(page).to_have_url(path_is("/upcoming-inspections/"))
    main(page).get_by_role("link", name="登记迎检").click()
    expect(page.get_by_role("heading", name="登记上级检查（迎检）")).to_be_visible()

    # An end before the start is named; nothing saved.
    page.get_by_label("名称").fill(title)
    page.get_by_label("检查组/来访单位").fill("辽宁省消防安全委员会考核巡查组")
    page.get_by_label("开始日期").fill("2024-03-18")
    page.get_by_label("结束日期").fill("2024-03-15")
    page.get_by_label("地点/范围").fill("兴隆台区住宅小区")
    page.get_by_label("检查重点").fill("电动自行车集中充电设施建设\n高层住宅消防设施")
    page.get_by_label("所属区域").select_option(label="兴隆台区")
    page.get_by_role("button", name="保存").click()
    expect(main(page)).to_contain_text("结束日期早于开始日期。")
    assert not UpcomingInspection.objects.filter(title=title).exists()
    page.get_by_label("结束日期").fill("2024-03-20")
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/upcoming-inspections/\d+/$"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(main(page).locator("dl")).to_contain_text("2024年3月18日起至3月20日")
    expect(page.locator("#xa-checklist tbody")).to_have_text("尚无准备事项")

    # A preparation item, handed to the brigade as a supervised task.
    item = "整理电动自行车集中充电设施建设台账"
    form = page.locator("#xa-checklist-form")
    expect(form.get_by_label("完成期限")).to_have_value("2024-03-18")
    form.get_by_label("准备事项").fill(item)
    form.get_by_label("责任单位").select_option(label="兴隆台区消防救援大队")
    form.get_by_label("完成期限").fill("2024-03-15")
    form.get_by_role("button", name="交办").click()
    expect(main(page).get_by_role("alert")).to_contain_text("准备事项已交办，可在督办任务中跟踪。")
    row = page.locator("#xa-checklist tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text(item)
    expect(row.locator("td").nth(1)).to_have_text("兴隆台区消防救援大队")
    expect(row.locator("td").nth(2)).to_have_text("3月15日")
    task = Task.objects.get(title=item)
    assert task.deadline == dt.date(2024, 3, 15)

    # The list shows it, and its export holds it.
    page.goto("/upcoming-inspections/?q=考核巡查组")
    expect(page.locator("#xa-inspections > li").filter(has_text=title)).to_contain_text(
        "辽宁省消防安全委员会考核巡查组 · 3月18日起至3月20日 · 兴隆台区住宅小区"
    )
    with page.expect_download() as info:
        main(page).get_by_role("link", name="导出 Excel").click()
    rows = list(
        load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:3] == ("名称", "检查组", "开始")
    assert [r[0] for r in rows[1:]] == [title]

    # The brigade finds the item among its tasks; a grid worker may not announce inspections.
    brigade = new_context(**DESKTOP).new_page()
    sign_in(brigade, "xinglongtai")
    brigade.goto(f"/tasks/{task.pk}/")
    expect(brigade.get_by_role("heading", name=item)).to_be_visible()
    grid = new_context(**DESKTOP).new_page()
    sign_in(grid, "grid")
    grid.goto("/upcoming-inspections/new/")
    expect(grid).to_have_url(path_is("/upcoming-inspections/"))
    expect(main(grid).get_by_role("alert")).to_contain_text("您的角色无权登记迎检。")
