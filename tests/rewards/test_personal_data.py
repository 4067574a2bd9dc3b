"""The reporter's name and phone (个人信息): masked everywhere, revealed one report at
a time by the roles that handle rewards and logged; exports carry clear values only
when asked for by such a role (logged too); the database holds only ciphertext."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from openpyxl import load_workbook

from tests.rewards.conftest import MASKED, PHONE
from xiaoan.core import personal, pii
from xiaoan.core.models import SecurityEvent
from xiaoan.rewards.models import RewardReport

pytestmark = pytest.mark.django_db

NAME = "王小明"


@pytest.fixture
def events(monkeypatch: Any) -> list[dict[str, Any]]:
    """The security events written, as (kind, detail, target) dicts."""
    seen: list[dict[str, Any]] = []

    def record(kind: str, **kwargs: Any) -> None:
        seen.append({"kind": kind, **kwargs})

    monkeypatch.setattr(personal, "record_security_event", record)
    return seen


def workbook_rows(response: Any) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_the_public_form_takes_a_name_and_staff_see_it_masked(public_post, client_as):
    public_post(phone=PHONE, reporter_name=NAME)
    report = RewardReport.objects.latest("id")
    assert (report.reporter_name, report.phone) == (NAME, PHONE)
    page = client_as("office").get(f"/rewards/{report.pk}/").content.decode()
    assert "王*明" in page and MASKED in page
    assert NAME not in page and PHONE not in page
    assert "王*明" in client_as("office").get("/rewards/").content.decode()


def test_a_handler_reveals_one_report_and_the_reveal_is_logged(make_report, client_as, events):
    report = make_report(reporter_name=NAME)
    office = client_as("office")
    detail = office.get(f"/rewards/{report.pk}/").content.decode()
    assert f'hx-post="/rewards/{report.pk}/reveal/"' in detail
    fragment = office.post(f"/rewards/{report.pk}/reveal/", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert fragment.status_code == 200 and PHONE in text and NAME in text
    assert "<html" not in text  # the fragment replaces the masked value in place
    assert [e["kind"] for e in events] == ["personal_data_revealed"]
    assert events[0]["target"] == report and "联系电话" in events[0]["detail"]
    # without htmx: a page of its own, with the way back
    page = office.post(f"/rewards/{report.pk}/reveal/").content.decode()
    assert PHONE in page and f'href="/rewards/{report.pk}/"' in page
    assert len(events) == 2


@pytest.mark.parametrize("username", ["leader", "auditor", "yingshang"])
def test_other_roles_have_no_reveal_and_are_refused(
    make_report, client_as, api_as, username, events
):
    report = make_report()
    client = client_as(username)
    assert "/reveal/" not in client.get(f"/rewards/{report.pk}/").content.decode()
    response = client.post(f"/rewards/{report.pk}/reveal/")
    assert response.status_code == 404 and PHONE not in response.content.decode()
    api = api_as(username).post(f"/api/reward-reports/{report.pk}/personal")
    assert api.status_code == 403
    assert api.json()["error"]["message"] == "您的角色无权查看个人信息原文。"
    assert events == []


def test_a_neighbours_report_cannot_be_revealed(make_report, client_as, api_as, events):
    theirs = make_report("双台子区")
    assert client_as("xinglongtai").post(f"/rewards/{theirs.pk}/reveal/").status_code == 404
    assert (
        api_as("xinglongtai").post(f"/api/reward-reports/{theirs.pk}/personal").status_code == 404
    )
    assert events == []


def test_the_api_reveals_for_a_handler_and_logs_it(make_report, api_as, events):
    report = make_report(reporter_name=NAME)
    api = api_as("xinglongtai")
    assert api.get(f"/api/reward-reports/{report.pk}").json()["reporter_name"] == "王*明"
    response = api.post(f"/api/reward-reports/{report.pk}/personal")
    assert response.json() == {"reporter_name": NAME, "phone": PHONE}
    assert [e["kind"] for e in events] == ["personal_data_revealed"]


def test_clear_exports_only_when_asked_by_a_handler_and_logged(make_report, client_as, events):
    report = make_report(reporter_name=NAME)
    office = client_as("office")
    masked = workbook_rows(office.get("/rewards/export/"))
    assert masked[0][5:7] == ("举报人", "联系电话")
    assert masked[1][5:7] == ("王*明", MASKED)
    assert "导出（含个人信息原文）" in office.get("/rewards/").content.decode()
    clear = workbook_rows(office.get("/rewards/export/?personal=1"))
    assert clear[1][0] == report.code and clear[1][5:7] == (NAME, PHONE)
    logged = list(SecurityEvent.objects.filter(kind="personal_data_exported").order_by("pk"))
    assert [e.detail for e in logged] == [
        "导出有奖举报 1 条",
        "导出有奖举报（含个人信息原文） 1 条（筛选：personal=1）",
    ]


def test_a_role_without_the_permission_cannot_export_clear_values(make_report, client_as, events):
    make_report()
    leader = client_as("leader")
    assert "导出（含个人信息原文）" not in leader.get("/rewards/").content.decode()
    response = leader.get("/rewards/export/?personal=1", follow=True)
    assert "您的角色无权导出个人信息原文" in response.content.decode()
    assert events == []
    response = leader.get("/rewards/ledger/export/?personal=1", follow=True)
    assert "您的角色无权导出个人信息原文" in response.content.decode()


def test_the_database_holds_no_clear_phone_or_name(make_report):
    report = make_report(reporter_name=NAME)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, reporter_name, phone_hash FROM rewards_rewardreport WHERE id = %s",
            [report.pk],
        )
        phone, name, phone_hash = cursor.fetchone()
        cursor.execute(
            "SELECT phone, reporter_name FROM rewards_historicalrewardreport WHERE id = %s",
            [report.pk],
        )
        history = cursor.fetchall()
    assert PHONE not in phone and "1234" not in phone and NAME not in name
    assert phone.split(".")[0] == "s1" and len(phone_hash) == 64
    assert history and all(PHONE not in p and NAME not in n for p, n in history)
    # two reports of one number: different ciphertexts, one lookup hash
    other = make_report(phone=PHONE)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, phone_hash FROM rewards_rewardreport WHERE id = %s", [other.pk]
        )
        other_phone, other_hash = cursor.fetchone()
    assert other_phone != phone and other_hash == phone_hash
    assert RewardReport.objects.get(pk=report.pk).phone == PHONE


def test_the_data_migration_encrypts_phones_stored_before(make_report):
    from importlib import import_module
    from types import SimpleNamespace

    migration = import_module("xiaoan.rewards.migrations.0003_reporter_contact_encrypted")
    report = make_report()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rewards_rewardreport SET phone = %s, phone_hash = '' WHERE id = %s",
            [PHONE, report.pk],
        )
    migration.encrypt_existing(None, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, phone_hash FROM rewards_rewardreport WHERE id = %s", [report.pk]
        )
        stored, lookup = cursor.fetchone()
    assert PHONE not in stored and lookup == pii.phone_hash(PHONE)
    assert RewardReport.objects.get(pk=report.pk).phone == PHONE
