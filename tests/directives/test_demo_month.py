"""The demo month on the supervision desk: what someone opening the demo on 4 March 2024 sees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xiaoan.core import clock
from xiaoan.demo.directives import load_directives
from xiaoan.directives import queries
from xiaoan.directives.choices import InstructionKind, RegisterKind, TaskStatus
from xiaoan.directives.models import (
    Activity,
    Campaign,
    Chase,
    Document,
    Instruction,
    Meeting,
    ProgressReport,
    Requirement,
    Target,
    Task,
)
from xiaoan.places.models import WaterSource

SEED_DAY = dt.date(2024, 3, 4)


def everything() -> dict[str, int]:
    models = [
        Instruction,
        Meeting,
        Document,
        Requirement,
        Campaign,
        Task,
        Target,
        ProgressReport,
        Chase,
        Activity,
        WaterSource,
    ]
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_the_seed_month_is_on_the_desk() -> None:
    created = load_directives()
    assert created["tasks"] > 20

    assert Instruction.objects.count() == 4
    assert Meeting.objects.count() == 4
    assert Document.objects.count() == 8
    assert Campaign.objects.count() == 2

    follow_up = Instruction.objects.get(date=dt.date(2024, 2, 26))
    assert follow_up.kind == InstructionKind.FOLLOW_UP
    assert follow_up.parent is not None
    assert follow_up.parent.date == dt.date(2024, 2, 25)
    assert follow_up.parent.leader_name == "炳森"
    assert follow_up.parent.leader is not None
    assert follow_up.parent.leader.username == "bingsen"
    assert Instruction.objects.get(date=dt.date(2024, 2, 28)).kind == InstructionKind.READ

    campaign = Campaign.objects.get(name="全市消防安全集中除患攻坚大整治")
    current = [p for p in campaign.phases.all() if p.is_current(SEED_DAY)]
    assert len(current) == 1
    assert current[0].number == 2
    assert current[0].end == dt.date(2024, 3, 20)
    assert current[0].action_labels == ["大排查", "大整治", "大曝光", "大演练", "大约谈", "大督导"]
    residential = Campaign.objects.get(name="全市住宅小区消防安全综合治理")
    phases = list(residential.phases.all())
    assert len(phases) == 4
    assert (phases[0].name, phases[0].end) == ("自查自改", dt.date(2024, 3, 8))
    assert residential.end == dt.date(2024, 3, 31)

    # meeting 1 item 2: 100 hydrants counted from the register (3 commissioned so far)
    hydrants = Target.objects.get(counts=RegisterKind.HYDRANT)
    assert hydrants.quantity == 100
    assert hydrants.task.lead_organisation.name == "盘锦市住房和城乡建设局"
    assert hydrants.task.requirement is not None
    assert hydrants.task.requirement.number == 2
    assert queries.achieved(hydrants) == Decimal(3)
    assert Target.objects.get(counts=RegisterKind.WATER_CRANE).quantity == 5

    deadlines = {r.text: r.deadline for r in Requirement.objects.exclude(deadline=None)}
    assert deadlines["各职能部门一个月内按照“四管”要求上报管理内容。"] == dt.date(2024, 3, 29)
    assert dt.date(2024, 3, 8) in deadlines.values()
    assert Document.objects.get(title__contains="治本攻坚").follow_through == "等待省级子方案"

    dispatch = Task.objects.get(recurrence="daily")
    assert dispatch.lead_organisation.name == "盘锦市应急管理局"
    assert (dispatch.recurrence_start, dispatch.recurrence_time) == (
        dt.date(2024, 3, 3),
        dt.time(15, 0),
    )

    # how things stood on 4 March
    overdue = Task.objects.filter(queries.overdue_filter(SEED_DAY))
    assert [t.lead_organisation.name for t in overdue] == ["盘山县消防救援大队"]
    chase = Chase.objects.get()
    assert chase.by.username == "office"
    assert chase.answer
    assert chase.at.astimezone(clock.LOCAL_TZ).date() <= SEED_DAY
    closed = Task.objects.get(status=TaskStatus.CLOSED)
    assert closed.lead_organisation.name == "兴隆台区消防救援大队"
    assert closed.closed_at is not None
    assert closed.closed_at.astimezone(clock.LOCAL_TZ).date() == dt.date(2024, 3, 1)
    assert Task.objects.filter(status=TaskStatus.DONE).count() == 2
    assert Task.objects.filter(status=TaskStatus.IN_PROGRESS).exists()
    assert all(r.date <= SEED_DAY for r in ProgressReport.objects.all())
    assert Activity.objects.count() == 3

    before = everything()
    again = load_directives()
    assert set(again.values()) == {0}
    assert everything() == before
