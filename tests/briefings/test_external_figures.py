"""The briefing's figures owned by other parts of xiaoan, from the whole demo:
the 12345 fire-hazard complaints with their growth, the urgent-report on-time
rate and the visits announced by higher levels."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoan.briefings.builder import build_monthly, monthly_period
from xiaoan.briefings.figures import external_figures, growth_words
from xiaoan.complaints.stats import growth
from xiaoan.demo.loader import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_demo(settings: Any) -> None:
    settings.XIAOAN_TODAY = "2024-03-04"
    load_demo()


def all_text(briefing: Any) -> str:
    return "\n".join(
        item.full_text for section in briefing.sections for item in section.paragraphs()
    )


def test_growth_in_words() -> None:
    assert growth_words(growth(4490, 1675)) == "上升168.1%"
    assert growth_words(growth(80, 100)) == "下降20%"
    assert growth_words(growth(5, 5)) == "持平"
    assert growth_words(growth(3, 0)) == "新增（上期为零）"
    assert growth_words(growth(3, None)) == "无可比数据"


def test_the_march_briefing_carries_the_demo_figures(whole_demo: None, area: Any) -> None:
    city = area("盘锦市")
    period = monthly_period(city, "2024-03")
    figures = external_figures(city, period.start, period.end)
    assert figures.complaints is not None
    assert figures.complaints.count > 0
    assert figures.complaints.yoy_label.startswith("上升")
    # the demo month: one incident reported on time, one late
    assert (figures.urgent_total, figures.urgent_on_time_rate) == (2, 50.0)
    assert any("省" in visit for visit in figures.upcoming_inspections)
    assert [label for label, _ in figures.complaints_trend][-1] == "3月"

    text = all_text(build_monthly(city, period))
    assert f"12345平台转办火灾隐患投诉{figures.complaints.count}件，同比上升" in text
    assert "紧急信息1小时报送：共报送2起，按时报送率50%。" in text


def test_a_county_counts_only_its_own_orders(whole_demo: None, area: Any) -> None:
    city, county = area("盘锦市"), area("兴隆台区")
    period = monthly_period(city, "2024-03")
    whole = external_figures(city, period.start, period.end).complaints
    own = external_figures(county, period.start, period.end).complaints
    assert whole is not None and own is not None
    assert 0 < own.count < whole.count
