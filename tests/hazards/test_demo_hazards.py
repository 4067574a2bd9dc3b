"""The demo month's hazard desk: the seed's supervision visits, the residential campaign's
self-check phase, and how the hazards stood on 4 March 2024."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.areas.models import Area
from xiaoan.demo.directives import load_directives
from xiaoan.demo.hazards import HOTEL, load_hazards
from xiaoan.directives.models import Campaign
from xiaoan.hazards import queries
from xiaoan.hazards.choices import EnforcementKind, HazardCategory, HazardState
from xiaoan.hazards.models import EnforcementAction, Hazard, Inspection, SupervisionVisit
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place

DEMO_DAY = dt.date(2024, 3, 4)


@pytest.fixture
def demo(db, settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    load_directives()
    return load_hazards()


@pytest.mark.django_db
def test_demo_month_of_hazards(demo):
    assert demo["places"] >= 30
    assert demo["enforcement_actions"] == 1

    # 三、督导检查情况: three unannounced visits, 27 hazards, all being rectified
    visits = SupervisionVisit.objects.filter(leader_name="刘占明", unannounced=True)
    assert sorted(v.date for v in visits) == [
        dt.date(2024, 1, 30),
        dt.date(2024, 2, 16),
        dt.date(2024, 2, 17),
    ]
    totals = [queries.visit_totals(v) for v in visits]
    assert sum(t["hazards"] for t in totals) == 27
    assert sum(t["closed_hazards"] for t in totals) == 0
    states = set(
        Hazard.objects.filter(inspection__visit__in=visits).values_list("state", flat=True)
    )
    assert states <= {HazardState.RECTIFYING, HazardState.RECTIFIED}

    # the hotel's temporary sealing, decided on a visit day, still in force
    sealing = EnforcementAction.objects.get(
        place__name=HOTEL, kind=EnforcementKind.TEMPORARY_SEALING
    )
    assert sealing.visit_id in {v.pk for v in visits}
    assert sealing.lifted_on is None
    assert sealing.in_force(DEMO_DAY)

    # the mayor's visit of 3/2: some inspections found nothing
    mayor = SupervisionVisit.objects.get(leader_name="邢鹏", date=dt.date(2024, 3, 2))
    assert queries.visit_totals(mayor)["inspections"] > queries.visit_totals(mayor)["hazards"]

    # the residential campaign's self-check phase: partway covered
    campaign = Campaign.objects.get(name="全市住宅小区消防安全综合治理")
    phase = campaign.phases.get(number=1)
    cover = queries.coverage(
        Place.objects.all(),
        area=Area.objects.get(code="211100"),
        start=phase.start,
        end=phase.end,
        kinds=[PlaceKind.RESIDENTIAL, PlaceKind.HIGH_RISE],
        campaign_id=campaign.pk,
    )
    assert 0 < cover.percent < 100
    in_campaign = Inspection.objects.filter(campaign=campaign)
    assert in_campaign.filter(result="no_hazard").count() >= 3
    assert any(not i.fully_signed for i in in_campaign)

    # a few closed by someone other than who reported the fix; exactly one overdue
    closed = Hazard.objects.filter(state=HazardState.CLOSED)
    assert closed.count() >= 3
    assert all(h.closed_by_id != h.fixed_by_id for h in closed)
    assert Hazard.objects.filter(queries.overdue_filter(DEMO_DAY)).count() == 1

    # trace-back: reported clean by the brigade in February, bikes in the lobby in March
    hazard = Hazard.objects.get(place__name="惠宾小区1号楼", category=HazardCategory.EBIKE_INDOOR)
    missed = queries.trace_back(hazard)
    assert [m.inspection.at.month for m in missed] == [2]
    assert missed[0].reason == "报告未发现隐患"
    assert [u.username for u in missed[0].inspectors] == ["xinglongtai"]


@pytest.mark.django_db
def test_second_load_creates_nothing(demo):
    counts = (Place.objects.count(), Inspection.objects.count(), Hazard.objects.count())
    again = load_hazards()
    assert set(again.values()) == {0}
    assert (Place.objects.count(), Inspection.objects.count(), Hazard.objects.count()) == counts
