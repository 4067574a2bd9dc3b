"""Key-figure sentences from hand-made figures, empty sections said plainly, an
area's briefing holding only its own data, edited text parsed back into items."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.briefings.builder import Period, build_monthly, build_special, monthly_period
from xiaoan.briefings.content import HEADING2, HEADING3, Briefing, parse_text
from xiaoan.briefings.figures import ComplaintFigures, ExternalFigures
from xiaoan.core.errors import XiaoanError
from xiaoan.directives.models import Phase
from xiaoan.hazards.models import Hazard, SupervisionVisit

pytestmark = pytest.mark.django_db

SEED_LIKE = ExternalFigures(
    complaints=ComplaintFigures(count=4490, yoy_label="上升168%", pop_label="上升239%"),
    urgent_on_time_rate=95.5,
    urgent_total=22,
    upcoming_inspections=["3月1日起，省安委会督导组到我市各县区开展检查"],
)


def test_the_twelve_three_four_five_sentence_when_the_figures_are_given(area):
    city = area("盘锦市")
    briefing = build_monthly(
        city,
        Period(dt.date(2024, 2, 1), dt.date(2024, 3, 4), dt.date(2024, 3, 4)),
        external=SEED_LIKE,
    )
    text = briefing.section("figures").text()
    assert "12345平台转办火灾隐患投诉4490件，同比上升168%，环比上升239%。" in text
    assert "紧急信息1小时报送：共报送22起，按时报送率95.5%。" in text
    visits = briefing.section("visits").text()
    assert "3月1日起，省安委会督导组到我市各县区开展检查。各单位需做好迎检准备。" in visits


def test_an_empty_period_says_so_in_every_section(area):
    city = area("盘锦市")
    briefing = build_monthly(
        city, Period(dt.date(2023, 6, 1), dt.date(2023, 6, 30), dt.date(2023, 6, 30))
    )
    texts = {s.key: s.text() for s in briefing.sections}
    assert texts["instructions"] == "本期无领导批示。"
    assert texts["meetings"] == "本期无有关会议。"
    assert texts["visits"] == "本期无督导检查。"
    assert texts["documents"] == "本期无新的重点工作及文件要求。"
    assert "本期共发现火灾隐患0处" in texts["figures"]
    assert "12345平台转办火灾隐患投诉：本期无相关数据。" in texts["figures"]


def test_a_county_sees_only_its_own_hazards_and_visits(demo, area):
    period = monthly_period(area("兴隆台区"), "2024-03")
    xinglongtai = build_monthly(area("兴隆台区"), period)
    shuangtaizi = build_monthly(area("双台子区"), period)
    city = build_monthly(area("盘锦市"), period)

    def hazards_found(briefing: Briefing) -> int:
        text = briefing.section("figures").items[0].text
        return int(text.split("本期共发现火灾隐患")[1].split("处")[0])

    own = Hazard.objects.filter(
        area__path__startswith=area("兴隆台区").path,
        found_on__gte=period.start,
        found_on__lte=period.end,
    ).count()
    neighbour = Hazard.objects.filter(
        area__path__startswith=area("双台子区").path,
        found_on__gte=period.start,
        found_on__lte=period.end,
    ).count()
    assert own and neighbour
    assert hazards_found(xinglongtai) == own
    assert hazards_found(shuangtaizi) == neighbour
    assert hazards_found(city) >= own + neighbour
    # the city's visits are recorded on the city: a county's briefing does not list them
    assert SupervisionVisit.objects.filter(area=area("盘锦市")).exists()
    assert xinglongtai.section("visits").text() == "本期无督导检查。"
    # guidance from above reaches the county: the city's meetings are in its briefing
    assert len(xinglongtai.section("meetings").items) == 4
    assert "宜居主题酒店" not in shuangtaizi.section("visits").text()


def test_a_special_report_on_a_campaign_phase(demo, area):
    phase = Phase.objects.get(campaign__name="全市住宅小区消防安全综合治理", number=1)
    report = build_special(
        area("盘锦市"), subject="phase", start=phase.start, end=dt.date(2024, 3, 4), phase=phase
    )
    assert report.title == "关于全市住宅小区消防安全综合治理自查自改阶段工作情况的专报"
    assert [s.heading for s in report.sections] == [
        "一、阶段安排",
        "二、工作进展",
        "三、本阶段任务落实情况",
        "四、下一步工作",
    ]
    progress = report.section("progress").text()
    assert progress.startswith("截至3月4日，本阶段共开展检查") and "发现火灾隐患" in progress
    assert report.section("ahead").text() == "下一阶段“全面排查”自3月9日开始，至3月20日结束。"


def test_a_special_report_on_twelve_three_four_five_uses_the_given_figures(demo, area):
    start, end = dt.date(2024, 2, 24), dt.date(2024, 2, 29)
    report = build_special(
        area("盘锦市"), subject="complaints", start=start, end=end, external=SEED_LIKE
    )
    assert report.title == "关于2月24日至2月29日12345平台火灾隐患投诉情况的专报"
    assert (
        report.section("overall").text()
        == "12345平台转办火灾隐患投诉4490件，同比上升168%，环比上升239%。"
    )
    assert "要组织立即整改投诉问题" in report.section("instructions").text()
    without = build_special(area("盘锦市"), subject="complaints", start=start, end=end)
    assert without.section("overall").text() == "12345平台转办火灾隐患投诉：本期无相关数据。"


def test_bad_months_and_periods_are_refused_in_chinese(area):
    with pytest.raises(XiaoanError, match="月份“2024-13”格式不对"):
        monthly_period(area("盘锦市"), "2024-13")
    with pytest.raises(XiaoanError, match="晚于截止日期"):
        monthly_period(area("盘锦市"), "2024-03", dt.date(2024, 3, 5), dt.date(2024, 3, 1))


def test_edited_text_becomes_paragraphs_and_headings():
    items = parse_text("（一）市级层面\n1.《方案》，当前已进入第二阶段。\n\n普通段落。\r\n2.短标题")
    assert [(i.style, i.lead, i.text) for i in items] == [
        (HEADING2, "", "（一）市级层面"),
        (HEADING3, "1.", "《方案》，当前已进入第二阶段。"),
        ("body", "", "普通段落。"),
        (HEADING3, "", "2.短标题"),
    ]


def test_a_month_starts_the_day_after_the_previous_exported_briefing(
    demo, immediate, user, area, monkeypatch
):
    from xiaoan.briefings import pdf, services

    monkeypatch.setattr(pdf, "soffice", lambda: None)
    city = area("盘锦市")
    # nothing exported yet: April's briefing covers March from the 1st, dated 4 April
    assert monthly_period(city, "2024-04") == Period(
        dt.date(2024, 3, 1), dt.date(2024, 4, 4), dt.date(2024, 4, 4)
    )
    march = services.run_build(
        services.do_start_briefing(acting_user=user("office"), area=city, month="2024-03").pk
    )
    services.do_export(march, acting_user=user("office"))
    assert monthly_period(city, "2024-04").start == dt.date(2024, 3, 5)
    # another area's exported briefing does not move this one
    assert monthly_period(area("兴隆台区"), "2024-04").start == dt.date(2024, 3, 1)
