"""The security log (安全审计): what is recorded, that it cannot be changed,
how long it is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from xiaoan.areas.services import do_update_user
from xiaoan.core import clock
from xiaoan.core.models import AppendOnlyError, SecurityEvent
from xiaoan.core.periodic import run_due
from xiaoan.core.securitylog import SecurityEventKind as K
from xiaoan.core.securitylog import purge_expired, record_security_event

pytestmark = pytest.mark.django_db


def events(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("id"))


def test_sign_in_success_failure_and_sign_out_are_recorded_with_the_address(password):
    client = Client(REMOTE_ADDR="10.20.30.40")
    client.post("/login/", {"username": "office", "password": "wrong-password"})
    client.post("/login/", {"username": "nobody-such", "password": "x"})
    assert client.post("/login/", {"username": "office", "password": password}).status_code == 302
    client.post("/logout/")

    failed = events(K.LOGIN_FAILED)
    assert [(e.username, e.client_address, e.user_id) for e in failed] == [
        ("office", "10.20.30.40", None),
        ("nobody-such", "10.20.30.40", None),
    ]
    succeeded = events(K.LOGIN_SUCCEEDED)[-1]
    assert (succeeded.username, succeeded.client_address) == ("office", "10.20.30.40")
    assert succeeded.user.username == "office"
    assert events(K.LOGOUT)[-1].username == "office"


def test_the_address_behind_a_trusted_proxy_is_the_forwarded_one(settings, password):
    settings.XIAOAN_TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 172.16.5.9")
    client.post("/login/", {"username": "office", "password": "bad"})
    assert events(K.LOGIN_FAILED)[-1].client_address == "172.16.5.9"
    # an untrusted connection's own header is not believed
    settings.XIAOAN_TRUSTED_PROXIES = []
    Client(REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="9.9.9.9").post(
        "/login/", {"username": "office", "password": "bad"}
    )
    assert events(K.LOGIN_FAILED)[-1].client_address == "10.0.0.7"


def test_entries_cannot_be_changed_or_deleted():
    record_security_event(K.BACKUP, username="ops", detail="原文")
    entry = SecurityEvent.objects.get(kind=K.BACKUP)
    entry.detail = "改过"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=entry.pk).update(detail="改过")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=entry.pk).delete()
    assert SecurityEvent.objects.get(pk=entry.pk).detail == "原文"


def test_entries_are_kept_180_days_even_when_configured_shorter(settings):
    settings.XIAOAN_SECURITY_LOG_DAYS = 30
    now = clock.now()
    for days in (10, 179, 181, 400):
        SecurityEvent(kind=K.BACKUP, username=f"d{days}", at=now - dt.timedelta(days=days)).save()
    assert purge_expired() == 2
    assert purge_expired() == 0
    kept = set(SecurityEvent.objects.filter(kind=K.BACKUP).values_list("username", flat=True))
    assert kept == {"d10", "d179"}


def test_the_worker_purges_expired_entries_among_its_periodic_checks():
    SecurityEvent(kind=K.BACKUP, username="old", at=clock.now() - dt.timedelta(days=200)).save()
    assert "security-log-purge" in run_due(force=True)
    assert not SecurityEvent.objects.filter(username="old").exists()


def test_role_area_and_deactivation_changes_are_recorded(user, area):
    target = user("zhujian")
    security = user("secadmin")
    do_update_user(
        target,
        acting_user=security,
        expected_version=target.version,
        roles=["department", "auditor"],
        area=area("兴隆台区"),
    )
    target.refresh_from_db()
    do_update_user(target, acting_user=security, expected_version=target.version, is_active=False)
    roles = events(K.USER_ROLES_CHANGED)[-1]
    assert roles.username == "secadmin" and roles.target_label == str(target)
    assert roles.detail == "角色：行业部门 → 审计（只读）、行业部门"
    assert events(K.USER_AREA_CHANGED)[-1].detail == "辖区：盘锦市 → 兴隆台区"
    assert events(K.USER_DEACTIVATED)[-1].target_id == str(target.pk)


def test_page_and_api_refusals_are_recorded(client_as, api_as):
    response = client_as("grid").get("/security-log/")
    assert response.status_code == 403
    refused = events(K.PERMISSION_DENIED)[-1]
    assert (refused.username, refused.target_label) == ("grid", "GET /security-log/")

    api = api_as("office")
    answer = api.get("/api/security-events")
    assert answer.status_code == 403
    assert "审计" in answer.json()["error"]["message"]
    refused = events(K.PERMISSION_DENIED)[-1]
    assert (refused.username, refused.target_label) == ("office", "GET /api/security-events")


def test_exports_of_personal_data_are_recorded(client_as):
    assert client_as("office").get("/complaints/export/").status_code == 200
    assert client_as("office").get("/rewards/export/?state=open").status_code == 200
    assert client_as("office").get("/rewards/ledger/export/").status_code == 200
    exported = events(K.PERSONAL_DATA_EXPORTED)[-3:]
    assert [e.target_label for e in exported] == ["12345 工单", "有奖举报", "有奖举报奖励发放台账"]
    assert all(e.username == "office" for e in exported)
    assert "state=open" in exported[1].detail


def test_backup_and_restore_are_recorded(tmp_path, settings):
    from xiaoan.core.backup import read_backup, write_backup

    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "b.tar.gz"
    write_backup(archive)
    assert events(K.BACKUP)[-1].target_label == str(archive)
    read_backup(archive, migrate=False)
    restored = events(K.RESTORE)
    assert len(restored) == 1 and "恢复" in restored[0].detail
