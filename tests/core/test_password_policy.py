"""The password policy: 8+ characters of three classes, not the username, not
one of the last five, optional expiry, and a forced change after a bootstrap
or an administrator's reset — every message in Chinese, on every path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.core.security_spy import spy_on_security_log
from xiaoan.areas.models import User
from xiaoan.areas.services import do_create_user
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.passwords import do_change_password

pytestmark = pytest.mark.django_db
security_events = spy_on_security_log


def messages_for(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@pytest.mark.parametrize(
    "password, expected",
    [
        ("Ab1!", "密码至少 8 位"),
        ("abcdefgh12", "至少 3 类"),
        ("ABCDEFGH!!", "至少 3 类"),
        ("Password1", "过于常见"),
    ],
)
def test_weak_passwords_are_refused_in_chinese_even_in_english(password, expected):
    with translation.override("en"):
        problems = messages_for(password)
    assert any(expected in p for p in problems), problems
    assert all(not p.isascii() for p in problems)


def test_a_strong_password_passes():
    assert messages_for("Hydrant-2024!x") == []
    assert messages_for("Xiaoan@2024") == []  # the demo's password meets the policy


def test_the_username_is_not_a_password(user):
    person = user("xinglongtai")
    assert "密码不能与用户名相同。" in messages_for("XingLongTai", person)
    assert any("过于相似" in p for p in messages_for("Xinglongtai1!", person))


def test_the_last_five_passwords_are_not_reused(user, password):
    person = user("grid")
    used = [f"Hydrant-{n}!x" for n in range(5)]
    for new in used:
        do_change_password(person, acting_user=person, password=new)
    for old in used:
        assert any("最近 5 次" in p for p in messages_for(old, person))
    # the demo password was six changes ago: allowed again
    assert messages_for(password, person) == []


def test_the_password_page_refuses_a_reused_password_in_chinese(client_as, password):
    response = client_as("grid").post(
        "/password/",
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert "最近 5 次" in response.content.decode()


def test_the_password_page_records_the_change(client_as, password, security_events):
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
    assert "password_changed" in security_events.kinds()
    assert User.objects.get(username="grid").password_changed_at is not None
    assert client.get("/").status_code == 200  # still signed in


def test_user_creation_refuses_a_weak_password_in_chinese(user, area):
    with translation.override("en"), pytest.raises(XiaoanError) as caught:
        do_create_user(
            acting_user=user("secadmin"),
            username="newcomer",
            password="newcomer1",
            full_name="新人",
            roles=["auditor"],
            area=area("兴隆台区"),
        )
    assert caught.value.message.startswith("密码不符合要求：")
    assert "至少 3 类" in caught.value.message


def sign_in(username: str, password: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302
    return client


def test_an_account_an_administrator_created_must_change_its_password(user, area):
    do_create_user(
        acting_user=user("secadmin"),
        username="newcomer",
        password="Temp-2024!pass",
        full_name="新人",
        roles=["auditor"],
        area=area("兴隆台区"),
    )
    client = sign_in("newcomer", "Temp-2024!pass")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/password/"
    assert "请先修改密码" in client.get("/password/").content.decode()
    assert client.get("/api/me").status_code == 403
    client.post(
        "/password/",
        {
            "old_password": "Temp-2024!pass",
            "new_password1": "Hydrant-2024!x",
            "new_password2": "Hydrant-2024!x",
        },
    )
    assert client.get("/").status_code == 200
    assert User.objects.get(username="newcomer").must_change_password is False


def test_the_demo_accounts_are_not_forced_to_change(password):
    assert sign_in("xinglongtai", password).get("/").status_code == 200


def test_an_administrator_resets_a_password(client_as, user, security_events):
    admin = client_as("secadmin")
    person = user("dawa")
    response = admin.post(
        f"/users/{person.pk}/password/",
        {"new_password1": "Reset-2024!tmp", "new_password2": "Reset-2024!tmp"},
    )
    assert response.status_code == 302
    assert "password_changed" in security_events.kinds()
    client = sign_in("dawa", "Reset-2024!tmp")
    assert client.get("/")["Location"] == "/password/"


def test_a_reset_outside_ones_area_is_a_404(client_as, user):
    person = user("dawa")
    assert client_as("xinglongtai").get(f"/users/{person.pk}/password/").status_code == 404


def test_an_expired_password_must_change(password, settings, user):
    settings.XIAOAN_PASSWORD_MAX_DAYS = 90
    User.objects.filter(username="grid").update(
        password_changed_at=clock.now() - dt.timedelta(days=91)
    )
    client = sign_in("grid", password)
    assert client.get("/")["Location"] == "/password/"
    assert "90 天未修改" in client.get("/password/").content.decode()
    User.objects.filter(username="grid").update(password_changed_at=clock.now())
    assert client.get("/").status_code == 200


def test_the_password_page_speaks_chinese(client_as):
    page = client_as("grid").get("/password/").content.decode()
    assert "当前密码" in page and "再次输入新密码" in page
    assert "至少 8 位" in page and "最近 5 次" in page
    assert "Your password" not in page and "Old password" not in page
    mismatch = client_as("grid").post(
        "/password/",
        {"old_password": "x", "new_password1": "Hydrant-2024!x", "new_password2": "other"},
    )
    assert "两次输入的新密码不一致" in mismatch.content.decode()
