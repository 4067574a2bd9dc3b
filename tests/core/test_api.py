"""The API: schema and docs, authentication, one error shape, paging and filters."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoan.core.models import ApiToken
from xiaoan.core.testing import assert_query_count

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_collections():
    schema = Client().get("/api/openapi.json").json()
    for path in (
        "/api/me",
        "/api/areas",
        "/api/areas/{area_id}",
        "/api/organisations",
        "/api/organisations/{organisation_id}",
        "/api/notifications",
        "/api/notifications/{notification_id}",
    ):
        assert path in schema["paths"], path
    assert schema["info"]["title"] == "消安 xiaoan API"


def test_interactive_docs_are_served_locally():
    page = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_unauthenticated_requests_get_the_error_shape():
    response = Client().get("/api/areas")
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "unauthenticated",
            "message": "未登录或令牌无效，请先登录。",
            "details": None,
        }
    }
    bad = Client().get("/api/me", headers={"Authorization": "Bearer xa_not-a-token"})
    assert bad.status_code == 401


def test_unknown_api_path_is_a_json_404(api_as):
    response = api_as("office").get("/api/no-such-collection")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_bad_parameters_name_the_field_in_chinese(api_as):
    response = api_as("office").get("/api/areas", level="县区")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"] == [{"field": "level", "reason": "应为整数", "type": "int_parsing"}]


def test_session_authentication_works_for_the_browser(client_as):
    me = client_as("grid").get("/api/me").json()
    assert me["username"] == "grid" and me["roles"] == ["grid_worker"]
    assert me["area"]["name"] == "惠宾社区第一网格"


def test_token_authentication_and_revocation(api_as):
    api = api_as("auditor")
    assert api.get("/api/me").json()["permissions"] == ["view", "view_security_log"]
    ApiToken.objects.update(revoked_at="2024-03-04T00:00:00Z")
    assert api.get("/api/me").status_code == 401


def test_inactive_user_token_is_refused(api_as, user):
    api = api_as("panshan")
    person = user("panshan")
    person.is_active = False
    person.save()
    assert api.get("/api/me").status_code == 401


def test_list_shape_paging_and_filters(api_as, area):
    api = api_as("office")
    page = api.get("/api/areas", limit=5, offset=0).json()
    assert set(page) == {"items", "count"}
    assert len(page["items"]) == 5 and page["count"] > 40
    assert all("id" in item for item in page["items"])
    second = api.get("/api/areas", limit=5, offset=5).json()
    assert not {i["id"] for i in page["items"]} & {i["id"] for i in second["items"]}

    counties = api.get("/api/areas", level=2).json()
    assert {i["name"] for i in counties["items"]} == {
        "双台子区",
        "兴隆台区",
        "大洼区",
        "盘山县",
        "辽东湾新区",
    }
    below = api.get("/api/areas", within=area("兴隆台区").pk, level=4).json()
    assert {i["name"] for i in below["items"]} == {"惠宾社区", "兴盛社区", "振兴社区", "渤海社区"}
    brigades = api.get("/api/organisations", kind="brigade", q="兴隆台").json()
    assert [i["name"] for i in brigades["items"]] == ["兴隆台区消防救援大队"]
    leaders = api.get("/api/users", role="city_leader").json()
    assert {i["username"] for i in leaders["items"]} == {
        "leader",
        "bingsen",
        "xingpeng",
        "zhanming",
    }


def test_within_a_neighbours_area_finds_nothing(api_as, area):
    api = api_as("xinglongtai")
    response = api.get("/api/organisations", within=area("双台子区").pk).json()
    assert response == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # token lookup (1), count (1), page (1)
        ("/api/areas", 3),
        ("/api/organisations", 3),
        ("/api/users", 3),
        ("/api/notifications", 3),
        # token, me has no further queries
        ("/api/me", 1),
    ],
)
def test_list_endpoints_have_a_fixed_number_of_queries(api_as, url, queries):
    api = api_as("office")
    api.get("/api/me")  # the token's first use records its last_used_at
    with assert_query_count(queries):
        response = api.get(url, limit=50)
    assert response.status_code == 200
