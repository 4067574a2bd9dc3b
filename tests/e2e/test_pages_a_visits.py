"""督导检查 on a phone: the brigade records a leader's unannounced visit, the
inspections made during it refer to it, and the visit's page adds them up.
The clock is pinned to 4 March 2024 (`pinned_day`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import PHONE_375, open_menu, register_place
from tests.e2e.test_journeys import main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import User
from xiaoan.hazards.models import Inspection, SupervisionVisit
from xiaoan.hazards.services import do_record_visit

pytestmark = pytest.mark.e2e

TITLE = "惠宾社区住宅小区消防安全暗访"


def visits(page: Page) -> Locator:
    return page.locator("#xa-visits > li")


def test_brigade_records_a_visit_and_its_inspections_on_a_phone(
    new_context: Callable[..., BrowserContext],
) -> None:
    place = register_place("惠宾苑41号楼", "兴隆台区惠宾街惠宾苑41号楼")
    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    open_menu(page, "督导检查")
    expect(page).to_have_url(path_is("/supervision-visits/"))
    expect(page.get_by_role("heading", name="督导检查")).to_be_visible()
    no_horizontal_overflow(page)
    main(page).get_by_role("link", name="登记督导检查").tap()

    # The form: today's date is filled in; a missing leader is named.
    expect(page).to_have_url(path_is("/supervision-visits/new/"))
    expect(page.get_by_label("日期")).to_have_value("2024-03-04")
    page.get_by_label("名称").fill(TITLE)
    page.get_by_role("button", name="保存").tap()
    expect(main(page)).to_contain_text("这个字段是必填项。")
    assert not SupervisionVisit.objects.filter(title=TITLE).exists()
    page.get_by_label("带队领导").fill("邢鹏")
    page.get_by_label("职务").fill("市长")
    page.get_by_label("四不两直（明察暗访）").check()
    page.get_by_label("情况").fill("不发通知、不打招呼，直奔惠宾社区。")
    no_horizontal_overflow(page)
    page.get_by_role("button", name="保存").tap()

    expect(page).to_have_url(re.compile(r"/supervision-visits/\d+/$"))
    visit_url = page.url
    expect(main(page).get_by_role("alert")).to_contain_text("已登记督导检查")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"2024年3月4日 {TITLE} 四不两直")
    expect(page.locator("#xa-visit-totals")).to_contain_text("邢鹏市长带队，检查场所 0 处")
    expect(main(page)).to_contain_text("不发通知、不打招呼，直奔惠宾社区。")
    no_horizontal_overflow(page)

    # During the visit: an inspection of the place, tagged with the visit.
    page.goto(f"/places/{place.pk}/inspect/")
    form = page.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="大队检查")
    form.get_by_label("督导检查（领导带队时选）").select_option(label=f"2024-03-04 {TITLE}")
    form.get_by_label("楼道堆放杂物", exact=True).check()
    form.get_by_label("隐患描述").fill("1单元楼道堆放纸箱、旧沙发。")
    form.get_by_label("整改期限").fill("2024-03-08")
    form.get_by_role("button", name="提交并签字").tap()
    expect(main(page).get_by_role("alert")).to_have_text("已登记检查：发现隐患 1 处。")

    # The visit now counts the place and its hazard.
    page.goto(visit_url)
    expect(page.locator("#xa-visit-totals")).to_have_text(
        "邢鹏市长带队，检查场所 1 处，发现火灾隐患或违法行为 1 处（已销号 0，已整改待验收 0，"
        "未整改 1），采取执法措施 0 项。"
    )
    hazard = main(page).get_by_role("link", name=f"{place.name} · 楼道堆放杂物")
    expect(hazard).to_be_visible()
    expect(main(page).get_by_role("link", name=place.name, exact=True)).to_be_visible()
    no_horizontal_overflow(page)

    # And so does the list.
    page.goto("/supervision-visits/")
    row = visits(page).filter(has_text=TITLE)
    expect(row).to_contain_text("四不两直")
    expect(row).to_contain_text("邢鹏市长带队 · 检查 1 处场所 · 发现隐患 1 处")
    visit = SupervisionVisit.objects.get(title=TITLE)
    assert Inspection.objects.get(place=place).visit_id == visit.pk


def test_a_property_manager_cannot_record_a_visit_and_a_neighbour_cannot_open_one(
    new_context: Callable[..., BrowserContext],
) -> None:
    brigade = User.objects.get(username="xinglongtai")
    visit = do_record_visit(
        acting_user=brigade,
        date=dt.date(2024, 3, 4),
        leader_name="占明",
        title="兴隆台区高层住宅督导",
        area=brigade.area,
    )
    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "property")
    page.goto("/supervision-visits/new/")
    expect(page).to_have_url(path_is("/supervision-visits/"))
    expect(main(page).get_by_role("alert")).to_contain_text("您的角色无权登记督导检查。")

    page = new_context(**PHONE_375).new_page()
    sign_in(page, "shuangtaizi")
    response = page.goto(f"/supervision-visits/{visit.pk}/")
    assert response is not None and response.status == 404
    page.goto("/supervision-visits/")
    expect(visits(page).filter(has_text="兴隆台区高层住宅督导")).to_have_count(0)
