"""The golden test: March 2024 built from the demo data has the seed's sections and
facts (shared seed briefing of 4 March 2024) — structure and facts, not prose."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from xiaoan.briefings.builder import build_monthly, monthly_period
from xiaoan.directives.models import Document, Instruction, Meeting
from xiaoan.hazards.models import EnforcementAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(demo, area):
    city = area("盘锦市")
    period = monthly_period(city, "2024-03")
    return build_monthly(city, period)


def test_title_date_and_the_seed_sections(march):
    assert march.title == "3月份行政办公会议重点工作情况通报"
    assert march.issued_on == dt.date(2024, 3, 4)
    assert (march.start, march.end) == (dt.date(2024, 2, 1), dt.date(2024, 3, 4))
    assert [s.heading for s in march.sections][:4] == [
        "一、领导批示情况",
        "二、有关会议情况",
        "三、督导检查情况",
        "四、近期重点工作及文件要求",
    ]


def test_four_instructions_in_date_order_with_the_follow_up_under_its_instruction(march):
    section = march.section("instructions")
    roots = [i for i in section.items if i.source.startswith("instruction:")]
    records = [Instruction.objects.get(pk=int(i.source.split(":")[1])) for i in roots]
    # three at the top: 2/25 (with the 2/26 follow-up under it), 2/27, the 2/28 circulation
    assert [(r.date.day, r.leader_name) for r in records] == [
        (25, "炳森"),
        (27, "占明"),
        (28, "邢鹏"),
    ]
    follow_ups = [c for c in roots[0].children if c.source.startswith("instruction:")]
    assert len(follow_ups) == 1
    follow_up = Instruction.objects.get(pk=int(follow_ups[0].source.split(":")[1]))
    assert follow_up.parent == records[0] and follow_up.date == dt.date(2024, 2, 26)
    assert len(section.sources("instruction")) == 4
    # quoted text, dates written as a person would (the month once), the circulation read-only
    assert roots[0].text == (
        "2月25日，炳森书记在市委《内部参考》中名为“九小场所安全设施简陋隐患不容小觑”的文章中"
        "作出批示：“请邢鹏、占明同志阅，不仅九小场所，居民住宅也是防范重点。”"
    )
    # the report's figures first, then the leader's words
    assert roots[1].text.startswith("27日，辽宁省12345政务服务便民平台专报中提到：“截至2月26日")
    assert "占明副市长批示：“要组织立即整改投诉问题" in roots[1].text
    assert follow_ups[0].text.startswith("26日，占明副市长作出跟批：“请希锋同志阅")
    assert roots[2].text == "28日，邢鹏市长对《消防工作专报》（盘锦市消防救援支队报送）进行圈阅。"


def test_four_meetings_with_their_numbered_items(march):
    section = march.section("meetings")
    meetings = [Meeting.objects.get(pk=int(i.source.split(":")[1])) for i in section.items]
    assert [m.date for m in meetings] == [
        dt.date(2024, 2, 22),
        dt.date(2024, 2, 25),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 1),
    ]
    assert [i.lead for i in section.items] == ["（一）", "（二）", "（三）", "（四）"]
    assert [len(i.children) for i in section.items] == [6, 4, 1, 7]
    first = section.items[0].children
    assert first[1].lead == "2." and "新建市政消火栓100个，消防水鹤5个" in first[1].text
    assert "一个月内按照“四管”要求上报管理内容" in section.items[2].children[0].text
    assert [c.lead for c in section.items[3].children] == [f"{n}." for n in range(1, 8)]


def test_twenty_seven_hazards_and_the_sealed_hotel(march):
    section = march.section("visits")
    unannounced = section.items[0]
    assert "1月30日、2月16日、2月17日" in unannounced.text
    assert "明察暗访督导检查三次" in unannounced.text
    assert re.search(r"发现火灾隐患或违法行为27处", unannounced.text)
    assert "均已督促整改" in unannounced.text
    sealing = EnforcementAction.objects.get(kind="temporary_sealing")
    assert f"对{sealing.place.name}采取临时查封" in unannounced.text
    assert sealing.place.name == "兴隆台区宜居主题酒店"
    mayor = section.items[1]
    assert mayor.text.startswith("3月2日，邢鹏市长带队检查企业安全生产")
    # announced visits by higher levels come from the duty desk, not there yet: said plainly
    assert section.items[-1].text == "上级来我市督导检查及迎检安排：本期无相关数据。"


def test_documents_in_the_two_levels(march):
    section = march.section("documents")
    city, higher = section.items
    assert (city.text, higher.text) == ("（一）市级层面", "（二）国家局及总队层面")

    def titles(node):
        return {
            Document.objects.get(pk=int(c.source.split(":")[1])).title
            for c in node.children
            if c.source.startswith("document:")
        }

    assert titles(city) == {
        "全市消防安全集中除患攻坚大整治行动实施方案",
        "2024年度全市消防工作任务清单",
        "全市住宅小区消防安全综合治理工作方案",
        "关于做好2024年全国两会期间安全稳定和值班工作的通知",
    }
    assert len(titles(higher)) == 4
    assert "关于河南方城“1.19”火灾信息迟报情况的通报" in titles(higher)
    # the campaigns' current phases and what is due
    text = "\n".join(i.full_text for i in section.paragraphs())
    assert "当前处于第二阶段“集中攻坚”（2月26日至3月20日）" in text
    assert "当前处于第一阶段“自查自改”（3月1日至3月8日）" in text
    assert "期限3月8日" in text and "期限12月31日" in text
    assert "等待省级子方案" in text


def test_key_figures_from_the_records(march):
    text = march.section("figures").text()
    assert "整改验收销号4处" in text
    assert "逾期未整改1处" in text
    assert re.search(r"检查覆盖率[\d.]+%", text)
    assert "逾期未完成任务" in text
    assert "12345平台转办火灾隐患投诉：本期无相关数据。" in text
