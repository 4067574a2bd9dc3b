"""The command dashboard in the browser: a city leader opens it, drills into the
worst district's overdue hazards, and exports them to Excel."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_journeys import go, main, sign_in
from xiaoan.areas.models import Area, User
from xiaoan.core.scoping import subtree_filter
from xiaoan.hazards import services
from xiaoan.hazards.choices import HazardCategory
from xiaoan.hazards.models import Hazard
from xiaoan.hazards.queries import overdue_filter
from xiaoan.places.choices import PlaceKind
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.e2e


def overdue_hazards(community: str, count: int) -> None:
    """`count` hazards found on 20 February with a deadline of 1 March: overdue on the 4th."""
    brigade = User.objects.get(username="dawa")
    place = do_register_place(
        acting_user=brigade,
        name=f"{community}测试小区",
        address=f"{community}测试路1号",
        area=Area.objects.get(name=community),
        kind=PlaceKind.RESIDENTIAL,
    )
    services.do_record_inspection(
        acting_user=brigade,
        place=place,
        kind="brigade",
        inspectors=[],
        at=dt.datetime(2024, 2, 20, 10, tzinfo=dt.UTC),
        hazards=[
            services.HazardSpec(
                category=HazardCategory.CLUTTER,
                description=f"楼道堆物{i}",
                deadline=dt.date(2024, 3, 1),
            )
            for i in range(count)
        ],
        no_hazard=False,
    )


def overdue_by_district() -> dict[str, int]:
    city = Area.objects.get(parent__isnull=True)
    return {
        child.name: Hazard.objects.filter(
            overdue_filter(), subtree_filter("area__path", child.path)
        ).count()
        for child in Area.objects.filter(parent=city)
    }


def test_leader_drills_into_the_worst_district_and_exports(page: Page, traffic: Any) -> None:
    overdue_hazards("向阳社区", 5)  # 大洼区 becomes the district with most overdue hazards
    counts = overdue_by_district()
    worst = max(counts, key=lambda name: counts[name])
    assert worst == "大洼区"

    sign_in(page, "leader")
    go(page, "看板")
    expect(main(page).get_by_role("heading", level=1)).to_contain_text("指挥看板 · 盘锦市")
    figure = page.locator('.xa-figure[data-key="overdue_hazards"]')
    expect(figure).to_contain_text(str(sum(counts.values())))
    expect(
        page.locator("#xa-chart-weekly canvas")
    ).to_be_visible()  # ECharts drew, from the local copy

    ranking = page.locator("#xa-ranking tbody tr")
    overdue_cells = {
        ranking.nth(i).get_attribute("data-area"): int(
            ranking.nth(i).locator(".xa-overdue-link").inner_text()
        )
        for i in range(ranking.count())
    }
    assert overdue_cells == counts
    page.locator(f'#xa-ranking tr[data-area="{worst}"] .xa-overdue-link').click()

    rows = page.locator("#xa-hazard-table tbody tr")
    expect(rows).to_have_count(counts[worst])
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    download = download_info.value
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True).active
    data_rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]
    assert len(data_rows) == counts[worst]
    assert not traffic.page_errors


def test_fishbone_page_draws_and_exports_png(page: Page, traffic: Any) -> None:
    overdue_hazards("向阳社区", 2)
    sign_in(page, "leader")
    page.goto("/dashboard/fishbone/?period=range&start=2024-02-01&end=2024-03-04&kind=residential")
    diagram = page.locator('.xa-fishbone[data-kind="residential"]')
    expect(diagram.locator("svg")).to_be_visible()
    expect(diagram).to_contain_text("管理与人员（")
    with page.expect_download() as download_info:
        diagram.get_by_role("button", name="导出 PNG").click()
    png = Path(download_info.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert not traffic.page_errors
