"""Signing in, lockout after repeated failures, signing out, changing the password."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from xiaoan.core import clock
from xiaoan.core.models import LoginFailure

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def test_sign_in_and_out(password):
    client = Client()
    assert client.get("/").status_code == 302
    response = login(client, "xinglongtai", password)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "兴隆台大队" in client.get("/").content.decode()
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/")["Location"].startswith("/login/")


def test_wrong_password_is_refused_in_chinese():
    response = login(Client(), "xinglongtai", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_lockout_after_repeated_failures(password):
    client = Client()
    for _ in range(4):
        assert "用户名或密码错误" in login(client, "dawa", "nope").content.decode()
    page = login(client, "dawa", "nope").content.decode()
    last = LoginFailure.objects.filter(username="dawa").latest("at").at
    until = (last + dt.timedelta(minutes=15)).astimezone(clock.LOCAL_TZ)
    assert f"登录失败次数过多，请于 {until:%H:%M} 后再试" in page
    # even the right password is refused while locked, from the same address
    response = login(client, "dawa", password)
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    # other accounts are not affected
    assert login(Client(), "panshan", password).status_code == 302


def test_lock_expires_after_the_window(password):
    old = clock.now() - dt.timedelta(minutes=16)
    LoginFailure.objects.bulk_create(
        LoginFailure(username="dawa", ip="127.0.0.1", at=old) for _ in range(5)
    )
    assert login(Client(), "dawa", password).status_code == 302


def test_successful_login_clears_earlier_failures(password):
    client = Client()
    for _ in range(3):
        login(client, "dawa", "nope")
    assert login(client, "dawa", password).status_code == 302
    assert not LoginFailure.objects.filter(username="dawa").exists()


def test_password_change(client_as, password):
    client = client_as("grid")
    response = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password1": "Hydrant-2024!x",
            "new_password2": "Hydrant-2024!x",
        },
    )
    assert response.status_code == 302
    assert login(Client(), "grid", "Hydrant-2024!x").status_code == 302
    assert login(Client(), "grid", password).status_code == 200


def test_passwords_are_hashed_with_argon2(user):
    assert user("office").password.startswith("argon2")


def test_security_headers_when_not_debugging(client_as, settings):
    assert settings.DEBUG is False
    response = client_as("office").get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_csrf_is_enforced_on_forms(password):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "office", "password": password})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
