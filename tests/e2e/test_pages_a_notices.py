"""责令限期改正通知书 on a phone: the brigade issues a numbered notice for a
place's open hazards at the place, downloads the Word document, and records
who signed for it. The clock is pinned to 4 March 2024 (`pinned_day`)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import docx
import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import PHONE_375, record_hazard, register_place
from tests.e2e.test_journeys import main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import User
from xiaoan.hazards.models import RectificationNotice
from xiaoan.hazards.services import do_issue_notice

pytestmark = pytest.mark.e2e


def notices(page: Page) -> Locator:
    return page.locator("#xa-notices > li")


def alert(page: Page) -> Locator:
    return main(page).get_by_role("alert")


def test_brigade_issues_a_notice_on_a_phone_downloads_it_and_records_service(
    new_context: Callable[..., BrowserContext],
) -> None:
    place = register_place("惠宾苑31号楼", "兴隆台区惠宾街惠宾苑31号楼")
    clutter = record_hazard(place, "clutter", "3单元楼道堆放废旧家具。")
    door = record_hazard(place, "fire_door", "2单元防火门闭门器损坏。")

    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    page.goto(f"/places/{place.pk}/")
    expect(page.get_by_role("heading", name=place.name)).to_be_visible()
    expect(notices(page)).to_have_text("无")
    form = page.locator("#xa-notice-form")
    # both open hazards are offered, ticked
    expect(form.get_by_label("楼道堆放杂物（03-04）")).to_be_checked()
    expect(form.get_by_label("防火门损坏或常开（03-04）")).to_be_checked()
    no_horizontal_overflow(page)

    # A deadline of today is refused, in words; nothing is issued.
    form.get_by_label("改正期限").fill("2024-03-04")
    form.get_by_role("button", name="制发通知书（Word）").tap()
    expect(alert(page)).to_contain_text("改正期限应晚于制发日期。")
    expect(notices(page)).to_have_text("无")
    assert not RectificationNotice.objects.filter(place=place).exists()

    # Only the clutter, by 9 March.
    form.get_by_label("防火门损坏或常开（03-04）").uncheck()
    form.get_by_label("改正期限").fill("2024-03-09")
    form.get_by_role("button", name="制发通知书（Word）").tap()
    expect(alert(page)).to_contain_text("请下载打印后送达。")
    notice = RectificationNotice.objects.get(place=place)
    assert notice.number.startswith("兴隆台大队消限字〔2024〕第")
    expect(alert(page)).to_have_text(f"已制发 {notice.number}，请下载打印后送达。")
    row = notices(page)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("制发 2024-03-04 · 期限 2024-03-09")
    no_horizontal_overflow(page)

    # The Word document names the place, the hazard and the deadline.
    link = row.get_by_role("link", name=notice.number)
    download = page.request.get(link.get_attribute("href") or "")
    assert download.status == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.body())).paragraphs)
    assert "责令限期改正通知书" in text and notice.number in text
    assert "1.楼道堆放杂物：3单元楼道堆放废旧家具。" in text
    assert "防火门" not in text
    assert "2024年3月9日前改正" in text

    # Served on the responsible person, today.
    row.get_by_label("签收人").fill("王经理")
    row.get_by_role("button", name="记录送达").tap()
    expect(alert(page)).to_contain_text(f"已记录 {notice.number} 送达。")
    expect(row.locator(".badge")).to_have_text("已送达 03-04（王经理签收）")
    expect(row.get_by_role("button", name="记录送达")).to_have_count(0)

    # The hazard's deadline is now the notice's; the other hazard's is unchanged.
    page.goto(f"/hazards/{clutter.pk}/")
    expect(main(page).locator("dl")).to_contain_text("2024年3月9日")
    page.goto(f"/hazards/{door.pk}/")
    expect(main(page).locator("dl")).to_contain_text("2024年3月11日")
    no_horizontal_overflow(page)


def test_the_property_manager_sees_the_notice_but_cannot_serve_or_issue(
    new_context: Callable[..., BrowserContext],
) -> None:
    place = register_place("惠宾苑32号楼", "兴隆台区惠宾街惠宾苑32号楼")
    hazard = record_hazard(place, "fire_lane", "北门消防车道被占用。")
    notice = do_issue_notice(
        acting_user=User.objects.get(username="xinglongtai"),
        place=place,
        hazards=[hazard],
        deadline=dt.date(2024, 3, 8),
    )
    page = new_context(**PHONE_375).new_page()
    warm_up(page)
    sign_in(page, "property")
    page.goto(f"/places/{place.pk}/")
    expect(page).to_have_url(path_is(f"/places/{place.pk}/"))
    row = notices(page)
    expect(row).to_contain_text(notice.number)
    expect(row.locator(".badge")).to_have_text("未送达")
    expect(page.get_by_role("button", name="记录送达")).to_have_count(0)
    expect(page.locator("#xa-notice-form")).to_have_count(0)
    no_horizontal_overflow(page)

    # A crafted service record is refused and the notice stays unserved.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    page.request.post(
        f"/places/{place.pk}/notices/{notice.pk}/serve/",
        form={
            "csrfmiddlewaretoken": token or "",
            "version": str(notice.version),
            "served_on": "2024-03-04",
            "served_to": "王经理",
        },
        headers={"Referer": page.url},
    )
    notice.refresh_from_db()
    assert notice.served_on is None
