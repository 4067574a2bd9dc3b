"""Places: duplicates are refused with the existing record named; edits keep
history and refuse stale versions."""

from __future__ import annotations

import pytest

from xiaoan.areas.models import Area
from xiaoan.core.errors import PermissionDeniedError, StaleEditError, XiaoanError
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import DuplicatePlaceError, do_register_place, do_update_place

pytestmark = pytest.mark.django_db


def register(user, name, address, area_name="惠宾社区", kind=PlaceKind.SMALL_SHOP):
    return do_register_place(
        acting_user=user,
        name=name,
        address=address,
        area=Area.objects.get(name=area_name),
        kind=kind,
    )


def test_a_place_is_registered_in_the_users_area(brigade):
    place = register(brigade, "  惠宾便利店 ", " 兴隆台区惠宾街8号 ")
    assert place.name == "惠宾便利店" and place.address == "兴隆台区惠宾街8号"
    assert place.area.name == "惠宾社区" and place.version == 1
    assert place.is_small_venue
    first = place.history.get()
    assert first.history_user == brigade and first.history_type == "+"


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("惠宾便利店", "兴隆台区惠宾街8号"),
        ("惠宾 便利店", "兴隆台区 惠宾街 8 号"),
        ("惠宾便利店。", "兴隆台区，惠宾街8号"),
        ("“惠宾便利店”", "兴隆台区惠宾街-8号"),
    ],
)
def test_the_same_name_and_address_is_refused_as_a_duplicate(brigade, colleague, name, address):
    existing = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    with pytest.raises(DuplicatePlaceError) as exc:
        register(colleague, name, address)
    assert exc.value.details == {"existing_id": existing.pk}
    assert exc.value.status == 409 and exc.value.code == "duplicate_place"
    assert "已登记，不能重复登记" in exc.value.message
    assert Place.objects.filter(name__contains="惠宾便利店").count() == 1


def test_full_width_digits_and_letters_are_the_same_place(brigade):
    existing = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号A座")
    with pytest.raises(DuplicatePlaceError) as exc:
        register(brigade, "惠宾便利店", "兴隆台区惠宾街８号Ａ座")
    assert exc.value.details == {"existing_id": existing.pk}


def test_latin_letters_compare_without_case(brigade):
    existing = register(brigade, "KFC 惠宾店", "兴隆台区惠宾街A座")
    with pytest.raises(DuplicatePlaceError) as exc:
        register(brigade, "kfc惠宾店", "兴隆台区惠宾街a座")
    assert exc.value.details["existing_id"] == existing.pk


def test_the_same_name_at_another_address_is_another_place(brigade):
    a = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    b = register(brigade, "惠宾便利店", "兴隆台区惠宾街18号")
    c = register(brigade, "惠宾超市", "兴隆台区惠宾街8号")
    assert len({a.pk, b.pk, c.pk}) == 3


def test_a_brigade_registers_only_in_its_own_area(neighbour_brigade, auditor, property_manager):
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        register(neighbour_brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    for user in (auditor, property_manager):
        with pytest.raises(PermissionDeniedError, match="无权执行此操作"):
            register(user, "惠宾便利店", "兴隆台区惠宾街8号")


def test_edits_keep_history_and_refuse_stale_versions(brigade, colleague):
    place = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    edited = do_update_place(
        place, acting_user=colleague, expected_version=1, responsible_person="李店长"
    )
    assert edited.version == 2 and edited.responsible_person == "李店长"
    # a second editor who loaded version 1 is told to reload
    with pytest.raises(StaleEditError) as exc:
        do_update_place(place, acting_user=brigade, expected_version=1, contact="13800000000")
    assert "已被他人修改（当前版本 2，您编辑的是版本 1）" in exc.value.message
    edited = do_update_place(edited, acting_user=brigade, expected_version=2, name="惠宾超市")
    assert edited.version == 3
    history = list(place.history.order_by("history_date", "history_id"))
    assert [(h.name, h.responsible_person, h.history_user.username) for h in history] == [
        ("惠宾便利店", "", "xinglongtai"),
        ("惠宾便利店", "李店长", "xlt_colleague"),
        ("惠宾超市", "李店长", "xinglongtai"),
    ]
    place.refresh_from_db()
    assert place.contact == "" and place.name == "惠宾超市"


def test_renaming_onto_another_place_is_a_duplicate(brigade):
    shop = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    other = register(brigade, "惠宾超市", "兴隆台区惠宾街8号")
    with pytest.raises(DuplicatePlaceError) as exc:
        do_update_place(other, acting_user=brigade, expected_version=1, name="惠宾 便利店")
    assert exc.value.details == {"existing_id": shop.pk}
    other.refresh_from_db()
    assert other.name == "惠宾超市" and other.version == 1


def test_a_renamed_place_frees_its_old_name_and_takes_the_new_key(brigade):
    shop = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    do_update_place(shop, acting_user=brigade, expected_version=1, name="惠宾超市")
    with pytest.raises(DuplicatePlaceError):
        register(brigade, "惠宾超市", "兴隆台区惠宾街8号")
    again = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    assert again.pk != shop.pk


def test_respacing_its_own_name_is_not_a_duplicate_of_itself(brigade):
    shop = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    edited = do_update_place(shop, acting_user=brigade, expected_version=1, name="惠宾 便利店")
    assert edited.name == "惠宾 便利店"


def test_only_listed_fields_may_be_edited(brigade, neighbour_brigade):
    shop = register(brigade, "惠宾便利店", "兴隆台区惠宾街8号")
    with pytest.raises(XiaoanError, match="不能修改的字段：area"):
        do_update_place(
            shop, acting_user=brigade, expected_version=1, area=Area.objects.get(name="胜利社区")
        )
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        do_update_place(shop, acting_user=neighbour_brigade, expected_version=1, contact="1")
