"""三员分立: the system, security and audit administrators are three people, and
only the security administrator assigns roles."""

from __future__ import annotations

import pytest

from xiaoan.areas.models import User
from xiaoan.areas.roles import ROLE_PERMISSIONS, Permission, Role
from xiaoan.areas.services import SYSTEM, do_create_user, do_update_user
from xiaoan.core.errors import PermissionDeniedError, XiaoanError

pytestmark = pytest.mark.django_db

PAIRS = [
    ["admin", "security_admin"],
    ["admin", "audit_admin"],
    ["security_admin", "audit_admin"],
]


@pytest.mark.parametrize("roles", PAIRS)
def test_no_account_holds_two_of_the_three(roles, area, user):
    with pytest.raises(XiaoanError, match="三员分立"):
        do_create_user(
            acting_user=SYSTEM,
            username="both",
            password="Both-roles-2024!",
            full_name="兼任",
            roles=roles,
            area=area("盘锦市"),
        )
    target = user("auditadmin")
    with pytest.raises(XiaoanError, match="三员分立"):
        do_update_user(
            target, acting_user=user("secadmin"), expected_version=target.version, roles=roles
        )
    assert not User.objects.filter(username="both").exists()
    assert user("auditadmin").role_codes == {"audit_admin"}


def test_the_user_form_refuses_two_of_the_three_in_chinese(client_as, user):
    target = user("auditadmin")
    response = client_as("secadmin").post(
        f"/users/{target.pk}/edit/",
        {
            "username": target.username,
            "full_name": target.full_name,
            "roles": ["audit_admin", "admin"],
            "area": target.area_id,
            "is_active": "on",
            "version": target.version,
        },
    )
    assert response.status_code == 200
    assert "三个角色必须由不同的人担任" in response.content.decode()
    assert user("auditadmin").role_codes == {"audit_admin"}


def test_the_system_administrator_no_longer_assigns_roles(client_as, user, area):
    admin = user("admin")
    assert not admin.can(Permission.MANAGE_USERS)
    assert not admin.can(Permission.VIEW_SECURITY_LOG)
    target = user("zhujian")
    with pytest.raises(PermissionDeniedError):
        do_update_user(target, acting_user=admin, expected_version=target.version, roles=["admin"])
    with pytest.raises(PermissionDeniedError):
        do_create_user(
            acting_user=admin,
            username="new-one",
            password="New-one-2024!",
            full_name="新人",
            roles=["auditor"],
            area=area("盘锦市"),
        )
    page = client_as("admin").post(f"/users/{target.pk}/edit/", {"roles": ["admin"]})
    assert page.status_code == 302
    assert user("zhujian").role_codes == {"department"}


def test_the_security_administrator_assigns_roles_but_not_its_own(user):
    security = user("secadmin")
    target = user("zhujian")
    do_update_user(
        target,
        acting_user=security,
        expected_version=target.version,
        roles=["department", "auditor"],
    )
    assert user("zhujian").role_codes == {"department", "auditor"}
    with pytest.raises(PermissionDeniedError, match="不能修改自己的角色"):
        do_update_user(
            security, acting_user=security, expected_version=security.version, roles=["admin"]
        )
    assert user("secadmin").role_codes == {"security_admin"}


def test_the_three_hold_no_business_permissions_of_each_other():
    security = ROLE_PERMISSIONS[Role.SECURITY_ADMIN]
    audit = ROLE_PERMISSIONS[Role.AUDIT_ADMIN]
    assert security == {Permission.VIEW, Permission.MANAGE_USERS}
    assert audit == {Permission.VIEW, Permission.VIEW_SECURITY_LOG}
    assert Permission.MANAGE_USERS not in ROLE_PERMISSIONS[Role.ADMIN]


def test_demo_accounts_of_the_three_sign_in(password):
    from django.test import Client

    for username in ("admin", "secadmin", "auditadmin"):
        assert (
            Client().post("/login/", {"username": username, "password": password}).status_code
            == 302
        )
