"""The office records instructions, meetings, documents, campaigns and water sources in pages."""

from __future__ import annotations

import pytest

from xiaoan.directives.models import Campaign, Document, Instruction, Meeting
from xiaoan.places.models import WaterSource

pytestmark = pytest.mark.django_db


def test_record_an_instruction_and_its_follow_up(client_as, user):
    office = client_as("office")
    response = office.post(
        "/instructions/new/",
        {
            "date": "2024-02-25",
            "leader": user("bingsen").pk,
            "kind": "instruction",
            "source_title": "九小场所安全设施简陋隐患不容小觑",
            "source_kind": "internal_reference",
            "text": "不仅九小场所，居民住宅也是防范重点。",
            "addressees": "邢鹏、占明",
        },
    )
    assert response.status_code == 302, response.content.decode()
    root = Instruction.objects.get(source_title="九小场所安全设施简陋隐患不容小觑")
    assert root.leader_name == "炳森" and root.leader_title == "市委书记"
    form = office.get(f"/instructions/new/?kind=follow_up&parent={root.pk}").content.decode()
    assert f'<option value="{root.pk}" selected>' in form
    office.post(
        "/instructions/new/",
        {
            "date": "2024-02-26",
            "leader_name": "占明",
            "leader_title": "副市长",
            "kind": "follow_up",
            "parent": root.pk,
            "source_kind": "other",
            "text": "认真抓好落实",
        },
    )
    assert Instruction.objects.get(parent=root).leader_name == "占明"
    page = office.get("/instructions/").content.decode()
    page = page[page.index('id="xa-instruction-tree"') :]
    root_row = page.index("2月25日 炳森市委书记")
    follow_row = page.index("2月26日 占明副市长")
    assert root_row < follow_row
    assert "xa-depth-1" in page[page.rfind("<li", 0, follow_row) : follow_row]


def test_instruction_errors_are_shown_in_chinese(client_as):
    response = client_as("office").post(
        "/instructions/new/",
        {
            "date": "2024-02-26",
            "leader_name": "占明",
            "kind": "follow_up",
            "source_kind": "other",
            "text": "x",
        },
    )
    assert "跟批必须指明所跟的批示" in response.content.decode()


def test_record_a_meeting_with_numbered_items(client_as):
    response = client_as("office").post(
        "/meetings/new/",
        {
            "date": "2024-03-01",
            "level": "city",
            "title": "除患攻坚调度会",
            "items": "开展全覆盖、地毯式排查 | 2024-03-08\n组织专业人员带队检查\n\n排查人清单签字",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="除患攻坚调度会")
    assert [(i.number, i.deadline and i.deadline.isoformat()) for i in meeting.items.all()] == [
        (1, "2024-03-08"),
        (2, None),
        (3, None),
    ]


def test_a_bad_item_deadline_names_the_line(client_as):
    response = client_as("office").post(
        "/meetings/new/",
        {"date": "2024-03-01", "level": "city", "title": "会", "items": "甲\n乙 | 3月8日"},
    )
    assert "第2行的日期“3月8日”应写成 YYYY-MM-DD" in response.content.decode()
    assert not Meeting.objects.filter(title="会").exists()


def test_record_a_document_and_a_campaign(client_as):
    office = client_as("office")
    office.post(
        "/documents/new/",
        {
            "title": "《除患攻坚行动专项政治监督工作实施方案》",
            "issuer": "辽宁省消防救援总队",
            "level": "province",
            "follow_through": "至3月底开展政治监督",
            "requirements": "围绕4个方面开展政治监督 | 2024-03-31",
        },
    )
    document = Document.objects.get(title="除患攻坚行动专项政治监督工作实施方案")
    assert document.requirements.get().deadline.isoformat() == "2024-03-31"
    response = office.post(
        "/campaigns/new/",
        {
            "name": "住宅小区综合治理",
            "start": "2024-03-01",
            "end": "2024-03-31",
            "phases": "自查自改 | 2024-03-01 | 2024-03-08 | 大排查\n集中整治 | 2024-03-09 | 2024-03-31 | 大整治、大曝光",
        },
    )
    assert response.status_code == 302, response.content.decode()
    campaign = Campaign.objects.get(name="住宅小区综合治理")
    assert [p.action_labels for p in campaign.phases.all()] == [["大排查"], ["大整治", "大曝光"]]
    bad = office.post(
        "/campaigns/new/",
        {
            "name": "x",
            "start": "2024-03-01",
            "end": "2024-03-31",
            "phases": "甲 | 2024-03-01 | 2024-03-08 | 大扫除",
        },
    )
    assert "行动“大扫除”不认识" in bad.content.decode()


def test_brigades_cannot_record_meetings(client_as):
    response = client_as("xinglongtai").post(
        "/meetings/new/", {"date": "2024-03-01", "level": "county", "title": "大队会"}, follow=True
    )
    assert "无权" in response.content.decode()
    assert not Meeting.objects.filter(title="大队会").exists()


def test_water_source_register_page(client_as, area):
    office = client_as("office")
    response = office.post(
        "/water-sources/",
        {
            "kind": "hydrant",
            "number": "XHS-2024-001",
            "location": "兴隆台区惠宾街",
            "area": area("兴隆台区").pk,
            "status": "in_service",
            "commissioned_on": "2024-02-20",
        },
    )
    assert response.status_code == 302
    assert WaterSource.objects.get(number="XHS-2024-001").area.name == "兴隆台区"
    refused = office.post(
        "/water-sources/",
        {
            "kind": "hydrant",
            "number": "XHS-2024-002",
            "location": "x",
            "area": area("兴隆台区").pk,
            "status": "in_service",
        },
    )
    assert "在用的消防水源必须填写投用日期" in refused.content.decode()
    assert "XHS-2024-001" in client_as("xinglongtai").get("/water-sources/").content.decode()
    assert "XHS-2024-001" not in client_as("shuangtaizi").get("/water-sources/").content.decode()
