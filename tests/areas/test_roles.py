"""What each role can see and change."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiaoan.areas.roles import ROLE_PERMISSIONS, Permission, Role

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"

# role's demo user → (areas visible, may edit organisations)
EXPECTED = {
    "leader": (True, False),
    "office": (True, True),
    "xinglongtai": (False, False),
    "yingshang": (True, False),
    "grid": (False, False),
    "property": (False, False),
    "auditor": (True, False),
    "admin": (True, True),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_its_scope_and_may_change_what_it_should(username, api_as, organisation):
    sees_city, may_edit = EXPECTED[username]
    api = api_as(username)
    areas = {a["name"] for a in api.get("/api/areas", limit=500).json()["items"]}
    assert ("盘锦市" in areas) is sees_city
    assert ("双台子区" in areas) is sees_city

    me = api.get("/api/me").json()
    own_org_id = me["organisation"]["id"]
    response = api.get(f"/api/organisations/{own_org_id}")
    if username == "grid":
        # a grid worker's scope is its grid; the community committee above it is outside
        assert response.status_code == 404
        return
    own = response.json()
    response = api.patch(
        f"/api/organisations/{own_org_id}",
        {"version": own["version"], "contact_phone": "0427-1234567"},
    )
    if may_edit:
        assert response.status_code == 200, response.content
        assert response.json()["contact_phone"] == "0427-1234567"
    else:
        assert response.status_code == 403, response.content
        assert response.json()["error"]["message"] == "您的角色无权执行此操作。"
        assert api.get(f"/api/organisations/{own_org_id}").json()["contact_phone"] == ""


def test_auditor_reads_everything_in_its_area_but_changes_nothing(user):
    auditor = user("auditor")
    assert auditor.granted_permissions == {Permission.VIEW, Permission.VIEW_SECURITY_LOG}


def test_every_role_and_permission_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for role in Role:
        assert f"`{role.value}`" in text, role
        assert role.label in text, role
    for permission in Permission:
        assert f"`{permission.value}`" in text, permission
    # each row of the matrix states exactly the permissions in code
    for role, permissions in ROLE_PERMISSIONS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{role}`"))
        for permission in Permission:
            cell_marked = f"`{permission.value}`" in row
            assert cell_marked is (permission in permissions), (role, permission)


def test_brigade_home_page_shows_its_duties_and_district(client_as):
    page = client_as("xinglongtai").get("/").content.decode()
    assert "检查辖区场所，登记隐患" in page
    assert "兴隆台区" in page
    assert "兴隆街道" in page
    assert "双台子区</a>" not in page


def test_leader_home_page_summarises_every_district(client_as):
    page = client_as("leader").get("/").content.decode()
    assert "对报告作出批示" in page
    for district in ("双台子区", "兴隆台区", "大洼区", "盘山县"):
        assert f">{district}</a>" in page


def test_admin_home_page_shows_failed_webhooks(client_as):
    page = client_as("admin").get("/").content.decode()
    assert 'id="xa-failed-webhooks">0<' in page
