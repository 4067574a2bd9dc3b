"""回头看 on a phone: the brigade draws a sample of closed hazards and records
what it found on site; a hazard that came back is reopened.

The clock is pinned to 4 March 2024 (`pinned_day`); the hazards the sample is
drawn from are found, fixed and closed through the services on that day.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day, tiny_png  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import PHONE_375, record_hazard, register_place
from tests.e2e.test_journeys import main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import User
from xiaoan.hazards import services
from xiaoan.hazards.choices import HazardState, InspectionResult
from xiaoan.hazards.models import Hazard, Recheck

pytestmark = pytest.mark.e2e

DAY = "2024-03-04"


def closed_hazard(name: str, category: str, description: str, photo: Path) -> Hazard:
    """A hazard found by 兴隆台大队, fixed by 惠宾物业 and closed by the brigade today."""
    hazard = record_hazard(register_place(name, f"兴隆台区惠宾街{name}"), category, description)
    services.do_report_fixed(
        hazard,
        acting_user=User.objects.get(username="property"),
        text="已整改。",
        photos=[(photo.name, io.BytesIO(photo.read_bytes()))],
    )
    return services.do_verify(
        hazard, acting_user=User.objects.get(username="xinglongtai"), accept=True
    )


def sampled(page: Page, place: str) -> Locator:
    return page.locator("#xa-open-rechecks > li").filter(has_text=place)


def test_brigade_draws_a_recheck_sample_on_a_phone_and_reopens_what_came_back(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    photo = tiny_png(tmp_path / "整改后.png")
    kept = closed_hazard("惠宾苑21号楼", "clutter", "楼道堆放纸箱。", photo)
    back = closed_hazard("惠宾苑22号楼", "ebike_indoor", "一楼大厅停放电动自行车。", photo)
    assert kept.state == back.state == HazardState.CLOSED

    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    page.goto("/hazards/")
    main(page).get_by_role("link", name="回头看").tap()
    expect(page).to_have_url(path_is("/rechecks/"))
    expect(page.get_by_role("heading", name="回头看：抽查已销号隐患")).to_be_visible()
    no_horizontal_overflow(page)

    # Every hazard closed today, drawn with a seed that can be quoted later.
    page.get_by_label("销号日期起").fill(DAY)
    page.get_by_label("销号日期止").fill(DAY)
    page.get_by_label("抽样比例").fill("1")
    page.get_by_label("抽样种子（可空）").fill("回头看-0304")
    page.get_by_role("button", name="抽样").tap()
    expect(page).to_have_url(path_is("/rechecks/"))
    drawn = Recheck.objects.filter(sample_seed="回头看-0304").count()
    assert drawn >= 2
    expect(main(page).get_by_role("alert")).to_contain_text(
        f"已抽取 {drawn} 处已销号隐患进行回头看复查。"
    )
    for hazard in (kept, back):
        row = sampled(page, hazard.place.name)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("销号 03-04 · 种子 回头看-0304")
    no_horizontal_overflow(page)

    # On site: the first stayed fixed, the second is back.
    row = sampled(page, kept.place.name)
    row.get_by_label("复查情况").fill("楼道已保持畅通。")
    row.get_by_role("button", name="复查通过").tap()
    expect(main(page).get_by_role("alert")).to_contain_text("已记录复查结果。")
    expect(sampled(page, kept.place.name)).to_have_count(0)

    row = sampled(page, back.place.name)
    row.get_by_label("复查情况").fill("大厅又停放电动自行车3辆。")
    row.get_by_role("button", name="未通过，重新整改").tap()
    expect(main(page).get_by_role("alert")).to_contain_text("已记录复查结果。")
    expect(sampled(page, back.place.name)).to_have_count(0)

    # The hazard that came back is open again, and says why.
    page.goto(f"/hazards/{back.pk}/")
    expect(page.locator("#xa-hazard-state")).to_have_text("复查未通过")
    no_horizontal_overflow(page)
    kept.refresh_from_db()
    back.refresh_from_db()
    assert (kept.state, back.state) == (HazardState.CLOSED, HazardState.REOPENED)
    outcome = Recheck.objects.get(hazard=back)
    assert outcome.passed is False and outcome.note == "大厅又停放电动自行车3辆。"
    assert outcome.inspection.result == InspectionResult.HAZARDS_FOUND


def test_a_grid_worker_sees_the_rechecks_but_cannot_draw_or_decide(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    hazard = closed_hazard(
        "惠宾苑23号楼", "clutter", "楼道堆放杂物。", tiny_png(tmp_path / "a.png")
    )
    services.do_start_recheck(
        acting_user=User.objects.get(username="xinglongtai"),
        area=User.objects.get(username="xinglongtai").area,
        start=hazard.closed_on,
        end=hazard.closed_on,
        share=1,
        seed="s",
    )
    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "grid")
    page.goto("/rechecks/")
    row = sampled(page, hazard.place.name)
    expect(row).to_have_count(1)
    expect(page.get_by_role("button", name="抽样")).to_have_count(0)
    expect(row.get_by_role("button")).to_have_count(0)
    no_horizontal_overflow(page)

    # The neighbouring brigade does not see it at all.
    other = new_context(**PHONE_375).new_page()
    warm_up(other)
    sign_in(other, "shuangtaizi")
    other.goto("/rechecks/")
    expect(sampled(other, hazard.place.name)).to_have_count(0)
