"""Overdue, due soon and roll-ups are derived, following the Chinese holiday calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.directives import queries, services
from xiaoan.directives.calendar import is_workday, workdays_between
from xiaoan.directives.choices import InstructionState, TaskStatus

pytestmark = pytest.mark.django_db


def test_holidays_and_makeup_workdays():
    assert not is_workday(dt.date(2024, 2, 12))  # Spring Festival
    assert is_workday(dt.date(2024, 2, 4))  # a Sunday made a workday
    assert not is_workday(dt.date(2024, 3, 9))  # Saturday
    # after Thu 8 Feb up to Mon 19 Feb: Fri 9th, Sun 18th (made a workday) and Mon 19th
    assert workdays_between(dt.date(2024, 2, 8), dt.date(2024, 2, 19)) == 3


def test_overdue_only_for_unfinished_tasks(make_task, brigade, settings):
    settings.XIAOAN_TODAY = "2024-03-11"
    task = make_task(deadline=dt.date(2024, 3, 8))
    assert queries.is_overdue(task)
    services.do_transition_task(task, "complete", acting_user=brigade)
    task.refresh_from_db()
    assert not queries.is_overdue(task)


def test_due_soon_counts_working_days_across_a_weekend(make_task, settings):
    task = make_task(deadline=dt.date(2024, 3, 11))  # a Monday
    settings.XIAOAN_TODAY = "2024-03-06"  # Wednesday: Thu, Fri, Mon = 3 working days
    assert queries.workdays_left(task) == 3 and queries.is_due_soon(task)
    settings.XIAOAN_TODAY = "2024-03-05"
    assert queries.workdays_left(task) == 4 and not queries.is_due_soon(task)


def test_instruction_state_rolls_up_from_its_chain(office, brigade, area):
    city = area("盘锦市")
    root = services.do_record_instruction(
        acting_user=office,
        date=dt.date(2024, 2, 25),
        leader_name="炳森",
        leader_title="书记",
        text="居民住宅也是防范重点",
        area=city,
    )
    follow = services.do_record_instruction(
        acting_user=office,
        date=dt.date(2024, 2, 26),
        leader_name="占明",
        leader_title="副市长",
        kind="follow_up",
        parent=root,
        text="认真抓好落实",
        area=city,
    )
    assert queries.instruction_state(root) == InstructionState.OPEN
    task = services.do_create_task(
        acting_user=office,
        title="落实批示",
        lead_organisation=brigade.organisation,
        instruction=follow,
    )
    assert queries.instruction_state(root) == InstructionState.OPEN
    services.do_report_progress(task, acting_user=brigade, text="已部署")
    assert queries.instruction_state(root) == InstructionState.IN_PROGRESS
    services.do_transition_task(task, "complete", acting_user=brigade)
    services.do_transition_task(task, "verify", acting_user=office)
    assert queries.instruction_state(root) == InstructionState.IMPLEMENTED
    root = services.do_record_feedback(
        root,
        acting_user=office,
        expected_version=root.version,
        feedback="已全面部署排查",
        date=dt.date(2024, 3, 4),
    )
    assert queries.instruction_state(root) == InstructionState.FEEDBACK_GIVEN


def test_read_only_circulation_has_no_text_and_reads_as_read(office, area):
    read = services.do_record_instruction(
        acting_user=office,
        date=dt.date(2024, 2, 28),
        leader_name="邢鹏",
        kind="read",
        area=area("盘锦市"),
    )
    assert queries.instruction_state(read) == InstructionState.READ


def test_follow_up_needs_a_parent(office, area):
    from xiaoan.core.errors import XiaoanError

    with pytest.raises(XiaoanError, match="跟批必须指明"):
        services.do_record_instruction(
            acting_user=office,
            date=dt.date(2024, 2, 26),
            leader_name="占明",
            kind="follow_up",
            text="x",
            area=area("盘锦市"),
        )


def test_overdue_by_owner(make_task, settings):
    from xiaoan.directives.models import Task

    settings.XIAOAN_TODAY = "2024-03-20"
    make_task("甲", deadline=dt.date(2024, 3, 8))
    make_task("乙", deadline=dt.date(2024, 3, 9))
    make_task("丙", lead="双台子区消防救援大队", deadline=dt.date(2024, 3, 1))
    make_task("丁", deadline=dt.date(2024, 3, 31))
    rows = queries.overdue_by_owner(Task.objects.all())
    assert [(r["lead_organisation__name"], r["count"]) for r in rows] == [
        ("兴隆台区消防救援大队", 2),
        ("双台子区消防救援大队", 1),
    ]


def test_campaign_phases_must_not_overlap(office, area):
    from xiaoan.core.errors import XiaoanError

    with pytest.raises(XiaoanError, match="重叠"):
        services.do_create_campaign(
            acting_user=office,
            name="测试行动",
            area=area("盘锦市"),
            start=dt.date(2024, 2, 1),
            end=dt.date(2024, 3, 31),
            phases=[
                services.PhaseSpec("一", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
                services.PhaseSpec("二", dt.date(2024, 2, 20), dt.date(2024, 3, 31)),
            ],
        )


def test_status_values():
    assert set(TaskStatus.values) == {"open", "in_progress", "done", "closed"}
