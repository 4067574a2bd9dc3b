"""The figures of the report an instruction was made on: kept with it, worded
as the briefing quotes them, listed on the instruction's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.history import history_entries
from xiaoan.directives import services
from xiaoan.directives.choices import SourceKind

pytestmark = pytest.mark.django_db

FIGURES = [
    services.FigureSpec(
        label="全省12345热线平台共转办消防安全隐患诉求问题",
        count=4490,
        unit="件",
        as_of=dt.date(2024, 2, 26),
        change_pct=168,
        basis="yoy",
    ),
    services.FigureSpec(
        label="相关诉求量合计达到",
        count=678,
        unit="件",
        period_start=dt.date(2024, 2, 24),
        period_end=dt.date(2024, 2, 26),
        change_pct=239,
        basis="mom",
    ),
]


@pytest.fixture
def instruction(office: Any, area: Any) -> Any:
    return services.do_record_instruction(
        acting_user=office,
        date=dt.date(2024, 2, 27),
        leader_name="占明",
        leader_title="副市长",
        source_title="辽宁省12345政务服务便民平台专报",
        source_kind=SourceKind.HOTLINE_REPORT,
        text="要组织立即整改投诉问题。",
        area=area("盘锦市"),
    )


def test_the_figures_are_kept_and_worded_as_the_report_gives_them(office, instruction):
    services.do_record_source_figures(acting_user=office, instruction=instruction, figures=FIGURES)
    figures = list(instruction.source_figures.all())
    assert [f.number for f in figures] == [1, 2]
    assert [f.words() for f in figures] == [
        "截至2月26日，全省12345热线平台共转办消防安全隐患诉求问题4490件，较去年同期增长168%",
        "2月24日至26日，相关诉求量合计达到678件，环比增长239%",
    ]
    # recorded through the service: in the history with who did it
    entry = history_entries(figures[0])[0]
    assert entry.user == str(office) and entry.action == "创建"


def test_the_instruction_page_lists_its_figures(office, instruction, client_as):
    services.do_record_source_figures(acting_user=office, instruction=instruction, figures=FIGURES)
    page = client_as("xinglongtai").get(f"/instructions/{instruction.pk}/").content.decode()
    assert "批示依据的统计数据" in page
    assert (
        "截至2月26日，全省12345热线平台共转办消防安全隐患诉求问题4490件，较去年同期增长168%" in page
    )


def test_figures_need_one_source_and_the_right_to_record(office, brigade, instruction):
    with pytest.raises(XiaoanError, match="二者选一"):
        services.do_record_source_figures(acting_user=office, figures=FIGURES)
    with pytest.raises(PermissionDeniedError):
        services.do_record_source_figures(
            acting_user=brigade, instruction=instruction, figures=FIGURES
        )
    half = services.FigureSpec(label="诉求量", count=1, period_start=dt.date(2024, 2, 24))
    with pytest.raises(XiaoanError, match="起止日期须同时填写"):
        services.do_record_source_figures(
            acting_user=office, instruction=instruction, figures=[half]
        )
    assert not instruction.source_figures.exists()
