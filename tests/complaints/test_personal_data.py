"""The 12345 caller's name and number (个人信息): imported into encrypted columns
(not into the clear copy of the row), masked in the list, the page, the export and
the API for every role, revealed one order at a time by roles with
view_personal_data (logged), exported in clear only when such a role asks (logged)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from openpyxl import load_workbook

from tests.complaints.conftest import HEADER, good_row, xlsx_bytes
from xiaoan.complaints.importers import import_complaints
from xiaoan.complaints.models import Complaint
from xiaoan.core import personal, pii
from xiaoan.core.models import SecurityEvent

pytestmark = pytest.mark.django_db

CALLER_HEADER = [*HEADER, "来电人", "联系电话"]
NAME, PHONE, MASKED = "赵小兰", "13700001111", "137****1111"


@pytest.fixture
def events(monkeypatch: Any) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(
        personal, "record_security_event", lambda kind, **kw: seen.append({"kind": kind, **kw})
    )
    return seen


@pytest.fixture
def order(user: Any) -> Complaint:
    rows = [
        [*good_row("GDP001"), NAME, PHONE],
        [*good_row("GDP002", 工单标题="又一次来电"), NAME, "+86 137-0000-1111"],
        [*good_row("GDP003"), "钱多多", "13900002222"],
    ]
    result = import_complaints(xlsx_bytes(rows, CALLER_HEADER), acting_user=user("office"))
    assert result.imported == 3, result.errors
    return Complaint.objects.get(number="GDP001")


def workbook_rows(response: Any) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_the_import_keeps_the_caller_encrypted_and_out_of_the_raw_row(order):
    assert (order.caller_name, order.caller_phone) == (NAME, PHONE)
    assert "来电人" not in order.raw and "联系电话" not in order.raw
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT caller_name, caller_phone, caller_phone_hash, raw "
            "FROM complaints_complaint WHERE number LIKE 'GDP%%'"
        )
        stored = cursor.fetchall()
        cursor.execute(
            "SELECT caller_name, caller_phone FROM complaints_historicalcomplaint "
            "WHERE number LIKE 'GDP%%'"
        )
        history = cursor.fetchall()
    text = repr(stored) + repr(history)
    assert PHONE not in text and NAME not in text and "1111" not in text.replace(MASKED, "")
    assert all(pii.is_token(name) and pii.is_token(phone) for name, phone, _h, _r in stored)
    assert len(history) == 3
    # the same number however written: one lookup hash
    hashes = {phone_hash for _n, _p, phone_hash, _r in stored}
    assert len(hashes) == 2


def test_a_reimport_with_a_new_number_updates_it_and_its_hash(order, user):
    rows = [[*good_row("GDP001"), NAME, "13700009999"]]
    result = import_complaints(xlsx_bytes(rows, CALLER_HEADER), acting_user=user("office"))
    assert result.updated == 1
    order.refresh_from_db()
    assert order.caller_phone == "13700009999"
    assert order.caller_phone_hash == pii.phone_hash("13700009999")


@pytest.mark.parametrize("username", ["office", "xinglongtai", "leader", "auditor"])
def test_every_role_sees_the_caller_masked(order, client_as, api_as, username):
    client = client_as(username)
    detail = client.get(f"/complaints/{order.pk}/").content.decode()
    listing = client.get("/complaints/").content.decode()
    for page in (detail, listing):
        assert MASKED in page and "赵*兰" in page
        assert PHONE not in page and NAME not in page
    api = api_as(username)
    item = api.get(f"/api/complaints/{order.pk}").json()
    assert (item["caller_name"], item["caller_phone"]) == ("赵*兰", MASKED)
    listed = {c["number"]: c for c in api.get("/api/complaints", limit=500).json()["items"]}
    assert listed["GDP001"]["caller_phone"] == MASKED
    rows = workbook_rows(client.get("/complaints/export/"))
    assert rows[0][2:4] == ("来电人", "来电号码")
    row = next(r for r in rows if r[0] == "GDP001")
    assert row[2:4] == ("赵*兰", MASKED)


def test_the_same_callers_other_orders_are_linked(order, client_as):
    detail = client_as("office").get(f"/complaints/{order.pk}/").content.decode()
    assert "同一来电号码的其他工单" in detail and "GDP002" in detail
    assert "GDP003" not in detail.split("同一来电号码的其他工单")[1].split("</dd>")[0]


@pytest.mark.parametrize("username", ["office", "xinglongtai"])
def test_a_handling_role_reveals_one_order_and_it_is_logged(order, client_as, username, events):
    client = client_as(username)
    detail = client.get(f"/complaints/{order.pk}/").content.decode()
    assert f'hx-post="/complaints/{order.pk}/personal/"' in detail
    fragment = client.post(f"/complaints/{order.pk}/personal/", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert fragment.status_code == 200 and NAME in text and PHONE in text
    assert [e["kind"] for e in events] == ["personal_data_revealed"]
    assert events[0]["target"] == order
    assert events[0]["request"].user.username == username


@pytest.mark.parametrize("username", ["leader", "auditor"])
def test_roles_without_the_permission_cannot_reveal(order, client_as, api_as, username, events):
    client = client_as(username)
    assert "/personal/" not in client.get(f"/complaints/{order.pk}/").content.decode()
    response = client.post(f"/complaints/{order.pk}/personal/")
    assert response.status_code == 404 and PHONE not in response.content.decode()
    assert api_as(username).post(f"/api/complaints/{order.pk}/personal").status_code == 403
    exported = client.get("/complaints/export/?personal=1", follow=True).content.decode()
    assert "您的角色无权导出个人信息原文" in exported
    assert events == []


def test_a_neighbour_cannot_reveal(order, client_as, api_as, events):
    assert client_as("shuangtaizi").post(f"/complaints/{order.pk}/personal/").status_code == 404
    assert api_as("shuangtaizi").post(f"/api/complaints/{order.pk}/personal").status_code == 404
    assert events == []


def test_the_api_reveals_and_logs(order, api_as, events):
    response = api_as("office").post(f"/api/complaints/{order.pk}/personal")
    assert response.json() == {"caller_name": NAME, "caller_phone": PHONE}
    assert [e["kind"] for e in events] == ["personal_data_revealed"]


def test_clear_export_only_when_asked_and_logged(order, client_as, events):
    office = client_as("office")
    assert "导出（含来电人原文）" in office.get("/complaints/").content.decode()
    masked = workbook_rows(office.get("/complaints/export/"))
    assert next(r for r in masked if r[0] == "GDP001")[2:4] == ("赵*兰", MASKED)
    rows = workbook_rows(office.get("/complaints/export/?personal=1"))
    row = next(r for r in rows if r[0] == "GDP001")
    assert row[2:4] == (NAME, PHONE)
    logged = list(SecurityEvent.objects.filter(kind="personal_data_exported").order_by("pk"))
    assert [e.detail.startswith("导出12345 工单 ") for e in logged] == [True, False]
    assert "含个人信息原文" in logged[1].detail


def test_the_history_panel_masks_the_caller(order, user, client_as):
    rows = [[*good_row("GDP001"), NAME, "13700009999"]]
    import_complaints(xlsx_bytes(rows, CALLER_HEADER), acting_user=user("office"))
    detail = client_as("office").get(f"/complaints/{order.pk}/").content.decode()
    assert "137****9999" in detail and "13700009999" not in detail
    assert "来电号码索引" not in detail


def test_the_data_migration_moves_callers_out_of_the_raw_row(order):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps

    migration = import_module("xiaoan.complaints.migrations.0009_complaint_caller_encrypted")
    Complaint.objects.filter(pk=order.pk).update(
        raw={**order.raw, "来电人": "周八", "来电号码": "13811112222"},
        caller_name="",
        caller_phone="",
        caller_phone_hash="",
    )
    migration.move_callers_out_of_raw(apps, SimpleNamespace(connection=connection))
    order.refresh_from_db()
    assert "来电人" not in order.raw and "来电号码" not in order.raw
    assert (order.caller_name, order.caller_phone) == ("周八", "13811112222")
    assert order.caller_phone_hash == pii.phone_hash("13811112222")
