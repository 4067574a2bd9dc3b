"""Lockout per username and client address, with a growing wait, a limit per
address, the password page counted too, and the administrator's unlock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.signals import user_login_failed
from django.core.management import call_command
from django.test import Client

from tests.core.security_spy import spy_on_security_log
from xiaoan.core import clock
from xiaoan.core.models import LoginFailure

pytestmark = pytest.mark.django_db
security_events = spy_on_security_log

ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.7"


def login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def fail(username: str, times: int, address: str = ATTACKER) -> str:
    client = Client(REMOTE_ADDR=address)
    page = ""
    for _ in range(times):
        page = login(client, username, "wrong-password").content.decode()
    return page


def test_a_stranger_cannot_lock_the_leader_out(password, security_events):
    page = fail("leader", 5)
    assert "登录失败次数过多" in page
    assert "locked_out" in security_events.kinds()
    # the attacker's address stays locked, even with the right password ...
    assert login(Client(REMOTE_ADDR=ATTACKER), "leader", password).status_code == 200
    # ... but the leader at the office signs in as usual
    assert login(Client(REMOTE_ADDR=OFFICE), "leader", password).status_code == 302


def test_the_message_says_when_to_try_again(password):
    fail("dawa", 5)
    last = LoginFailure.objects.filter(username="dawa").latest("at").at
    until = (last + dt.timedelta(minutes=15)).astimezone(clock.LOCAL_TZ)
    page = login(Client(REMOTE_ADDR=ATTACKER), "dawa", password).content.decode()
    assert f"登录失败次数过多，请于 {until:%H:%M} 后再试" in page


def test_each_failure_after_a_lock_doubles_the_wait(password):
    earlier = clock.now() - dt.timedelta(minutes=20)
    LoginFailure.objects.bulk_create(
        LoginFailure(username="dawa", ip=ATTACKER, at=earlier) for _ in range(5)
    )
    # the first lock (15 minutes) is over: the next wrong password locks for 30
    page = fail("dawa", 1)
    last = LoginFailure.objects.filter(username="dawa").latest("at").at
    until = (last + dt.timedelta(minutes=30)).astimezone(clock.LOCAL_TZ)
    assert f"请于 {until:%H:%M} 后再试" in page


def test_a_password_spray_from_one_address_is_stopped(password, user):
    names = ["office", "leader", "xinglongtai", "dawa", "panshan", "grid"]
    for name in names[:5]:
        fail(name, 4)  # 20 wrong passwords, never five for one account
    page = login(Client(REMOTE_ADDR=ATTACKER), "grid", password).content.decode()
    assert "登录失败次数过多" in page
    # other addresses are not affected
    assert login(Client(REMOTE_ADDR=OFFICE), "grid", password).status_code == 302


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(password, settings):
    settings.XIAOAN_TRUSTED_PROXIES = ["10.0.0.1"]
    proxied = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    for _ in range(5):
        login(proxied, "dawa", "nope")
    assert LoginFailure.objects.filter(username="dawa", ip=ATTACKER).count() == 5
    # another client behind the same proxy is not locked out
    colleague = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE)
    assert login(colleague, "dawa", password).status_code == 302


def test_a_locked_attempt_still_signals_a_failed_sign_in():
    fail("dawa", 5)
    seen = []

    def receiver(sender, credentials, request=None, **kwargs):
        seen.append(credentials["username"])

    user_login_failed.connect(receiver)
    try:
        fail("dawa", 1)
    finally:
        user_login_failed.disconnect(receiver)
    assert seen == ["dawa"]


def test_the_current_password_cannot_be_guessed_on_the_password_page(client_as, password):
    client = client_as("grid")
    for _ in range(5):
        response = client.post(
            "/password/",
            {"old_password": "guess", "new_password1": "Hydrant-2024!x", "new_password2": "x"},
        )
    page = response.content.decode()
    assert "登录失败次数过多" in page
    # even the right current password is refused now
    response = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password1": "Hydrant-2024!x",
            "new_password2": "Hydrant-2024!x",
        },
    )
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()


def test_the_administrator_sees_and_lifts_a_lock(client_as, password, security_events):
    fail("dawa", 5)
    admin = client_as("admin")
    page = admin.get("/lockouts/").content.decode()
    assert "dawa" in page and ATTACKER in page
    response = admin.post("/lockouts/unlock/", {"username": "dawa"})
    assert response.status_code == 302
    assert "unlocked" in security_events.kinds()
    assert login(Client(REMOTE_ADDR=ATTACKER), "dawa", password).status_code == 302
    assert "当前没有被锁定的用户名" in admin.get("/lockouts/").content.decode()


def test_the_administrator_lifts_an_address_lock(client_as, password):
    for name in ["office", "leader", "xinglongtai", "dawa", "panshan"]:
        fail(name, 4)
    admin = client_as("admin")
    assert ATTACKER in admin.get("/lockouts/").content.decode()
    admin.post("/lockouts/unlock/", {"ip": ATTACKER})
    assert login(Client(REMOTE_ADDR=ATTACKER), "grid", password).status_code == 302


def test_others_cannot_reach_the_lockout_page(client_as):
    fail("dawa", 5)
    office = client_as("office")
    assert office.get("/lockouts/").status_code == 404
    assert office.post("/lockouts/unlock/", {"username": "dawa"}).status_code == 404
    assert LoginFailure.objects.filter(username="dawa").count() == 5


def test_unlock_from_the_command_line(password, security_events):
    fail("dawa", 5)
    call_command("unlock", "dawa")
    assert "unlocked" in security_events.kinds()
    assert login(Client(REMOTE_ADDR=ATTACKER), "dawa", password).status_code == 302


def test_only_administrators_see_the_lockout_link(client_as):
    assert 'href="/lockouts/"' in client_as("admin").get("/").content.decode()
    assert 'href="/lockouts/"' not in client_as("office").get("/").content.decode()
