"""Correcting a hazard in the browser: the detachment office opens a demo hazard,
corrects its category with a reason through 修改 (the reason is in 变更记录),
then extends its deadline with a reason (kept in 延期记录); the detail page on a
phone. The clock is pinned to the seed's day, 4 March 2024."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Area
from xiaoan.hazards.choices import OPEN_STATES, HazardCategory
from xiaoan.hazards.models import Hazard

pytestmark = pytest.mark.e2e

NEW_DEADLINE = dt.date(2024, 4, 30)
#: the first page a freshly started browser loads (with axe-core injected) can take
#: longer than the default timeout on a busy machine
FIRST_LOAD_MS = 60_000


def open_demo_hazard(district: str | None = None) -> Hazard:
    """An open hazard of the demo (in `district`, if given) that is not about clutter
    yet, due in March or April."""
    hazards = Hazard.objects.filter(
        state__in=OPEN_STATES, deadline__gte=dt.date(2024, 3, 4), deadline__lt=NEW_DEADLINE
    ).exclude(category=HazardCategory.CLUTTER)
    if district:
        hazards = hazards.filter(area_path__startswith=Area.objects.get(name=district).path)
    hazard = hazards.order_by("id").first()
    assert hazard is not None, "the demo has open hazards due in March"
    return hazard


def test_office_corrects_the_category_then_extends_the_deadline(page: Page) -> None:
    hazard = open_demo_hazard()
    page.goto("/login/", timeout=FIRST_LOAD_MS)
    sign_in(page, "office")
    page.goto(f"/hazards/{hazard.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(hazard.get_category_display())

    # 修改: the category was recorded wrongly
    page.get_by_role("link", name="修改", exact=True).click()
    expect(page).to_have_url(path_is(f"/hazards/{hazard.pk}/edit/"))
    page.get_by_label("类别").select_option(label="楼道堆放杂物")
    page.get_by_label("修改原因").fill("现场复核为楼道堆物，类别录入有误")
    page.get_by_role("button", name="保存修改").click()
    expect(page).to_have_url(path_is(f"/hazards/{hazard.pk}/"))
    expect(main(page)).to_contain_text("已保存修改。")
    expect(page.get_by_role("heading", level=1)).to_contain_text("楼道堆放杂物")
    history = page.locator("#history")
    expect(history).to_contain_text("现场复核为楼道堆物，类别录入有误")
    expect(history).to_contain_text("类别：")
    expect(history).to_contain_text("楼道堆放杂物")

    # 延期: the responsible party needs until the end of April
    page.get_by_role("link", name="延期", exact=True).click()
    expect(page).to_have_url(path_is(f"/hazards/{hazard.pk}/extend/"))
    page.get_by_label("新的整改期限").fill(NEW_DEADLINE.isoformat())
    page.get_by_label("延期原因").fill("需更换防火门，厂家供货需两周")
    page.get_by_role("button", name="确认延期").click()
    expect(page).to_have_url(path_is(f"/hazards/{hazard.pk}/"))
    expect(page.locator("#xa-hazard-deadline")).to_contain_text("2024年4月30日")
    expect(page.locator("#xa-extensions")).to_contain_text("需更换防火门，厂家供货需两周")
    expect(history).to_contain_text("延期：需更换防火门，厂家供货需两周")

    hazard.refresh_from_db()
    assert hazard.category == HazardCategory.CLUTTER and hazard.deadline == NEW_DEADLINE


def test_the_detail_page_on_a_phone(new_context: Callable[..., BrowserContext]) -> None:
    """A brigade officer in the field opens one of the district's hazards."""
    hazard = open_demo_hazard("兴隆台区")
    page = new_context(**PHONE).new_page()
    page.goto("/login/", timeout=FIRST_LOAD_MS)
    sign_in(page, "xinglongtai")
    page.goto(f"/hazards/{hazard.pk}/")
    actions = page.locator("#xa-hazard-actions")
    for label in ("修改", "延期", "改派"):
        expect(actions.get_by_role("link", name=label, exact=True)).to_be_visible()
    no_horizontal_overflow(page)
    actions.get_by_role("link", name="改派", exact=True).click()
    expect(page).to_have_url(path_is(f"/hazards/{hazard.pk}/reassign/"))
    expect(page.get_by_label("新的责任单位")).to_be_visible()
    no_horizontal_overflow(page)
