"""Re-checks (回头看) of closed hazards, enforcement actions and supervision visits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xiaoan.areas.models import Area
from xiaoan.core.errors import (
    InvalidTransitionError,
    PermissionDeniedError,
    StaleEditError,
    XiaoanError,
)
from xiaoan.hazards import queries
from xiaoan.hazards.choices import (
    EnforcementKind,
    HazardCategory,
    HazardState,
    InspectionKind,
    InspectionResult,
)
from xiaoan.hazards.models import Hazard, Inspection, Recheck
from xiaoan.hazards.services import (
    do_lift_enforcement,
    do_record_recheck,
    do_record_visit,
    do_report_fixed,
    do_start_recheck,
    do_take_enforcement,
    draw_sample,
)
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place

from .conftest import exactly, local, photo

pytestmark = pytest.mark.django_db

MARCH = {"start": dt.date(2024, 3, 1), "end": dt.date(2024, 3, 31)}


@pytest.fixture
def closed_in_march(settings, make_place, inspect, close_hazard, office, neighbour_brigade):
    """Six hazards closed in March 2024 at three places of 兴隆台区 (two in 兴隆街道,
    one in 振兴街道), and others that must never be drawn: one closed in February,
    one still open, one awaiting verification, one closed in March in 双台子区."""
    # the clock moves forward only, as it does in real life (history is stamped by it)
    settings.XIAOAN_TODAY = "2024-02-01"
    places = [
        make_place("惠宾小区", "惠宾社区"),
        make_place("兴盛小区", "兴盛社区"),
        make_place("振兴小区", "振兴社区"),
    ]
    early = inspect(places[0], HazardCategory.GAS, at=local(2024, 2, 1)).hazards.get()
    settings.XIAOAN_TODAY = "2024-02-10"
    close_hazard(early)
    settings.XIAOAN_TODAY = "2024-03-02"
    six = []
    for place in places:
        found = inspect(
            place, HazardCategory.EBIKE_INDOOR, HazardCategory.CLUTTER, at=local(2024, 3, 2)
        )
        six += list(found.hazards.order_by("pk"))
    settings.XIAOAN_TODAY = "2024-03-10"
    for hazard in six:
        close_hazard(hazard)
    open_ = inspect(places[1], HazardCategory.FIRE_LANE, at=local(2024, 3, 3)).hazards.get()
    awaiting = inspect(places[2], HazardCategory.FIRE_DOOR, at=local(2024, 3, 3)).hazards.get()
    do_report_fixed(awaiting, acting_user=office, text="已修复", photos=[photo()])
    neighbour_place = make_place(
        "胜利小区", "胜利社区", address="双台子区胜利路1号", acting_user=neighbour_brigade
    )
    neighbour = inspect(
        neighbour_place, HazardCategory.CLUTTER, at=local(2024, 3, 2), acting_user=neighbour_brigade
    ).hazards.get()
    close_hazard(neighbour, fixer=neighbour_brigade, verifier=office)
    assert Hazard.objects.filter(state=HazardState.CLOSED).count() == 8
    return {"six": six, "places": places, "others": [early, open_, awaiting, neighbour]}


def ids(hazards):
    return [h.pk for h in hazards]


# ----- the sample -----


def test_the_same_seed_draws_the_same_hazards(closed_in_march):
    xlt = Area.objects.get(name="兴隆台区")
    first = draw_sample(xlt, share=0.5, seed="回头看-2024-03", **MARCH)
    assert len(first) == 3
    assert set(ids(first)) <= set(ids(closed_in_march["six"]))
    for _ in range(3):
        assert ids(draw_sample(xlt, share=0.5, seed="回头看-2024-03", **MARCH)) == ids(first)
    others = {tuple(ids(draw_sample(xlt, share=0.5, seed=f"s{n}", **MARCH))) for n in range(10)}
    assert len(others) > 1  # another seed, another sample


def test_only_closed_hazards_of_the_area_and_period_are_drawn(closed_in_march):
    everything = draw_sample(Area.objects.get(name="兴隆台区"), share=1, seed="all", **MARCH)
    assert ids(everything) == sorted(ids(closed_in_march["six"]))
    township = draw_sample(Area.objects.get(name="兴隆街道"), share=1, seed="all", **MARCH)
    assert ids(township) == sorted(ids(closed_in_march["six"][:4]))
    february = draw_sample(
        Area.objects.get(name="兴隆台区"),
        start=dt.date(2024, 2, 1),
        end=dt.date(2024, 2, 29),
        share=1,
        seed="feb",
    )
    assert ids(february) == [closed_in_march["others"][0].pk]
    assert draw_sample(Area.objects.get(name="渤海街道"), share=1, seed="x", **MARCH) == []


def test_a_tiny_share_still_draws_one_and_bad_shares_are_refused(closed_in_march):
    xlt = Area.objects.get(name="兴隆台区")
    assert len(draw_sample(xlt, share=0.01, seed="x", **MARCH)) == 1
    for share in (0, -0.1, 1.5):
        with pytest.raises(
            XiaoanError, match=exactly("抽样比例应在 0 到 1 之间（如 0.1 表示 10%）。")
        ):
            draw_sample(xlt, share=share, seed="x", **MARCH)


# ----- the re-check visits -----


def test_start_recheck_creates_one_inspection_per_place(closed_in_march, colleague):
    rechecks = do_start_recheck(
        acting_user=colleague, area=Area.objects.get(name="兴隆台区"), share=1, seed="s1", **MARCH
    )
    assert sorted(r.hazard_id for r in rechecks) == sorted(ids(closed_in_march["six"]))
    inspections = Inspection.objects.filter(kind=InspectionKind.RECHECK)
    assert inspections.count() == 3
    for inspection in inspections:
        assert inspection.result == InspectionResult.PENDING
        assert inspection.organisation.name == "兴隆台区消防救援大队"
        assert "s1" in inspection.notes
        assert {h.place_id for h in Hazard.objects.filter(rechecks__inspection=inspection)} == {
            inspection.place_id
        }
        assert inspection.rechecked.count() == 2
        assert [(s.inspector, s.signed_at) for s in inspection.signatures.all()] == [
            (colleague, None)
        ]
    assert all(r.sample_seed == "s1" and r.passed is None for r in rechecks)


def test_a_recheck_counts_for_coverage_once_decided(closed_in_march, colleague):
    """Re-check inspections are dated when the sample is drawn (the pinned 10 March)."""
    area = Area.objects.get(name="兴隆台区")
    do_start_recheck(acting_user=colleague, area=area, share=1, seed="s", **MARCH)
    day = {"start": dt.date(2024, 3, 10), "end": dt.date(2024, 3, 10)}
    assert queries.coverage(Place.objects.all(), area=area, **day).inspected == 0
    for recheck in Recheck.objects.filter(hazard__place=closed_in_march["places"][0]):
        do_record_recheck(recheck, acting_user=colleague, passed=True)
    assert queries.coverage(Place.objects.all(), area=area, **day).inspected == 1


def test_the_sample_of_a_recheck_is_reproducible_from_its_seed(closed_in_march, colleague):
    xlt = Area.objects.get(name="兴隆台区")
    rechecks = do_start_recheck(acting_user=colleague, area=xlt, share=0.5, **MARCH)
    assert len(rechecks) == 3
    seed = rechecks[0].sample_seed
    assert seed.startswith(xlt.code)
    assert ids(draw_sample(xlt, share=0.5, seed=seed, **MARCH)) == sorted(
        r.hazard_id for r in rechecks
    )


def test_who_may_start_a_recheck(closed_in_march, grid_worker, neighbour_brigade):
    xlt = Area.objects.get(name="兴隆台区")
    with pytest.raises(PermissionDeniedError, match="无权执行此操作"):
        do_start_recheck(acting_user=grid_worker, area=xlt, share=1, seed="s", **MARCH)
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        do_start_recheck(acting_user=neighbour_brigade, area=xlt, share=1, seed="s", **MARCH)
    assert not Recheck.objects.exists()


def test_a_failed_recheck_reopens_and_a_pass_keeps_closed(closed_in_march, colleague, brigade):
    do_start_recheck(
        acting_user=colleague, area=Area.objects.get(name="兴隆街道"), share=1, seed="s", **MARCH
    )
    first_place, second_place = closed_in_march["places"][:2]
    kept, failed = Recheck.objects.filter(hazard__place=first_place).order_by("hazard_id")
    inspection = kept.inspection

    do_record_recheck(kept, acting_user=colleague, passed=True, note="保持良好")
    kept.hazard.refresh_from_db()
    assert kept.hazard.state == HazardState.CLOSED
    inspection.refresh_from_db()
    assert inspection.result == InspectionResult.PENDING  # one still undecided

    do_record_recheck(failed, acting_user=brigade, passed=False, note="楼道杂物又堆满")
    failed.refresh_from_db()
    hazard = failed.hazard
    hazard.refresh_from_db()
    assert failed.passed is False and failed.decided_at is not None
    assert hazard.state == HazardState.REOPENED and hazard.closed_on is None
    last = hazard.history.order_by("-history_date", "-history_id").first()
    assert last.history_change_reason == "复查未通过，重新整改：楼道杂物又堆满"
    assert last.history_user == brigade
    inspection.refresh_from_db()
    assert inspection.result == InspectionResult.HAZARDS_FOUND

    both = Recheck.objects.filter(hazard__place=second_place)
    for recheck in both:
        do_record_recheck(recheck, acting_user=colleague, passed=True)
    passed_inspection = both.first().inspection
    passed_inspection.refresh_from_db()
    assert passed_inspection.result == InspectionResult.NO_HAZARD
    assert passed_inspection.fully_signed
    assert (
        passed_inspection.history.order_by("-history_date", "-history_id")
        .first()
        .history_change_reason
        == "回头看复查完成"
    )


def test_a_failed_recheck_without_note_still_gives_a_reason(closed_in_march, colleague):
    do_start_recheck(
        acting_user=colleague, area=Area.objects.get(name="振兴街道"), share=1, seed="s", **MARCH
    )
    recheck = Recheck.objects.first()
    do_record_recheck(recheck, acting_user=colleague, passed=False)
    last = recheck.hazard.history.order_by("-history_date", "-history_id").first()
    assert last.history_change_reason == "复查未通过，重新整改：回头看复查未通过"


def test_a_recheck_is_decided_once_and_only_by_a_verifier(
    closed_in_march, colleague, property_manager, grid_worker
):
    do_start_recheck(
        acting_user=colleague, area=Area.objects.get(name="惠宾社区"), share=1, seed="s", **MARCH
    )
    recheck = Recheck.objects.first()
    for user in (property_manager, grid_worker):
        with pytest.raises(PermissionDeniedError, match=exactly("您的角色无权复查。")):
            do_record_recheck(recheck, acting_user=user, passed=True)
    do_record_recheck(recheck, acting_user=colleague, passed=True)
    with pytest.raises(InvalidTransitionError, match=exactly("此隐患已复查过。")):
        do_record_recheck(recheck, acting_user=colleague, passed=False)
    recheck.hazard.refresh_from_db()
    assert recheck.hazard.state == HazardState.CLOSED


# ----- enforcement -----


@pytest.fixture
def hazard_at(make_place, inspect):
    place = make_place("惠宾饭店", kind=PlaceKind.SMALL_RESTAURANT)
    return inspect(place, HazardCategory.GAS, at=local(2024, 3, 4)).hazards.get()


def test_a_fine_needs_an_amount(hazard_at, brigade):
    kwargs = dict(
        acting_user=brigade,
        place=hazard_at.place,
        kind=EnforcementKind.FINE,
        decided_on=dt.date(2024, 3, 5),
        organisation=brigade.organisation,
        hazards=[hazard_at],
    )
    with pytest.raises(XiaoanError, match=exactly("罚款须填写金额。")):
        do_take_enforcement(**kwargs)
    fine = do_take_enforcement(
        **kwargs, amount=Decimal("5000.00"), document_number="兴消罚〔2024〕1号"
    )
    assert fine.amount == Decimal("5000.00") and list(fine.hazards.all()) == [hazard_at]
    assert fine.area == hazard_at.place.area
    assert fine.history.get().history_user == brigade


def test_a_temporary_sealing_is_in_force_until_its_lift_date(settings, hazard_at, brigade):
    sealing = do_take_enforcement(
        acting_user=brigade,
        place=hazard_at.place,
        kind=EnforcementKind.TEMPORARY_SEALING,
        decided_on=dt.date(2024, 3, 5),
        lifted_on=dt.date(2024, 3, 15),
        organisation=brigade.organisation,
        hazards=[hazard_at],
    )
    assert not sealing.in_force(dt.date(2024, 3, 4))
    assert sealing.in_force(dt.date(2024, 3, 5))
    assert sealing.in_force(dt.date(2024, 3, 14))
    assert not sealing.in_force(dt.date(2024, 3, 15))
    assert not sealing.in_force(dt.date(2024, 4, 1))
    settings.XIAOAN_TODAY = "2024-03-10"
    assert sealing.in_force()
    settings.XIAOAN_TODAY = "2024-03-16"
    assert not sealing.in_force()


def test_an_open_sealing_is_lifted_later(hazard_at, brigade, colleague):
    sealing = do_take_enforcement(
        acting_user=brigade,
        place=hazard_at.place,
        kind=EnforcementKind.TEMPORARY_SEALING,
        decided_on=dt.date(2024, 3, 5),
        organisation=brigade.organisation,
    )
    assert sealing.in_force(dt.date(2025, 1, 1))
    with pytest.raises(XiaoanError, match=exactly("解除日期不能早于决定日期。")):
        do_lift_enforcement(
            sealing, acting_user=brigade, expected_version=1, lifted_on=dt.date(2024, 3, 4)
        )
    lifted = do_lift_enforcement(
        sealing, acting_user=colleague, expected_version=1, lifted_on=dt.date(2024, 3, 20)
    )
    assert lifted.version == 2 and not lifted.in_force(dt.date(2024, 3, 20))
    assert (
        lifted.history.order_by("-history_date", "-history_id").first().history_change_reason
        == "解除"
    )
    with pytest.raises(StaleEditError):
        do_lift_enforcement(
            sealing, acting_user=brigade, expected_version=1, lifted_on=dt.date(2024, 3, 21)
        )


def test_a_lift_date_before_the_decision_is_refused(hazard_at, brigade):
    with pytest.raises(XiaoanError, match=exactly("解除日期不能早于决定日期。")):
        do_take_enforcement(
            acting_user=brigade,
            place=hazard_at.place,
            kind=EnforcementKind.TEMPORARY_SEALING,
            decided_on=dt.date(2024, 3, 5),
            lifted_on=dt.date(2024, 3, 1),
            organisation=brigade.organisation,
        )


def test_hazards_of_another_place_are_refused(hazard_at, make_place, inspect, brigade):
    other = inspect(make_place("别的饭店"), HazardCategory.GAS).hazards.get()
    with pytest.raises(XiaoanError, match=exactly("所选隐患不属于该场所。")):
        do_take_enforcement(
            acting_user=brigade,
            place=hazard_at.place,
            kind=EnforcementKind.ORDER_TO_CORRECT,
            decided_on=dt.date(2024, 3, 5),
            organisation=brigade.organisation,
            hazards=[hazard_at, other],
        )
    assert not hazard_at.enforcement_actions.exists()


def test_only_enforcers_of_the_area_take_enforcement(hazard_at, grid_worker, neighbour_brigade):
    kwargs = dict(
        place=hazard_at.place,
        kind=EnforcementKind.ORDER_TO_CORRECT,
        decided_on=dt.date(2024, 3, 5),
        organisation=grid_worker.organisation,
    )
    with pytest.raises(PermissionDeniedError, match="无权执行此操作"):
        do_take_enforcement(acting_user=grid_worker, **kwargs)
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        do_take_enforcement(acting_user=neighbour_brigade, **kwargs)


# ----- supervision visits -----


def test_visit_totals_are_derived_from_the_records(
    make_place, inspect, brigade, colleague, close_hazard, auditor
):
    xlt = Area.objects.get(name="兴隆台区")
    with pytest.raises(PermissionDeniedError):
        do_record_visit(
            acting_user=auditor, date=dt.date(2024, 3, 12), leader_name="占明", title="x", area=xlt
        )
    visit = do_record_visit(
        acting_user=brigade,
        date=dt.date(2024, 3, 12),
        leader_name="占明",
        leader_title="副市长",
        title="四不两直暗访兴隆台区",
        area=xlt,
        unannounced=True,
    )
    hotel, shop, elsewhere = (
        make_place("惠宾旅馆", kind=PlaceKind.SMALL_HOTEL),
        make_place("惠宾商店", kind=PlaceKind.SMALL_SHOP),
        make_place("别处商店", kind=PlaceKind.SMALL_SHOP),
    )
    at = local(2024, 3, 12, 9)
    first = inspect(hotel, HazardCategory.EBIKE_INDOOR, HazardCategory.CLUTTER, at=at, visit=visit)
    inspect(shop, at=at, visit=visit, kind=InspectionKind.UNANNOUNCED)
    inspect(hotel, HazardCategory.GAS, at=local(2024, 3, 12, 11), visit=visit)
    inspect(elsewhere, HazardCategory.GAS, at=at)  # not part of the visit
    ebike, clutter = first.hazards.order_by("category")
    close_hazard(ebike)
    do_report_fixed(clutter, acting_user=brigade, text="已清理", photos=[photo()])
    for kind, amount in ((EnforcementKind.TEMPORARY_SEALING, None), (EnforcementKind.FINE, 3000)):
        do_take_enforcement(
            acting_user=brigade,
            place=hotel,
            kind=kind,
            amount=amount,
            decided_on=dt.date(2024, 3, 12),
            organisation=brigade.organisation,
            visit=visit,
        )
    do_take_enforcement(
        acting_user=brigade,
        place=elsewhere,
        kind=EnforcementKind.ORDER_TO_CORRECT,
        decided_on=dt.date(2024, 3, 12),
        organisation=brigade.organisation,
    )
    assert queries.visit_totals(visit) == {
        "inspections": 3,
        "places": 2,
        "hazards": 3,
        "closed_hazards": 1,
        "rectified_hazards": 1,  # the clutter one awaits verification
        "open_hazards": 1,  # the gas hazard
        "enforcement_actions": 2,
    }
