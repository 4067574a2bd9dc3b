"""A place's name is shown on the map as text: a name that looks like HTML
neither runs script nor adds elements to the page. The map's controls speak Chinese."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_journeys import sign_in
from xiaoan.areas.models import User
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.e2e

NAME = 'x"><img src=x onerror=alert(2)>'


def test_a_place_name_with_markup_is_shown_as_text(
    new_context: Callable[..., BrowserContext], traffic
) -> None:
    grid = User.objects.select_related("area").get(username="grid")
    do_register_place(
        acting_user=grid,
        name=NAME,
        address="惠宾街道 1 号",
        area=grid.area,
        kind="residential",
        latitude=Decimal("41.1201"),
        longitude=Decimal("122.0701"),
    )
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, "grid")
    page.goto("/places/map/")
    markers = page.locator("#xa-map path.leaflet-interactive")
    expect(markers.first).to_be_visible()
    tooltip = page.locator(".leaflet-tooltip")
    found = False
    for index in range(markers.count()):
        markers.nth(index).hover(force=True)
        if tooltip.count() and NAME in (tooltip.first.text_content() or ""):
            found = True
            break
    assert found, "no marker shows the place's name"
    expect(tooltip.first).to_have_text(NAME)
    assert page.locator("#xa-map img[src='x']").count() == 0
    markers.nth(index).click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(NAME)
    assert popup.locator("img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    assert traffic.page_errors == []
    expect(page.get_by_role("button", name="放大")).to_have_count(1)
    expect(page.get_by_role("button", name="缩小")).to_have_count(1)
