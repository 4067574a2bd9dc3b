"""Confirming a reading creates real records through the services, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.directives.models import Document, Instruction, Meeting, Requirement, Target, Task
from xiaoan.hazards.models import SupervisionVisit
from xiaoan.reader.models import BriefingReading
from xiaoan.reader.parsing import read_briefing
from xiaoan.reader.proposals import with_defaults
from xiaoan.reader.services import AlreadyConfirmedError, do_confirm_reading

pytestmark = pytest.mark.django_db

SEED = (Path(__file__).parent / "data" / "seed.txt").read_text(encoding="utf-8")


def proposals(text: str = SEED) -> dict[str, Any]:
    return with_defaults(read_briefing(text).as_dict(), text)


def test_seed_confirmed_as_the_office_creates_every_record(user: Any) -> None:
    office = user("office")
    before = {
        m: m.objects.count() for m in (Instruction, Meeting, Document, SupervisionVisit, Task)
    }
    reading = do_confirm_reading(acting_user=office, text=SEED, proposals=proposals())

    created = {m: m.objects.count() - n for m, n in before.items()}
    assert created == {Instruction: 4, Meeting: 4, Document: 8, SupervisionVisit: 2, Task: 1}
    chain = Instruction.objects.filter(pk__in=reading.records.values("instruction")).order_by(
        "date"
    )
    first, follow_up, _, read = list(chain)
    assert follow_up.parent == first and follow_up.kind == "follow_up"
    assert read.kind == "read" and read.source_title == "消防工作专报"
    assert first.addressees == "邢鹏、占明" and first.source_kind == "internal_reference"
    assert first.area == office.area
    assert first.history.first().history_user == office

    meetings = Meeting.objects.filter(pk__in=reading.records.values("meeting")).order_by("date")
    assert [m.level for m in meetings] == ["province", "city", "city", "city"]
    meeting = meetings[0]
    assert [r.text[:8] for r in meeting.items.all()][:2] == ["加强消防队站建设", "年度完成新建市政"]
    task = Task.objects.get(pk=reading.records.get(kind="task").task_id)
    targets = {(t.subject, int(t.quantity), t.unit) for t in Target.objects.filter(task=task)}
    assert targets == {("市政消火栓", 100, "个"), ("消防水鹤", 5, "个")}
    assert task.requirement.meeting == meeting and str(task.deadline) == "2024-12-31"

    visit = SupervisionVisit.objects.get(pk=reading.records.filter(kind="visit").first().visit_id)
    assert visit.leader_name == "刘占明" and visit.unannounced
    assert "27" in visit.notes and "临时查封" in visit.notes

    document = Document.objects.get(
        title="关于河南方城“1.19”火灾信息迟报情况的通报", area=office.area
    )
    assert document.level == "national" and document.issuer == "应急部办公厅"
    levels = dict(Document.objects.filter(area=office.area).values_list("issuer", "level"))
    assert levels["省总队"] == "province" and levels["市消安委"] == "city"
    assert Requirement.objects.get(document=document).deadline.isoformat() == "2024-12-31"

    # the 12345 report's figures stay with the instruction made on it, not in the note
    hotline = chain[2]
    assert [f.words() for f in hotline.source_figures.all()] == [
        "截至2月26日，全省12345热线平台共转办消防安全隐患诉求问题4490件，较去年同期增长168%",
        "截至2月26日，相关诉求量合计达到678件，环比增长239%",
    ]
    assert "4490件" not in reading.note
    assert reading.confirmed_by == office and reading.history.first().history_user == office
    records = list(reading.records.all())
    assert len(records) == 19
    for record in records:
        assert 0 <= record.span_start < record.span_end <= len(SEED)


def test_the_same_text_twice_creates_nothing_new(user: Any) -> None:
    office = user("office")
    do_confirm_reading(acting_user=office, text=SEED, proposals=proposals())
    count = Instruction.objects.count()
    with pytest.raises(AlreadyConfirmedError) as exc:
        # the same briefing pasted again with different blank lines and indentation
        again = "\n\n".join("  " + line for line in SEED.splitlines())
        do_confirm_reading(acting_user=office, text=again, proposals=proposals(again))
    assert "未重复创建" in exc.value.message
    assert Instruction.objects.count() == count
    assert BriefingReading.objects.filter(area=office.area).count() == 1


def test_a_bad_edit_refuses_the_whole_confirmation(user: Any) -> None:
    edited = proposals()
    edited["meetings"][2]["date"] = "2月30日"
    count = Instruction.objects.count()
    with pytest.raises(XiaoanError, match="第3个会议的日期“2月30日”无法识别"):
        do_confirm_reading(acting_user=user("office"), text=SEED, proposals=edited)
    assert Instruction.objects.count() == count
    assert not BriefingReading.objects.exists()


def test_a_follow_up_without_its_instruction_is_refused(user: Any) -> None:
    edited = proposals()
    edited["instructions"][0]["accept"] = False
    with pytest.raises(XiaoanError, match="第2条批示是跟批"):
        do_confirm_reading(acting_user=user("office"), text=SEED, proposals=edited)


def test_nothing_ticked_creates_nothing(user: Any) -> None:
    empty = read_briefing(SEED).as_dict()  # no accept flags at all
    with pytest.raises(XiaoanError, match="没有勾选任何建议"):
        do_confirm_reading(acting_user=user("office"), text=SEED, proposals=empty)
    assert not BriefingReading.objects.exists()


def test_a_brigade_may_not_record_directives(user: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        do_confirm_reading(acting_user=user("xinglongtai"), text=SEED, proposals=proposals())
