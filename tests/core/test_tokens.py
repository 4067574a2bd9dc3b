"""API tokens: named, expiring, listed and revoked by their owner, revoked
with a password change or a deactivation, refused in Chinese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import ApiClient
from tests.core.security_spy import spy_on_security_log
from xiaoan.areas.services import do_update_user
from xiaoan.core import clock
from xiaoan.core.models import ApiToken
from xiaoan.core.passwords import do_change_password
from xiaoan.core.security import create_token

pytestmark = pytest.mark.django_db
security_events = spy_on_security_log

NEW_PASSWORD = "Hydrant-2024!x"


def issue_on_the_page(client: Client, name: str = "巡查脚本", days: int = 30) -> str:
    page = client.post("/tokens/", {"name": name, "days": days}).content.decode()
    match = re.search(r'id="xa-raw-token">(xa_[^<]+)<', page)
    assert match, page
    return match.group(1)


def test_a_token_is_issued_on_the_page_shown_once_and_works(client_as, security_events):
    client = client_as("xinglongtai")
    raw = issue_on_the_page(client)
    token = ApiToken.objects.get(user__username="xinglongtai")
    assert token.name == "巡查脚本"
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    assert "token_issued" in security_events.kinds()
    # the list shows it, without the secret
    page = client.get("/tokens/").content.decode()
    assert "巡查脚本" in page and token.prefix in page and raw not in page
    assert "从未使用" in page
    response = ApiClient(raw).get("/api/me")
    assert response.status_code == 200 and response.json()["username"] == "xinglongtai"
    assert "token_first_used" in security_events.kinds()
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_tokens_expire_after_the_default_days(user, settings):
    settings.XIAOAN_TOKEN_DAYS = 90
    raw = create_token(user("office"))
    token = ApiToken.objects.get(user__username="office")
    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=clock.now() - dt.timedelta(seconds=1))
    response = ApiClient(raw).get("/api/me")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "token_expired" and "令牌已过期" in error["message"]


def test_the_owner_revokes_a_token_on_the_page(client_as, security_events):
    client = client_as("xinglongtai")
    raw = issue_on_the_page(client)
    token = ApiToken.objects.get(user__username="xinglongtai")
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 302
    assert "token_revoked" in security_events.kinds()
    assert "已吊销" in client.get("/tokens/").content.decode()
    response = ApiClient(raw).get("/api/me")
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("令牌已吊销")


def test_someone_elses_token_is_a_404(client_as, user):
    create_token(user("dawa"))
    token = ApiToken.objects.get(user__username="dawa")
    assert client_as("xinglongtai").post(f"/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert token.prefix not in client_as("xinglongtai").get("/tokens/").content.decode()


def test_a_bad_token_request_is_refused_in_chinese(client_as):
    response = client_as("xinglongtai").post("/tokens/", {"name": "", "days": 0})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写令牌名称" in page and "有效期至少 1 天" in page
    assert not ApiToken.objects.filter(user__username="xinglongtai").exists()


def test_a_password_change_revokes_every_token(client_as, password):
    client = client_as("grid")
    raw = issue_on_the_page(client)
    response = client.post(
        "/password/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert ApiClient(raw).get("/api/me").status_code == 401


def test_a_deactivated_users_tokens_are_revoked(user, security_events):
    person = user("dawa")
    raw = create_token(person)
    do_update_user(
        person, acting_user=user("secadmin"), expected_version=person.version, is_active=False
    )
    assert "user_deactivated" in security_events.kinds()
    assert ApiToken.objects.get(user=person).revoked_at is not None
    assert ApiClient(raw).get("/api/me").status_code == 401


def test_revoke_all_from_the_command_line(user, capsys):
    raws = [create_token(user("dawa")) for _ in range(2)]
    call_command("token", "dawa", "--revoke-all")
    assert "已吊销 dawa 的 2 个令牌" in capsys.readouterr().out
    assert all(ApiClient(raw).get("/api/me").status_code == 401 for raw in raws)


def test_an_administrators_reset_revokes_tokens(user):
    person = user("dawa")
    raw = create_token(person)
    do_change_password(person, acting_user=user("admin"), password=NEW_PASSWORD, must_change=True)
    assert ApiClient(raw).get("/api/me").status_code == 401


def test_the_user_menu_links_to_the_token_page(client_as):
    page = client_as("grid").get("/").content.decode()
    assert 'href="/tokens/"' in page
