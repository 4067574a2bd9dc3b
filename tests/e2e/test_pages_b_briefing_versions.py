"""A briefing's exported versions in the browser: March's briefing was exported, a
section rewritten and exported again; a leader on a phone finds both versions, compares
them and downloads the first one's Word file, which still holds the first text."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import docx
import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import User
from xiaoan.briefings import pdf, services
from xiaoan.briefings.models import Briefing

pytestmark = pytest.mark.e2e

FIRST = "明察暗访督导检查三次"
SECOND = "刘占明副市长带队明察暗访三次，发现问题均已督促整改。"


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """The seed's day; builds run at once; no LibreOffice, so exports are Word only."""
    settings.XIAOAN_TODAY = "2024-03-04"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "soffice", lambda: None)


def two_versions() -> Briefing:
    office = User.objects.select_related("area").get(username="office")
    briefing = services.do_start_briefing(acting_user=office, area=office.area, month="2024-03")
    briefing.refresh_from_db()
    services.do_export(briefing, acting_user=office)
    briefing = services.do_edit_section(
        briefing, acting_user=office, expected_version=briefing.version, key="visits", text=SECOND
    )
    services.do_export(briefing, acting_user=office)
    return briefing


def test_a_leader_compares_two_versions_and_downloads_the_first(
    new_context: Callable[..., BrowserContext],
) -> None:
    briefing = two_versions()
    title = briefing.title

    page = new_context(**PHONE).new_page()
    sign_in(page, "zhanming")
    page.goto("/briefings/")
    main(page).get_by_role("link", name=title).first.tap()
    expect(page).to_have_url(path_is(f"/briefings/{briefing.pk}/"))
    versions = page.locator("#xa-versions tbody tr")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("第 2 版")
    expect(versions.nth(1)).to_contain_text("第 1 版")
    expect(versions.nth(1)).to_contain_text("支队办公室")
    no_horizontal_overflow(page)

    # the first version holds the text as built, the second the rewritten one
    versions.nth(1).get_by_role("link", name="第 1 版").tap()
    expect(page).to_have_url(path_is(f"/briefings/{briefing.pk}/versions/1/"))
    expect(main(page).get_by_role("heading", level=1)).to_contain_text("第 1 版 · 支队办公室")
    visits = page.locator("#section-visits")
    expect(visits).to_contain_text(FIRST)
    expect(visits).not_to_contain_text(SECOND)
    no_horizontal_overflow(page)
    main(page).get_by_role("link", name="返回草稿").tap()
    page.locator("#xa-versions").get_by_role("link", name="第 2 版").tap()
    expect(page).to_have_url(path_is(f"/briefings/{briefing.pk}/versions/2/"))
    expect(page.locator("#section-visits")).to_contain_text(SECOND)
    expect(page.locator("#section-visits")).not_to_contain_text(FIRST)

    # the first version's Word file, as it was exported
    page.goto(f"/briefings/{briefing.pk}/versions/1/")
    expect(main(page).get_by_role("link", name="下载 PDF")).to_have_count(0)
    with page.expect_download() as download:
        main(page).get_by_role("link", name="下载 Word").tap()
    assert download.value.suggested_filename == f"{title}-第1版.docx"
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert title in text and FIRST in text and SECOND not in text
