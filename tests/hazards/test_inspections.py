"""Inspections: a result is required, every inspector signs under their own
login, inspectors and inspecting units stay within their areas, campaign phases."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.areas.models import Area
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.directives.services import PhaseSpec, do_create_campaign
from xiaoan.hazards.choices import HazardCategory, InspectionKind, InspectionResult
from xiaoan.hazards.models import Hazard, Inspection, Signature
from xiaoan.hazards.services import HazardSpec, do_record_inspection, do_sign_inspection

from .conftest import exactly, local, photo

pytestmark = pytest.mark.django_db


def signed(inspection: Inspection) -> dict[str, bool]:
    return {
        s.inspector.username: s.signed_at is not None
        for s in inspection.signatures.select_related("inspector")
    }


# ----- the result -----


def test_an_inspection_needs_hazards_or_an_explicit_no_hazard(place, brigade):
    with pytest.raises(XiaoanError) as exc:
        do_record_inspection(acting_user=brigade, place=place, kind=InspectionKind.BRIGADE)
    assert exc.value.message == "请登记发现的隐患，或明确勾选“未发现隐患”。"
    with pytest.raises(XiaoanError, match=exactly("不能同时登记隐患又勾选“未发现隐患”。")):
        do_record_inspection(
            acting_user=brigade,
            place=place,
            kind=InspectionKind.BRIGADE,
            hazards=[HazardSpec(HazardCategory.CLUTTER, "楼道堆放纸箱")],
            no_hazard=True,
        )
    assert not Inspection.objects.filter(place=place).exists()


def test_no_hazard_and_hazards_found_results(place, inspect):
    clean = inspect(place)
    assert clean.result == InspectionResult.NO_HAZARD and not clean.hazards.exists()
    found = inspect(place, HazardCategory.CLUTTER, HazardCategory.FIRE_DOOR)
    assert found.result == InspectionResult.HAZARDS_FOUND
    assert sorted(found.hazards.values_list("category", flat=True)) == ["clutter", "fire_door"]
    assert {h.place_id for h in found.hazards.all()} == {place.pk}


def test_photos_are_attached_to_inspection_and_hazard(place, brigade):
    from xiaoan.core.models import Attachment

    inspection = do_record_inspection(
        acting_user=brigade,
        place=place,
        kind=InspectionKind.BRIGADE,
        hazards=[HazardSpec(HazardCategory.CLUTTER, "楼道堆放纸箱", photos=[photo("before.png")])],
        photos=[photo("site.png")],
    )
    hazard = inspection.hazards.get()
    site = Attachment.objects.get(target_id=inspection.pk, original_name="site.png")
    before = Attachment.objects.get(target_id=hazard.pk, original_name="before.png")
    assert site.mime_type == before.mime_type == "image/png"
    assert site.uploaded_by == brigade


# ----- signatures -----


def test_the_recorder_is_signed_the_others_sign_under_their_own_login(
    place, inspect, brigade, colleague, grid_worker
):
    inspection = inspect(place, inspectors=[colleague, grid_worker, brigade])
    assert signed(inspection) == {"xinglongtai": True, "xlt_colleague": False, "grid": False}
    assert not inspection.fully_signed
    signature = do_sign_inspection(inspection, acting_user=colleague)
    assert signature.signed_at is not None and signature.inspector == colleague
    do_sign_inspection(inspection, acting_user=grid_worker)
    inspection.refresh_from_db()
    assert all(signed(inspection).values()) and inspection.fully_signed
    reasons = list(
        inspection.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "history_user__username"
        )
    )
    assert reasons[-2:] == [
        ("兴隆台大队队员签字确认", "xlt_colleague"),
        ("惠宾社区网格员签字确认，检查人全部签字，检查完成", "grid"),
    ]
    assert inspection.version == 3


def test_someone_not_on_the_list_cannot_sign(place, inspect, colleague, grid_worker):
    inspection = inspect(place)
    with pytest.raises(PermissionDeniedError) as exc:
        do_sign_inspection(inspection, acting_user=colleague)
    assert exc.value.message == "您不在此次检查的检查人名单中。"
    assert not Signature.objects.filter(inspection=inspection, inspector=colleague).exists()


def test_signing_twice_is_refused(place, inspect, brigade, colleague):
    inspection = inspect(place, inspectors=[colleague])
    do_sign_inspection(inspection, acting_user=colleague)
    with pytest.raises(InvalidTransitionError, match=exactly("您已签过字。")):
        do_sign_inspection(inspection, acting_user=colleague)
    with pytest.raises(InvalidTransitionError, match=exactly("您已签过字。")):
        do_sign_inspection(inspection, acting_user=brigade)


def test_a_drawn_signature_image_is_kept(place, inspect, colleague):
    inspection = inspect(place, inspectors=[colleague])
    signature = do_sign_inspection(
        inspection, acting_user=colleague, signature_image=photo("sign.png")
    )
    assert signature.image is not None and signature.image.original_name == "sign.png"


# ----- areas -----


def test_an_inspector_outside_the_place_area_cannot_be_added(
    place, brigade, neighbour_brigade, property_manager, office
):
    refusals = {
        neighbour_brigade: "检查人“双台子大队”不属于该场所所在的社区、乡镇街道或大队，不能作为检查人。",
        # the city's detachment office sees the place, but the city is above the brigade
        office: "检查人“支队办公室”不属于该场所所在的社区、乡镇街道或大队，不能作为检查人。",
        property_manager: "检查人“惠宾物业经理”属于被检查单位，不能作为检查人。",
    }
    for inspector, message in refusals.items():
        with pytest.raises(XiaoanError, match=exactly(message)):
            do_record_inspection(
                acting_user=brigade,
                place=place,
                kind=InspectionKind.BRIGADE,
                inspectors=[inspector],
                no_hazard=True,
            )
    assert not Inspection.objects.filter(place=place).exists()


def test_a_grid_worker_inspects_a_place_in_the_grid_with_the_brigade(
    make_place, inspect, brigade, grid_worker
):
    in_grid = make_place("惠宾小区3号楼", area_name="惠宾社区第一网格")
    inspection = inspect(in_grid, acting_user=grid_worker, kind=InspectionKind.GRID_CHECK)
    assert inspection.organisation.name == "惠宾社区居民委员会"
    inspection = inspect(in_grid, HazardCategory.CLUTTER, inspectors=[grid_worker])
    assert signed(inspection) == {"xinglongtai": True, "grid": False}


def test_a_neighbouring_brigade_cannot_inspect(place, neighbour_brigade):
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        do_record_inspection(
            acting_user=neighbour_brigade,
            place=place,
            kind=InspectionKind.BRIGADE,
            no_hazard=True,
        )
    assert not Inspection.objects.filter(place=place).exists()


def test_a_grid_worker_cannot_inspect_outside_the_grid(place, grid_worker):
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        do_record_inspection(
            acting_user=grid_worker, place=place, kind=InspectionKind.GRID_CHECK, no_hazard=True
        )


def test_a_property_manager_self_inspects_but_not_as_the_brigade(place, property_manager, inspect):
    inspection = inspect(
        place, HazardCategory.CLUTTER, acting_user=property_manager, kind=InspectionKind.SELF_CHECK
    )
    assert inspection.kind == InspectionKind.SELF_CHECK
    assert inspection.hazards.get().found_by == property_manager
    with pytest.raises(PermissionDeniedError, match=exactly("您的角色无权进行此类检查。")):
        inspect(place, acting_user=property_manager, kind=InspectionKind.BRIGADE)


def test_the_auditor_cannot_inspect(place, auditor, inspect):
    for kind in (InspectionKind.BRIGADE, InspectionKind.SELF_CHECK):
        with pytest.raises(PermissionDeniedError, match="无权进行此类检查"):
            inspect(place, acting_user=auditor, kind=kind)


# ----- campaigns and phases -----


@pytest.fixture
def campaign(office):
    return do_create_campaign(
        acting_user=office,
        name="住宅小区综合治理",
        area=Area.objects.get(name="盘锦市"),
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 4, 30),
        phases=[
            PhaseSpec("自查自纠", dt.date(2024, 3, 1), dt.date(2024, 3, 8)),
            PhaseSpec("集中整治", dt.date(2024, 3, 9), dt.date(2024, 3, 31)),
        ],
    )


@pytest.mark.parametrize(
    ("at", "phase"),
    [
        (local(2024, 3, 1, 9), "自查自纠"),
        (local(2024, 3, 8, 23, 30), "自查自纠"),
        # 00:30 on 9 March in Panjin is still 8 March in UTC
        (local(2024, 3, 9, 0, 30), "集中整治"),
        (local(2024, 3, 31, 18), "集中整治"),
        (local(2024, 4, 10), None),  # in the campaign, after its last phase
    ],
)
def test_an_inspection_in_a_campaign_gets_the_phase_of_its_date(
    place, inspect, campaign, at, phase
):
    inspection = inspect(place, HazardCategory.EBIKE_INDOOR, at=at, campaign=campaign)
    assert inspection.campaign == campaign
    assert (inspection.phase.name if inspection.phase else None) == phase
    assert inspection.hazards.get().campaign == campaign


def test_an_inspection_outside_the_campaign_dates_is_refused(place, inspect, campaign):
    with pytest.raises(
        XiaoanError, match=exactly("检查日期不在专项行动“住宅小区综合治理”期间内。")
    ):
        inspect(place, at=local(2024, 2, 29, 23, 59), campaign=campaign)
    with pytest.raises(XiaoanError, match="期间内"):
        inspect(place, at=local(2024, 5, 1, 0, 1), campaign=campaign)
    assert not Hazard.objects.filter(place=place).exists()


def test_a_campaign_of_another_district_is_refused(place, inspect, office):
    elsewhere = do_create_campaign(
        acting_user=office,
        name="双台子区专项整治",
        area=Area.objects.get(name="双台子区"),
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 31),
    )
    with pytest.raises(XiaoanError):
        inspect(place, at=local(2024, 3, 5), campaign=elsewhere)
