"""The demo month on the duty desk: the national-sessions dispatch from 3 March,
one urgent report on time and one late, and the announced inspections."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.areas.models import User
from xiaoan.demo.duty import load_duty
from xiaoan.directives.models import Task
from xiaoan.duty import queries
from xiaoan.duty.choices import ClockState
from xiaoan.duty.models import DispatchPeriod, Incident, UpcomingInspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    created = load_duty()
    return created


def test_the_demo_loads_once(loaded):
    assert loaded["incidents"] == 3 and loaded["inspections"] == 2
    again = load_duty()
    assert set(again.values()) == {0}


def test_one_report_on_time_one_late(loaded):
    states = {i.place_name: queries.clock_state(i) for i in Incident.objects.all()}
    assert states == {
        "向阳社区 6 号楼居民住宅": ClockState.ON_TIME,
        "太平街道阳光幼儿园": ClockState.LATE,
        "振兴街道停车场": ClockState.NOT_REQUIRED,
    }
    leader = User.objects.get(username="leader")
    assert queries.on_time_rate(leader, dt.date(2024, 3, 1), dt.date(2024, 3, 4)) == (1, 2, 0.5)


def test_dispatch_from_3_march_with_gaps_on_the_4th(loaded):
    period = DispatchPeriod.objects.get(title="全国两会期间安全稳定")
    assert period.start_date == dt.date(2024, 3, 3) and period.due_time == dt.time(15, 0)
    assert queries.missing_submissions(period, dt.date(2024, 3, 3)) == []
    missing = {o.name for o in queries.missing_submissions(period, dt.date(2024, 3, 4))}
    assert missing == {
        "盘山县消防救援大队",
        "辽东湾新区消防救援大队",
        "盘锦市综合行政执法局",
        "盘锦市教育局",
    }
    office = User.objects.get(username="office")
    day3 = queries.dispatch_day(period, dt.date(2024, 3, 3), office)
    assert [s.organisation.name for s in day3.late()] == ["盘山县消防救援大队"]


def test_inspections_have_checklists_of_tasks(loaded):
    office = User.objects.get(username="office")
    coming = queries.upcoming_inspections(office, dt.date(2024, 3, 4), dt.date(2024, 3, 31))
    assert [i.title for i in coming] == [
        "省安委会全国“两会”期间安全生产督导",
        "应急管理部副部长胡明朗到盘锦调研",
    ]
    team = UpcomingInspection.objects.get(title="省安委会全国“两会”期间安全生产督导")
    tasks = Task.objects.filter(pk__in=team.checklist.values("task_id"))
    assert {t.lead_organisation.name for t in tasks} == {
        "兴隆台区消防救援大队",
        "双台子区消防救援大队",
        "盘锦市应急管理局",
    }
    # a county brigade sees the city's announced visit, and its own checklist task
    brigade = User.objects.get(username="xinglongtai")
    assert (
        len(queries.upcoming_inspections(brigade, dt.date(2024, 3, 4), dt.date(2024, 3, 31))) == 2
    )
    assert Task.objects.restrict(brigade).filter(pk__in=tasks).count() == 1
    # not in the window: a visit that ended before it
    assert [
        i.title
        for i in queries.upcoming_inspections(office, dt.date(2024, 3, 20), dt.date(2024, 3, 31))
    ] == ["应急管理部副部长胡明朗到盘锦调研"]
