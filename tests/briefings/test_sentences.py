"""The demo month's briefing reads as the office writes it: an instruction
after the figures of the report it was made on, announced visits in the
sentences written for them, documents named once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from xiaoan.briefings.builder import build_monthly, monthly_period
from xiaoan.briefings.figures import visit_words
from xiaoan.demo.duty import load_duty
from xiaoan.directives.models import Document
from xiaoan.duty.models import UpcomingInspection

pytestmark = pytest.mark.django_db

HOTLINE = (
    "27日，辽宁省12345政务服务便民平台专报中提到：“截至2月26日，全省12345热线平台共转办"
    "消防安全隐患诉求问题4490件，较去年同期增长168%；2月24日至26日，相关诉求量合计达到678件，"
    "环比增长239%。”占明副市长批示：“要组织立即整改投诉问题，同时，继续加大隐患排查整治力度，"
    "市营商局及时梳理我市消防安全隐患诉求情况，并及时认真做好督办。”"
)


def test_the_march_briefing_sentences(demo: Any, area: Any) -> None:
    load_duty()
    city = area("盘锦市")
    march = build_monthly(city, monthly_period(city, "2024-03"))

    # the instruction follows the figures of the 12345 report it was made on
    instructions = [i.text for i in march.section("instructions").paragraphs()]
    assert HOTLINE in instructions

    # announced visits in the sentences written for them, and what they ask
    visits = march.section("visits").items[-1].text
    assert visits == (
        "3月1日起，省安委会将在全国“两会”期间成立督导组到我市各县区开展检查；"
        "接总队通知，应急管理部副部长胡明朗将于近期到盘锦开展调研。各单位需做好迎检准备。"
    )
    assert not re.search(r"开展应急管理部|重点消防安全", visits)

    # each document named once, in book-title marks
    lines = {
        Document.objects.get(pk=int(i.source.split(":")[1])).title: i.text
        for i in march.section("documents").paragraphs()
        if i.source.startswith("document:")
    }
    for title, line in lines.items():
        assert line.count(title) <= 1, line  # never repeated
        assert f"《{title}》" in line or "下发" in line, line
    assert lines["2024年度全市消防工作任务清单"] == (
        "市消安委印发《2024年度全市消防工作任务清单》，请各县区大队结合具体任务逐条推动"
        "属地政府抓好落实。"
    )
    assert lines["关于做好2024年全国两会期间安全稳定和值班工作的通知"].startswith(
        "中共盘锦市委、盘锦市人民政府下发《关于做好2024年全国两会期间安全稳定和值班工作的通知》，"
        "要求深入细致做好安全稳定工作"
    )
    assert lines["关于河南方城“1.19”火灾信息迟报情况的通报"].endswith(
        "落实信息共享制度不到位，要求务必将重大突发事件紧急信息1小时报送的要求作为一项政治纪律和"
        "政治规矩。"
    )
    # a requirement the summary already says is not said again
    assert lines[
        "关于贯彻落实〈安全生产治本攻坚三年行动方案〉消防安全子方案（2024-2026年）的通知"
    ] == (
        "国家消防救援局办公室下发《关于贯彻落实〈安全生产治本攻坚三年行动方案〉消防安全子方案"
        "（2024-2026年）的通知》，明确23项重点任务，提出4项保障措施。落实情况：等待省级子方案。"
    )
    # a summary that says the issuing itself is the sentence
    assert lines[
        "全省除患攻坚大整治工作通报（2月份，2期）及熟悉演练和预案制定情况通报（1期）"
    ].startswith("2月份，总队下发全省除患攻坚大整治工作通报2期")


def test_an_announced_visit_without_a_written_sentence(area: Any) -> None:
    minister = UpcomingInspection(
        title="应急管理部副部长胡明朗到盘锦调研",
        inspecting_body="应急管理部",
        date_note="近期",
        location="盘锦市",
        focus="消防安全、除患攻坚。",
        area=area("盘锦市"),
    )
    assert (
        visit_words(minister)
        == "近期，应急管理部副部长胡明朗将到盘锦调研，重点了解消防安全、除患攻坚。"
    )
    team = UpcomingInspection(
        title="全国“两会”期间安全生产督导",
        inspecting_body="省安委会督导组",
        location="各县区",
        focus="值班值守和信息报送",
        area=area("盘锦市"),
    )
    assert visit_words(team) == (
        "近期，省安委会督导组将到各县区开展全国“两会”期间安全生产督导，重点检查值班值守和信息报送。"
    )
