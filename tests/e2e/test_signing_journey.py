"""The signed inspector list in the browser, on phones: a grid worker records an
inspection with the brigade's supervisor found through the search, the supervisor
opens the notification's link, draws a signature and submits, and the inspection
is complete."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import PHONE_375, alert, register_place
from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Area, Organisation
from xiaoan.areas.services import do_create_user
from xiaoan.hazards.models import Inspection

pytestmark = pytest.mark.e2e


def draw_signature(page: Page) -> None:
    """Two strokes across the pad with the mouse, as a finger would draw them."""
    pad = page.locator("#xa-signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None and box["width"] > 200
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    for start, end in (((0.15, 0.6), (0.45, 0.3)), ((0.45, 0.3), (0.8, 0.7))):
        page.mouse.move(x + w * start[0], y + h * start[1])
        page.mouse.down()
        page.mouse.move(x + w * end[0], y + h * end[1], steps=8)
        page.mouse.up()


def test_a_co_inspector_found_by_search_signs_on_the_pad(
    new_context: Callable[..., BrowserContext],
) -> None:
    place = register_place("惠宾苑20号楼", "兴隆台区惠宾街惠宾苑20号楼")
    do_create_user(
        acting_user=None,
        username="xl_street",
        password="x",
        full_name="兴隆街道专干",
        title="消防专干",
        roles=["grid_worker"],
        area=Area.objects.get(name="兴隆街道"),
        organisation=Organisation.objects.get(name="兴隆街道办事处"),
        check_password_strength=False,
    )

    # 网格员 on a small phone: the form offers the people of the community, township
    # and brigade; typing in the search leaves the brigade's supervisor.
    grid = new_context(**PHONE_375).new_page()
    sign_in(grid, "grid")
    grid.goto(f"/places/{place.pk}/inspect/")
    form = grid.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="网格排查")
    form.get_by_label("未发现隐患").check()
    people = form.locator("[data-xa-filter-item]")
    expect(people).to_have_count(2)
    expect(people.filter(has_text="兴隆街道专干")).to_be_visible()
    form.get_by_label("查找检查人（姓名、单位或区域）").fill("大队长")
    expect(people.filter(visible=True)).to_have_count(1)
    supervisor = form.get_by_label(re.compile(r"^兴隆台大队（"))
    supervisor.tap()
    expect(supervisor).to_be_checked()
    no_horizontal_overflow(grid)
    form.get_by_role("button", name="提交并签字").tap()

    expect(grid).to_have_url(re.compile(r"^https?://[^/]+/inspections/\d+/$"))
    expect(alert(grid)).to_have_text("已登记检查：未发现隐患。")
    signatures = grid.locator("#xa-signatures")
    expect(signatures.locator('[data-inspector="grid"]')).to_contain_text("已签字")
    expect(signatures.locator('[data-inspector="xinglongtai"]')).to_contain_text("未签字")
    expect(grid.locator("#xa-inspection-completion")).to_contain_text("待签字")
    inspection = Inspection.objects.get(place=place)
    assert inspection.completed_at is None

    # 兴隆台大队 on a phone: the notification's link opens the sign page.
    brigade = new_context(**PHONE).new_page()
    sign_in(brigade, "xinglongtai")
    brigade.goto("/inbox/")
    note = (
        brigade.locator("#xa-notifications > li")
        .filter(has_text="请签字确认")
        .filter(has_text=place.name)
    )
    expect(note).to_have_count(1)
    note.get_by_role("button", name="查看").tap()
    expect(brigade).to_have_url(path_is(f"/inspections/{inspection.pk}/sign/"))
    expect(brigade.get_by_role("heading", name=f"签字确认：{place.name}")).to_be_visible()
    no_horizontal_overflow(brigade)

    # An empty pad is not a signature; two strokes are.
    sign = brigade.get_by_role("button", name="确认检查结果并签字")
    sign.tap()
    expect(brigade.locator("#xa-signature-hint")).to_have_text("请在签名框内手写签名后再提交。")
    draw_signature(brigade)
    sign.tap()
    expect(alert(brigade)).to_have_text("已签字确认检查结果，检查人已全部签字，检查完成。")
    expect(brigade.locator("#xa-sign-done")).to_contain_text("您已于")
    expect(
        brigade.locator('[data-inspector="xinglongtai"]').get_by_role(
            "img", name="兴隆台大队的手写签名"
        )
    ).to_be_visible()

    # The inspection's page: everyone has signed, the inspection is complete.
    main(brigade).get_by_role("link", name="查看检查记录").tap()
    expect(brigade).to_have_url(path_is(f"/inspections/{inspection.pk}/"))
    expect(brigade.locator("#xa-signatures")).not_to_contain_text("未签字")
    expect(brigade.locator("#xa-inspection-completion")).to_contain_text("检查完成")
    grid.reload()
    expect(grid.locator("#xa-inspection-completion")).to_contain_text("检查完成")
    inspection.refresh_from_db()
    assert inspection.completed_at is not None
    assert inspection.signatures.get(inspector__username="xinglongtai").image is not None
