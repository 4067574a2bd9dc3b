"""Correcting a place (场所): its edit page and PATCH /api/places/{id}."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.edits import edit, form_values
from xiaoan.areas.models import Area, Organisation, User
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db: object) -> Place:
    return do_register_place(
        acting_user=User.objects.get(username="xinglongtai"),
        name="惠宾小区",
        address="兴隆台区惠宾街1号",
        area=Area.objects.get(name="惠宾社区"),
        kind=PlaceKind.RESIDENTIAL,
        responsible_person="张经理",
        property_company=Organisation.objects.get(name="盘锦惠宾物业服务有限公司"),
        latitude=Decimal("41.119900"),
    )


def url(place: Place) -> str:
    return f"/places/{place.pk}/edit/"


def test_the_brigade_corrects_a_place_and_the_history_says_who_and_why(client_as, place):
    brigade = client_as("xinglongtai")
    detail = brigade.get(f"/places/{place.pk}/").content.decode()
    assert f'href="{url(place)}"' in detail and ">修改</a>" in detail
    response = edit(brigade, url(place), reason="负责人已更换", responsible_person="李经理")
    assert response.status_code == 302 and response["Location"] == f"/places/{place.pk}/"
    place.refresh_from_db()
    assert place.responsible_person == "李经理" and place.version == 2
    # the untouched fields stay as they were (the company, the position)
    assert place.property_company is not None and place.latitude == Decimal("41.119900")
    entry = place.history.first()
    assert entry.history_user.username == "xinglongtai"
    assert entry.history_change_reason == "负责人已更换"
    page = brigade.get(f"/places/{place.pk}/").content.decode()
    assert "负责人已更换" in page and "李经理" in page


def test_a_new_name_is_checked_for_duplicates(client_as, place):
    do_register_place(
        acting_user=User.objects.get(username="xinglongtai"),
        name="惠宾超市",
        address="兴隆台区惠宾街1号",
        area=Area.objects.get(name="惠宾社区"),
        kind=PlaceKind.SMALL_SHOP,
    )
    response = edit(client_as("xinglongtai"), url(place), name="惠宾 超市")
    assert response.status_code == 200
    assert "已登记" in response.content.decode()
    place.refresh_from_db()
    assert place.name == "惠宾小区"


def test_a_stale_version_is_refused_on_the_page(client_as, place):
    brigade, office = client_as("xinglongtai"), client_as("office")
    data = form_values(brigade.get(url(place)))
    assert edit(office, url(place), contact="0427-1111").status_code == 302
    response = brigade.post(url(place), data | {"contact": "0427-2222", "reason": "电话有误"})
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    place.refresh_from_db()
    assert place.contact == "0427-1111"


def test_the_reason_is_required(client_as, place):
    response = edit(client_as("xinglongtai"), url(place), reason="", contact="1")
    assert response.status_code == 200
    assert "请填写修改原因" in response.content.decode()
    place.refresh_from_db()
    assert place.contact == "" and place.version == 1


def test_nothing_changed_is_not_saved(client_as, place):
    response = edit(client_as("xinglongtai"), url(place))
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.version == 1


def test_the_neighbour_gets_404(client_as, api_as, place):
    assert client_as("shuangtaizi").get(url(place)).status_code == 404
    assert client_as("shuangtaizi").post(url(place), {"version": 1}).status_code == 404
    response = api_as("shuangtaizi").patch(
        f"/api/places/{place.pk}", {"version": 1, "contact": "1"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["property", "auditor"])
def test_a_read_only_role_gets_no_link_and_is_refused(client_as, api_as, place, username):
    reader = client_as(username)
    detail = reader.get(f"/places/{place.pk}/")
    assert detail.status_code == 200 and url(place) not in detail.content.decode()
    response = reader.get(url(place), follow=True)
    assert "无权修改此场所" in response.content.decode()
    posted = reader.post(url(place), {"version": 1, "contact": "1", "reason": "x"})
    assert posted.status_code == 302
    api = api_as(username).patch(f"/api/places/{place.pk}", {"version": 1, "contact": "1"})
    assert api.status_code == 403
    place.refresh_from_db()
    assert place.contact == "" and place.version == 1


def test_the_api_corrects_with_a_reason_and_refuses_a_stale_version(api_as, place):
    api = api_as("xinglongtai")
    response = api.patch(
        f"/api/places/{place.pk}",
        {"version": 1, "reason": "坐标复测", "longitude": 122.07, "property_company_id": None},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2 and body["longitude"] == pytest.approx(122.07)
    assert body["property_company_id"] is None
    place.refresh_from_db()
    entry = place.history.first()
    assert entry.history_change_reason == "坐标复测"
    assert entry.history_user.username == "xinglongtai"
    stale = api.patch(f"/api/places/{place.pk}", {"version": 1, "contact": "2"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_edit"
    place.refresh_from_db()
    assert place.contact == ""
