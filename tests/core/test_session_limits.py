"""Sessions end after the idle time and the longest time; HSTS with secure cookies."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from xiaoan.core import clock
from xiaoan.core.session_limits import SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def shift(client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_a_session_ends_after_thirty_idle_minutes(client_as, settings):
    assert settings.XIAOAN_SESSION_IDLE_MINUTES == 30
    client = client_as("grid")
    assert client.get("/").status_code == 200
    shift(client, SEEN_AT, 29 * 60)
    assert client.get("/").status_code == 200  # 29 minutes idle: still signed in
    shift(client, SEEN_AT, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "30 分钟未操作" in client.get(response["Location"]).content.decode()


def test_the_idle_time_is_configurable(client_as, settings):
    settings.XIAOAN_SESSION_IDLE_MINUTES = 5
    client = client_as("grid")
    client.get("/")
    shift(client, SEEN_AT, 6 * 60)
    assert client.get("/").status_code == 302


def test_a_session_ends_twelve_hours_after_sign_in(client_as):
    client = client_as("grid")
    client.get("/")
    shift(client, SIGNED_IN_AT, 12 * 3600 + 60)
    response = client.get("/")
    assert response.status_code == 302
    assert "登录已超过 12 小时" in client.get(response["Location"]).content.decode()


def test_an_ended_session_is_refused_by_the_api(client_as):
    client = client_as("grid")
    client.get("/api/me")
    shift(client, SEEN_AT, 31 * 60)
    assert client.get("/api/me").status_code == 401


def test_activity_is_written_at_most_once_a_minute(client_as):
    client = client_as("grid")
    client.get("/")
    first = client.session[SEEN_AT]
    client.get("/")
    assert client.session[SEEN_AT] == first
    assert abs(first - clock.now().timestamp()) < 60


def hsts_settings(env: dict[str, str]) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("XIAOAN_HSTS")}
    code = "import xiaoan.settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "SECRET_KEY": "k" * 50, "XIAOAN_DEBUG": "0", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_is_sent_with_secure_cookies():
    assert hsts_settings({"XIAOAN_SECURE_COOKIES": "1"}) == "31536000 True"
    assert (
        hsts_settings({"XIAOAN_SECURE_COOKIES": "1", "XIAOAN_HSTS_INCLUDE_SUBDOMAINS": "0"})
        == "31536000 False"
    )
    assert hsts_settings({"XIAOAN_SECURE_COOKIES": "0"}).startswith("0 ")


def test_the_hsts_header_on_a_secure_request(client_as, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client_as("grid").get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
