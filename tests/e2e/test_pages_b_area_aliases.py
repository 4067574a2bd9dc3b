"""An area's other names in the browser: the administrator adds the name residents use
for a housing estate to its community; the page lists it, the history says who added it,
and a 12345 order naming only the estate is placed in that community."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.complaints.conftest import good_row, xlsx_bytes
from tests.e2e.test_hazards_journey import DESKTOP
from tests.e2e.test_journeys import go, main, path_is, sign_in
from xiaoan.areas.models import Area, User
from xiaoan.complaints.importers import import_complaints
from xiaoan.complaints.models import Complaint

pytestmark = pytest.mark.e2e

ADDRESS = "锦华园5号楼二单元"


def import_order(number: str) -> Complaint:
    office = User.objects.select_related("area").get(username="office")
    rows = [good_row(number, 事发地址=ADDRESS, 诉求内容="楼道里堆满纸箱和旧家具。")]
    import_complaints(xlsx_bytes(rows), acting_user=office)
    return Complaint.objects.get(number=number)


def test_admin_adds_an_alias_and_orders_are_placed_by_it(
    new_context: Callable[..., BrowserContext],
) -> None:
    community = Area.objects.get(name="惠宾社区")
    before = import_order("AL2024030400001")
    assert before.placed_by == "unresolved"

    page = new_context(**DESKTOP).new_page()
    sign_in(page, "admin")
    go(page, "区域")
    search = page.get_by_role("search")
    search.get_by_label("名称或代码").fill("惠宾社区")
    search.get_by_role("button", name="筛选").click()
    page.locator("#xa-area-table").get_by_role("link", name="惠宾社区", exact=True).click()
    expect(page).to_have_url(path_is(f"/areas/{community.pk}/"))
    aliases = page.locator("#xa-aliases")
    expect(aliases).to_contain_text("别名（用于 12345 工单按地址定位）：惠宾小区")

    box = aliases.get_by_label("别名")
    expect(box).to_have_value("惠宾小区")
    box.fill("惠宾小区、锦华园")
    aliases.get_by_role("button", name="保存别名").click()
    expect(main(page).get_by_role("alert").first).to_have_text("已保存别名。")
    expect(page.locator("#xa-aliases")).to_contain_text("：惠宾小区、锦华园")
    expect(page.locator("#history")).to_contain_text("系统管理员")
    expect(page.locator("#history")).to_contain_text("惠宾小区、锦华园")
    community.refresh_from_db()
    assert community.alias_list == ["惠宾小区", "锦华园"]

    # an order naming only the estate now goes to the community
    after = import_order("AL2024030400002")
    page.goto(f"/complaints/{after.pk}/")
    expect(page.locator("#xa-placing")).to_have_text("惠宾社区")

    # and an alias can be taken away again
    page.goto(f"/areas/{community.pk}/")
    page.locator("#xa-aliases").get_by_label("别名").fill("惠宾小区")
    page.locator("#xa-aliases").get_by_role("button", name="保存别名").click()
    expect(page.locator("#xa-aliases")).not_to_contain_text("锦华园")
