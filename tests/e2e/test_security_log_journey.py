"""安全审计 in the browser: a mistyped password and a refused page end up in the
security log, which the audit administrator searches on a phone and downloads;
the system administrator cannot open it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, expect

from tests.e2e.test_journeys import PHONE, menu, no_horizontal_overflow, sign_in

pytestmark = pytest.mark.e2e

DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def test_audit_administrator_finds_failed_sign_ins_and_refusals(
    new_context: Callable[..., BrowserContext],
) -> None:
    # someone mistypes the office's password
    stranger = new_context(**DESKTOP).new_page()
    sign_in(stranger, "office", "not-the-password")
    expect(stranger.get_by_text("用户名或密码错误")).to_be_visible()

    # the system administrator has no menu entry, and the page itself is refused
    admin = new_context(**DESKTOP).new_page()
    sign_in(admin, "admin")
    expect(menu(admin).get_by_role("link", name="安全审计")).to_have_count(0)
    response = admin.goto("/security-log/")
    assert response is not None and response.status == 403

    # the audit administrator, on a phone
    phone = new_context(**PHONE, accept_downloads=True).new_page()
    sign_in(phone, "auditadmin")
    phone.get_by_role("button", name="展开菜单").tap()
    menu(phone).get_by_role("link", name="安全审计").tap()
    expect(phone.get_by_role("heading", name="安全审计日志")).to_be_visible()
    no_horizontal_overflow(phone)

    phone.get_by_label("事件类型").select_option(label="登录失败")
    phone.get_by_label("用户").fill("office")
    phone.get_by_role("button", name="筛选").tap()
    rows = phone.locator("#xa-security-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("登录失败")
    expect(rows.first).to_contain_text("127.0.0.1")
    no_horizontal_overflow(phone)

    with phone.expect_download() as download_info:
        phone.locator("#xa-security-export").tap()
    download = download_info.value
    assert download.suggested_filename.startswith("安全审计日志-")
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    exported = list(sheet.iter_rows(values_only=True))
    assert exported[0][1] == "事件"
    assert [(row[1], row[2], row[4]) for row in exported[1:]] == [
        ("登录失败", "office", "127.0.0.1")
    ]

    # the administrator's refused visit is there too
    phone.get_by_label("事件类型").select_option(label="越权访问被拒绝")
    phone.get_by_label("用户").fill("admin")
    phone.get_by_role("button", name="筛选").tap()
    expect(phone.locator("#xa-security-table tbody tr").first).to_contain_text("GET /security-log/")
