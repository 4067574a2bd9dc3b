"""Another area's record is a 404, in the pages and in the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour_records(area, organisation, user):
    return {
        "area": area("双台子区").pk,
        "organisation": organisation("双台子区消防救援大队").pk,
        "user": user("shuangtaizi").pk,
    }


def test_neighbour_records_are_404_in_pages(client_as, neighbour_records):
    client = client_as("xinglongtai")
    for url in (
        f"/areas/{neighbour_records['area']}/",
        f"/organisations/{neighbour_records['organisation']}/",
        f"/organisations/{neighbour_records['organisation']}/edit/",
        f"/users/{neighbour_records['user']}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "记录不存在或无权访问" in response.content.decode()


def test_neighbour_records_are_404_in_the_api(api_as, neighbour_records):
    api = api_as("xinglongtai")
    for url in (
        f"/api/areas/{neighbour_records['area']}",
        f"/api/organisations/{neighbour_records['organisation']}",
        f"/api/users/{neighbour_records['user']}",
    ):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json() == {
            "error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}
        }


def test_neighbour_cannot_edit_even_with_the_edit_permission(api_as, organisation, user):
    """An office user of a district may edit its own organisations, not a neighbour's."""
    from xiaoan.areas import services

    office_xlt = services.do_create_user(
        acting_user=None,
        username="office_xlt",
        password="Xiaoan@2024",
        full_name="兴隆台区办公室",
        roles=["detachment_office"],
        area=user("xinglongtai").area,
    )
    api = api_as(office_xlt.username)
    neighbour = organisation("双台子区消防救援大队")
    response = api.patch(f"/api/organisations/{neighbour.pk}", {"version": 1, "name": "改名"})
    assert response.status_code == 404
    own = organisation("兴隆台区消防救援大队")
    response = api.patch(
        f"/api/organisations/{own.pk}", {"version": own.version, "short_name": "兴隆台"}
    )
    assert response.status_code == 200
    assert response.json()["short_name"] == "兴隆台"


def test_own_records_are_visible(client_as, api_as, organisation):
    own = organisation("兴隆台区消防救援大队")
    assert client_as("xinglongtai").get(f"/organisations/{own.pk}/").status_code == 200
    assert api_as("xinglongtai").get(f"/api/organisations/{own.pk}").json()["name"] == own.name
