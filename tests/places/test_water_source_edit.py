"""Correcting a water source (消防水源): its edit page, linked from the register, and the PATCH."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.edits import edit, form_values
from xiaoan.areas.models import Area, User
from xiaoan.places.choices import WaterSourceKind, WaterSourceStatus
from xiaoan.places.models import WaterSource
from xiaoan.places.services import do_register_water_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db: object) -> WaterSource:
    return do_register_water_source(
        acting_user=User.objects.get(username="office"),
        kind=WaterSourceKind.HYDRANT,
        number="XHS-T-001",
        location="兴隆台区惠宾街与市府路交叉口",
        area=Area.objects.get(name="兴隆台区"),
    )


def url(source: WaterSource) -> str:
    return f"/water-sources/{source.pk}/edit/"


def test_the_office_corrects_a_hydrant_from_the_register(client_as, source):
    office = client_as("office")
    listing = office.get("/water-sources/?kind=hydrant").content.decode()
    assert f'href="{url(source)}"' in listing
    response = edit(
        office,
        url(source),
        reason="已验收投用",
        status=WaterSourceStatus.IN_SERVICE,
        commissioned_on="2024-03-15",
    )
    assert response.status_code == 302 and response["Location"] == "/water-sources/"
    source.refresh_from_db()
    assert source.status == WaterSourceStatus.IN_SERVICE
    assert source.commissioned_on == dt.date(2024, 3, 15)
    entry = source.history.first()
    assert entry.history_user.username == "office"
    assert entry.history_change_reason == "已验收投用"


def test_in_service_without_a_date_is_refused_in_chinese(client_as, source):
    response = edit(client_as("office"), url(source), status=WaterSourceStatus.IN_SERVICE)
    assert response.status_code == 200
    assert "在用的消防水源必须填写投用日期" in response.content.decode()
    source.refresh_from_db()
    assert source.status == WaterSourceStatus.PLANNED


def test_a_stale_version_is_refused(client_as, api_as, source):
    office = client_as("office")
    data = form_values(office.get(url(source)))
    api = api_as("office").patch(
        f"/api/water-sources/{source.pk}", {"version": 1, "location": "新位置", "reason": "测绘"}
    )
    assert api.status_code == 200
    response = office.post(url(source), data | {"location": "旧页面", "reason": "更正"})
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    stale = api_as("office").patch(
        f"/api/water-sources/{source.pk}", {"version": 1, "location": "又一处"}
    )
    assert stale.status_code == 409
    source.refresh_from_db()
    assert source.location == "新位置"
    assert source.history.first().history_change_reason == "测绘"


def test_the_reason_is_required(client_as, source):
    response = edit(client_as("office"), url(source), reason="", location="别处")
    assert "请填写修改原因" in response.content.decode()
    source.refresh_from_db()
    assert source.version == 1


def test_the_neighbour_gets_404(client_as, api_as, source):
    assert client_as("shuangtaizi").get(url(source)).status_code == 404
    response = api_as("shuangtaizi").patch(
        f"/api/water-sources/{source.pk}", {"version": 1, "location": "x"}
    )
    assert response.status_code == 404


def test_a_read_only_role_gets_no_link_and_is_refused(client_as, source):
    # the brigade sees its district's hydrants but the register is the office's
    brigade = client_as("xinglongtai")
    listing = brigade.get("/water-sources/").content.decode()
    assert "XHS-T-001" in listing and url(source) not in listing
    response = brigade.get(url(source), follow=True)
    assert "无权修改消防水源台账" in response.content.decode()
    brigade.post(url(source), {"version": 1, "location": "x", "reason": "x"})
    source.refresh_from_db()
    assert source.location == "兴隆台区惠宾街与市府路交叉口" and source.version == 1
