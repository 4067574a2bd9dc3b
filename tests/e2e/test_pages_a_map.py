"""场所与隐患地图: the brigade's places with coordinates, coloured by their worst
open hazard, on tiles from the configured (local) tile server; a marker leads
to its place. Nothing is fetched from outside the machine (the fixture fails
the test on any such request). The clock is pinned to 4 March 2024."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Route, expect

from tests.e2e.conftest import Traffic
from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day, tiny_png  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP, GRID_AREA, record_hazard
from tests.e2e.test_journeys import main, path_is, sign_in
from xiaoan.areas.models import Area, User
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.e2e

COLOURS = {"found": "#dc3545", "none": "#198754"}


def place_at(name: str, lat: str, lng: str) -> Place:
    return do_register_place(
        acting_user=None,
        name=name,
        address=f"兴隆台区惠宾街{name}",
        area=Area.objects.get(name=GRID_AREA),
        kind=PlaceKind.HIGH_RISE,
        latitude=Decimal(lat),
        longitude=Decimal(lng),
    )


def marker_of(page: Page, name: str) -> Locator:
    """The marker of a place: Leaflet draws them in the order of the page's data
    (markers carry no text of their own); its tooltip then shows the name."""
    data = json.loads(page.locator("#xa-map-data").text_content() or "{}")
    index = [p["name"] for p in data["places"]].index(name)
    marker = page.locator("#xa-map path.leaflet-interactive").nth(index)
    marker.hover(force=True)
    expect(page.get_by_role("tooltip", name=name)).to_be_visible()
    return marker


def test_the_map_shows_the_brigades_places_on_local_tiles(
    new_context: Callable[..., BrowserContext],
    traffic: Traffic,
    settings: Any,
    live_server: Any,
    tmp_path: Path,
) -> None:
    settings.XIAOAN_MAP_TILE_URL = f"{live_server.url}/tiles/{{z}}/{{x}}/{{y}}.png"
    settings.XIAOAN_MAP_TILE_ATTRIBUTION = "盘锦市政务内网地图"
    tile = tiny_png(tmp_path / "tile.png").read_bytes()
    tiles: list[str] = []

    def serve_tile(route: Route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=tile)

    found = place_at("惠宾苑51号楼", "41.1401", "122.0601")
    record_hazard(found, "ebike_indoor", "1单元大厅停放电动自行车。")
    clear = place_at("惠宾苑52号楼", "41.1001", "122.1001")
    expected = (
        Place.objects.restrict(User.objects.get(username="xinglongtai"))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .count()
    )

    context = new_context(**DESKTOP)
    context.route("**/tiles/**", serve_tile)
    page = context.new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    page.goto("/places/")
    main(page).get_by_role("link", name="地图").click()
    expect(page).to_have_url(path_is("/places/map/"))
    expect(page.get_by_role("heading", name="场所与隐患地图")).to_be_visible()
    expect(main(page)).to_contain_text(f"有坐标的场所 {expected} 处。")
    expect(page.locator("#xa-map path.leaflet-interactive")).to_have_count(expected)
    expect(page.locator("#xa-map img.leaflet-tile-loaded").first).to_be_visible()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("盘锦市政务内网地图")
    assert tiles and all(url.startswith(live_server.url) for url in tiles)

    # Coloured by the worst open hazard: red for 待整改, green for none.
    red = marker_of(page, found.name)
    assert red.get_attribute("fill") == COLOURS["found"]
    assert marker_of(page, clear.name).get_attribute("fill") == COLOURS["none"]

    # A marker's popup names the place and its open hazards, and leads to it.
    marker_of(page, found.name).click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_have_text(f"{found.name}未销号隐患 1 处（待整改）")
    popup.get_by_role("link", name=found.name).click()
    expect(page).to_have_url(path_is(f"/places/{found.pk}/"))
    expect(page.locator("#xa-place-hazards")).to_contain_text("电动车违规停放充电")
    assert traffic.page_errors == []


def test_a_neighbouring_brigade_does_not_see_the_place_on_its_map(
    new_context: Callable[..., BrowserContext],
) -> None:
    place = place_at("惠宾苑53号楼", "41.1309", "122.0821")
    page = new_context(**DESKTOP).new_page()
    warm_up(page)
    sign_in(page, "shuangtaizi")
    page.goto("/places/map/")
    expect(page.locator("#xa-map")).to_be_visible()
    data = page.locator("#xa-map-data").text_content() or ""
    assert place.name not in data
    assert "未配置地图瓦片服务" in (main(page).text_content() or "")
