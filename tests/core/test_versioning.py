"""Edits carry a version; a stale edit is refused; every change is in the history."""

from __future__ import annotations

import pytest

from xiaoan.areas.services import do_update_organisation
from xiaoan.core.errors import StaleEditError

pytestmark = pytest.mark.django_db


def test_stale_edit_is_refused_by_the_service(organisation, user):
    unit = organisation("盘锦市应急管理局")
    office = user("office")
    do_update_organisation(unit, acting_user=office, expected_version=1, contact_phone="0427-1")
    with pytest.raises(StaleEditError) as error:
        do_update_organisation(
            unit, acting_user=user("admin"), expected_version=1, contact_phone="0427-2"
        )
    assert "已被他人修改" in error.value.message and "当前版本 2" in error.value.message
    unit.refresh_from_db()
    assert unit.contact_phone == "0427-1" and unit.version == 2


def test_stale_edit_is_refused_by_the_api(api_as, organisation):
    unit = organisation("盘锦市应急管理局")
    office = api_as("office")
    first = office.patch(
        f"/api/organisations/{unit.pk}", {"version": 1, "address": "兴隆台区 1 号"}
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api_as("admin").patch(
        f"/api/organisations/{unit.pk}", {"version": 1, "address": "别处"}
    )
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "stale_edit"
    assert office.get(f"/api/organisations/{unit.pk}").json()["address"] == "兴隆台区 1 号"


def edit_form(unit, **changes):
    data = {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "area": unit.area_id,
        "contact_phone": unit.contact_phone,
        "address": unit.address,
        "version": unit.version,
    }
    data.update(changes)
    return data


def test_stale_edit_is_refused_by_the_page(client_as, organisation):
    unit = organisation("盘锦市公安局")
    office, admin = client_as("office"), client_as("admin")
    assert (
        office.post(
            f"/organisations/{unit.pk}/edit/", edit_form(unit, contact_phone="110")
        ).status_code
        == 302
    )
    response = admin.post(f"/organisations/{unit.pk}/edit/", edit_form(unit, contact_phone="119"))
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    unit.refresh_from_db()
    assert unit.contact_phone == "110"


def test_history_records_who_changed_what(client_as, organisation):
    unit = organisation("盘锦市公安局")
    client_as("office").post(
        f"/organisations/{unit.pk}/edit/", edit_form(unit, contact_phone="0427-110")
    )
    latest = unit.history.order_by("-history_date").first()
    assert latest.history_user.username == "office"
    assert latest.contact_phone == "0427-110" and latest.version == 2
    page = client_as("auditor").get(f"/organisations/{unit.pk}/").content.decode()
    assert "变更记录" in page and "支队办公室" in page
    assert "联系电话：" in page and "0427-110" in page


def test_invalid_edit_is_a_clear_error(api_as, organisation):
    unit = organisation("盘锦市公安局")
    response = api_as("office").patch(
        f"/api/organisations/{unit.pk}", {"version": 1, "kind": "spaceship"}
    )
    assert response.status_code == 400
    assert "类型" in response.json()["error"]["message"]


def test_history_names_related_records_and_roles(client_as, organisation, area, user):
    unit = organisation("盘锦市公安局")
    client_as("office").post(
        f"/organisations/{unit.pk}/edit/", edit_form(unit, area=area("兴隆台区").pk)
    )
    page = client_as("office").get(f"/organisations/{unit.pk}/").content.decode()
    assert "所属区域：<del>盘锦市</del> → 兴隆台区" in page
    target = user("auditor")
    from xiaoan.areas.services import do_update_user

    do_update_user(
        target,
        acting_user=user("secadmin"),
        expected_version=target.version,
        roles=["auditor", "department"],
    )
    page = client_as("secadmin").get(f"/users/{target.pk}/").content.decode()
    assert "角色：<del>审计（只读）</del> → 审计（只读）、行业部门" in page


def test_none_for_a_column_that_cannot_be_null_is_a_clear_error(user):
    from xiaoan.areas.models import Area
    from xiaoan.core.errors import XiaoanError
    from xiaoan.core.versioning import apply_edit
    from xiaoan.places.services import do_register_place

    office = user("office")
    place = do_register_place(
        acting_user=office,
        name="惠宾小区",
        address="惠宾街道 2 号",
        area=Area.objects.get(name="兴隆台区"),
        kind="residential",
    )
    with pytest.raises(XiaoanError) as refused:
        apply_edit(place, {"contact": None}, acting_user=office, expected_version=place.version)
    assert "不能为空" in refused.value.message
    place.refresh_from_db()
    assert place.contact == ""
