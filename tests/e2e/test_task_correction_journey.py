"""The detachment office corrects a demo task in the browser: extends its deadline
with a reason (延期), sees that on the task's timeline, then corrects its title (修改)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_journeys import main, path_is, sign_in
from xiaoan.directives.models import Task
from xiaoan.directives.queries import OPEN_STATUSES

pytestmark = pytest.mark.e2e

DAY = "2024-03-04"
TODAY = dt.date.fromisoformat(DAY)


@pytest.fixture(autouse=True)
def pinned_day(settings: Any) -> None:
    settings.XIAOAN_TODAY = DAY


def test_office_extends_a_task_and_corrects_its_title(
    new_context: Callable[..., BrowserContext],
) -> None:
    task = (
        Task.objects.filter(
            assigning_organisation__name="盘锦市消防救援支队",
            status__in=OPEN_STATUSES,
            deadline__isnull=False,
        )
        .order_by("deadline", "id")
        .first()
    )
    assert task is not None and task.deadline is not None
    new_deadline = max(task.deadline, TODAY) + dt.timedelta(days=14)
    reason = "受降雪天气影响，现场排查顺延"

    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, "office")
    page.goto(f"/tasks/{task.pk}/")
    expect(page.get_by_role("heading", name=task.title)).to_be_visible()

    # 延期: its own page, a new date and a required reason
    main(page).get_by_role("link", name="延期", exact=True).click()
    expect(page).to_have_url(path_is(f"/tasks/{task.pk}/extend/"))
    page.get_by_role("button", name="批准延期").click()
    expect(main(page)).to_contain_text("请填写新期限")
    page.get_by_label("新期限").fill(new_deadline.isoformat())
    page.get_by_label("延期原因").fill(reason)
    page.get_by_role("button", name="批准延期").click()
    expect(page).to_have_url(path_is(f"/tasks/{task.pk}/"))
    expect(main(page)).to_contain_text("已延期")
    expect(main(page)).to_contain_text(
        f"{new_deadline.year}年{new_deadline.month}月{new_deadline.day}日"
    )
    timeline = page.locator("#xa-timeline")
    entry = timeline.locator("li").filter(has_text=f"期限延至{new_deadline.isoformat()}")
    expect(entry).to_contain_text(f"原因：{reason}")
    expect(entry).to_contain_text(f"期限：{task.deadline.isoformat()} → {new_deadline.isoformat()}")

    # 修改: a plain correction of the title, with why
    corrected = task.title + "（更正）"
    main(page).get_by_role("link", name="修改", exact=True).click()
    expect(page).to_have_url(path_is(f"/tasks/{task.pk}/edit/"))
    page.get_by_label("任务", exact=True).fill(corrected)
    page.get_by_label("修改原因").fill("标题录入有误，按原件更正")
    page.get_by_role("button", name="保存修改").click()
    expect(page).to_have_url(path_is(f"/tasks/{task.pk}/"))
    expect(page.get_by_role("heading", name=corrected)).to_be_visible()
    expect(timeline).to_contain_text("标题录入有误，按原件更正")
    expect(timeline.locator("li").filter(has_text="期限延至")).to_have_count(1)
