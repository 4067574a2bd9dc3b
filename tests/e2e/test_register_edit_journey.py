"""Correcting the registers on a phone: a place's responsible person, then a hydrant
put into service, each with a reason that the history keeps."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Area, User
from xiaoan.places.choices import PlaceKind, WaterSourceKind, WaterSourceStatus
from xiaoan.places.models import Place, WaterSource
from xiaoan.places.services import do_register_place, do_register_water_source

pytestmark = pytest.mark.e2e


def test_the_office_corrects_a_place_and_a_hydrant_on_a_phone(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(**PHONE).new_page()
    sign_in(page, "office")
    office = User.objects.get(username="office")
    place = do_register_place(
        acting_user=office,
        name="惠宾花园",
        address="兴隆台区惠宾街 88 号",
        area=Area.objects.get(name="惠宾社区"),
        kind=PlaceKind.RESIDENTIAL,
        responsible_person="张经理",
    )
    source = do_register_water_source(
        acting_user=office,
        kind=WaterSourceKind.HYDRANT,
        number="000-E2E-1",
        location="惠宾街与市府路交叉口",
        area=Area.objects.get(name="兴隆台区"),
    )

    page.goto(f"/places/{place.pk}/")
    main(page).get_by_role("link", name="修改", exact=True).click()
    expect(page).to_have_url(path_is(f"/places/{place.pk}/edit/"))
    no_horizontal_overflow(page)
    page.get_by_label("负责人").fill("李经理")
    page.get_by_label("修改原因").fill("物业负责人已更换")
    page.get_by_role("button", name="保存修改").click()
    expect(page).to_have_url(path_is(f"/places/{place.pk}/"))
    expect(page.get_by_text("已保存修改。")).to_be_visible()
    history = page.locator("#history")
    expect(history).to_contain_text("物业负责人已更换")
    expect(history).to_contain_text("李经理")

    page.goto("/water-sources/?kind=hydrant")
    page.get_by_role("link", name=f"修改 {source}").click()
    expect(page).to_have_url(path_is(f"/water-sources/{source.pk}/edit/"))
    no_horizontal_overflow(page)
    page.get_by_label("状态").select_option(WaterSourceStatus.IN_SERVICE)
    page.get_by_role("button", name="保存修改").click()
    # the reason is asked for, and nothing is saved without it
    expect(page.get_by_text("请填写修改原因")).to_be_visible()
    page.get_by_label("投用日期").fill("2024-03-04")
    page.get_by_label("修改原因").fill("已验收投用")
    page.get_by_role("button", name="保存修改").click()
    expect(page).to_have_url(path_is("/water-sources/"))
    expect(page.get_by_text(f"已保存 {source} 的修改。")).to_be_visible()

    place.refresh_from_db()
    assert place.responsible_person == "李经理"
    stored = WaterSource.objects.get(pk=source.pk)
    assert stored.status == WaterSourceStatus.IN_SERVICE
    assert stored.history.first().history_change_reason == "已验收投用"
    assert Place.objects.get(pk=place.pk).history.first().history_user == office
