"""Administrators add areas, organisations and users through the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoan.areas.models import Area, Organisation, User

pytestmark = pytest.mark.django_db


def test_admin_adds_a_community_and_the_brigade_sees_it(client_as, area):
    response = client_as("admin").post(
        "/areas/new/",
        {"parent": area("兴隆街道").pk, "name": "新园社区", "code": "211103001009", "level": 4},
    )
    assert response.status_code == 302
    created = Area.objects.get(code="211103001009")
    assert created.is_within(area("兴隆台区"))
    assert "新园社区" in client_as("xinglongtai").get("/areas/", {"q": "新园"}).content.decode()
    assert "新园社区" not in client_as("shuangtaizi").get("/areas/", {"q": "新园"}).content.decode()
    assert created.history.first().history_user.username == "admin"


def test_area_level_must_be_below_its_parent(client_as, area):
    response = client_as("admin").post(
        "/areas/new/", {"parent": area("兴隆街道").pk, "name": "错层", "code": "X1", "level": 2}
    )
    assert "层级必须低于上级区域" in response.content.decode()
    assert not Area.objects.filter(code="X1").exists()


def test_only_administrators_add_areas_and_users(client_as):
    for url in ("/areas/new/", "/users/new/"):
        response = client_as("office").get(url, follow=True)
        assert "无权" in response.content.decode(), url


def test_office_adds_an_organisation(client_as, area):
    response = client_as("office").post(
        "/organisations/new/",
        {
            "name": "盘锦市民政局",
            "short_name": "民政",
            "kind": "department",
            "area": area("盘锦市").pk,
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="盘锦市民政局").exists()
    duplicate = client_as("office").post(
        "/organisations/new/",
        {"name": "盘锦市民政局", "kind": "department", "area": area("盘锦市").pk},
    )
    assert duplicate.status_code == 200
    assert Organisation.objects.filter(name="盘锦市民政局").count() == 1


def test_security_admin_creates_a_user_who_can_sign_in(client_as, area, organisation):
    response = client_as("secadmin").post(
        "/users/new/",
        {
            "username": "wangwei",
            "full_name": "王伟",
            "title": "网格员",
            "roles": ["grid_worker"],
            "area": area("兴盛社区").pk,
            "organisation": organisation("兴隆街道办事处").pk,
            "password": "Grid-worker-2024",
        },
    )
    assert response.status_code == 302, response.content.decode()
    client = Client()
    assert (
        client.post("/login/", {"username": "wangwei", "password": "Grid-worker-2024"}).status_code
        == 302
    )
    # the initial password must be changed first
    assert client.get("/")["Location"] == "/password/"
    changed = client.post(
        "/password/",
        {
            "old_password": "Grid-worker-2024",
            "new_password1": "Own-choice-2024",
            "new_password2": "Own-choice-2024",
        },
    )
    assert changed.status_code == 302
    assert client.get("/api/me").json()["area"]["name"] == "兴盛社区"


def test_weak_password_is_refused_in_chinese(client_as, area):
    response = client_as("secadmin").post(
        "/users/new/",
        {
            "username": "weak",
            "full_name": "弱",
            "roles": ["auditor"],
            "area": area("盘锦市").pk,
            "password": "123",
        },
    )
    assert "密码" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_security_admin_edits_roles_with_a_version(client_as, user):
    target = user("zhujian")
    form = {
        "username": target.username,
        "full_name": target.full_name,
        "title": target.title,
        "phone": "",
        "roles": ["department", "auditor"],
        "area": target.area_id,
        "organisation": target.organisation_id,
        "is_active": "on",
        "version": target.version,
    }
    response = client_as("secadmin").post(f"/users/{target.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()
    assert user("zhujian").role_codes == {"department", "auditor"}
    stale = client_as("secadmin").post(f"/users/{target.pk}/edit/", {**form, "roles": ["auditor"]})
    assert "已被他人修改" in stale.content.decode()
    page = client_as("secadmin").get(f"/users/{target.pk}/").content.decode()
    assert "角色：" in page
