"""Build a briefing (通报) or a special report (专报) for an area and a period.

A monthly briefing is issued early in its month (the seed, March's, is dated
4 March) and covers what happened since the previous one up to its date: by
default from the first day of the previous month, or from the day after the
previous month's last exported briefing of the area, to the issue date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.directives.choices import SourceKind
from xiaoan.directives.models import Instruction, Phase
from xiaoan.hazards.models import Hazard, Inspection
from xiaoan.hazards.queries import OPEN_STATES, coverage
from xiaoan.places.models import Place

from . import figures as fig
from .choices import BriefingKind, Subject
from .content import HEADING3, Item, Section
from .content import Briefing as Content
from .scope import in_area
from .sections import (
    cn_number,
    documents_section,
    instructions_section,
    md,
    md_range,
    meetings_section,
    visits_section,
)

#: the day of its month a monthly briefing is dated when it is built after that month
DEFAULT_ISSUE_DAY = 4
MONTHLY_TITLE = "{month}月份行政办公会议重点工作情况通报"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    issued_on: dt.date


def parse_month(value: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in value.split("-"))
        dt.date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise XiaoanError(f"月份“{value}”格式不对，应为 2024-03 这样的年-月。") from exc
    return year, month


def previous_issue(area: Area, year: int, month: int) -> dt.date | None:
    """The issue date of the previous month's last exported briefing of the area."""
    from .models import Briefing

    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    return (
        Briefing.objects.filter(
            area=area,
            kind=BriefingKind.MONTHLY,
            month=f"{prev_year:04d}-{prev_month:02d}",
            versions__isnull=False,
        )
        .order_by("-issued_on")
        .values_list("issued_on", flat=True)
        .first()
    )


def monthly_period(
    area: Area, month: str, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    year, number = parse_month(month)
    today = clock.today()
    first = dt.date(year, number, 1)
    if end is None:
        in_month = (today.year, today.month) == (year, number)
        end = today if in_month else first.replace(day=DEFAULT_ISSUE_DAY)
    if start is None:
        previous = previous_issue(area, year, number)
        start = (
            previous + dt.timedelta(days=1)
            if previous
            else (first - dt.timedelta(days=1)).replace(day=1)
        )
    check_period(start, end)
    return Period(start, end, end)


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise XiaoanError(f"起始日期 {start} 晚于截止日期 {end}，请检查“起止日期”。")
    if (end - start).days > 366:
        raise XiaoanError("通报期间不能超过一年，请缩短“起止日期”。")


def build_monthly(
    area: Area,
    period: Period,
    *,
    title: str = "",
    external: fig.ExternalFigures | None = None,
    progress: Progress | None = None,
) -> Content:
    """The four sections of the seed, then the key figures; `external` defaults to
    whatever `figures.external_figures` gathers."""
    start, end = period.start, period.end
    if external is None:
        external = fig.external_figures(area, start, end)
    steps: list[Callable[[], Section]] = [
        lambda: instructions_section(area, start, end),
        lambda: meetings_section(area, start, end),
        lambda: visits_section(area, start, end, external),
        lambda: documents_section(area, start, end),
        lambda: figures_section(area, start, end, external),
    ]
    sections = []
    for done, step in enumerate(steps, start=1):
        sections.append(step())
        if progress:
            progress(done, len(steps))
    month = period.issued_on.month
    charts = [fig.hazards_by_district(area, start, end), fig.complaints_trend(external)]
    return Content(
        kind=BriefingKind.MONTHLY,
        title=title or MONTHLY_TITLE.format(month=month),
        area_name=area.name,
        start=start,
        end=end,
        issued_on=period.issued_on,
        sections=sections,
        charts=[c for c in charts if c is not None],
    )


def figures_section(
    area: Area, start: dt.date, end: dt.date, external: fig.ExternalFigures | None
) -> Section:
    items = fig.hazard_items(fig.hazard_figures(area, start, end))
    items += fig.external_items(external)
    return Section("figures", "五、重点数据", items)


# ----- special reports (专报) -----


def build_special(
    area: Area,
    *,
    subject: str,
    start: dt.date,
    end: dt.date,
    phase: Phase | None = None,
    external: fig.ExternalFigures | None = None,
    progress: Progress | None = None,
) -> Content:
    """A report to the city's leaders on one subject, in the same format."""
    check_period(start, end)
    if external is None:
        external = fig.external_figures(area, start, end)
    if subject == Subject.COMPLAINTS:
        title = f"关于{md_range(start, end)}12345平台火灾隐患投诉情况的专报"
        sections = complaint_sections(area, start, end, external)
    elif subject == Subject.PHASE:
        if phase is None:
            raise XiaoanError("请选择专项行动的阶段。")
        title = f"关于{phase.campaign.name}{phase.name}阶段工作情况的专报"
        sections = phase_sections(area, phase, end)
    else:
        raise XiaoanError(f"不认识的专报主题“{subject}”。")
    if progress:
        progress(1, 1)
    return Content(
        kind=BriefingKind.SPECIAL,
        title=title,
        area_name=area.name,
        start=start,
        end=end,
        issued_on=end,
        sections=sections,
    )


def complaint_sections(
    area: Area, start: dt.date, end: dt.date, external: fig.ExternalFigures | None
) -> list[Section]:
    overall = [i for i in fig.external_items(external) if "12345" in i.text]
    instructions = Instruction.objects.filter(
        in_area(Instruction, area),
        source_kind=SourceKind.HOTLINE_REPORT,
        date__gte=start,
        date__lte=end,
    ).order_by("date", "id")
    lines = [
        Item(
            f"{md(i.date)}，{i.leader_name}{i.leader_title}作出批示：“{i.text}”",
            source=f"instruction:{i.pk}",
        )
        for i in instructions
    ]
    return [
        Section("overall", "一、总体情况", overall),
        Section("instructions", "二、领导批示情况", lines, empty_text="本期无相关批示。"),
        Section(
            "figures",
            "三、隐患排查整治情况",
            fig.hazard_items(fig.hazard_figures(area, start, end)),
        ),
    ]


def phase_sections(area: Area, phase: Phase, end: dt.date) -> list[Section]:
    campaign = phase.campaign
    actions = "、".join(phase.action_labels)
    plan = [
        Item(
            f"{campaign.name}自{md(campaign.start)}至{md(campaign.end)}开展，"
            f"第{cn_number(phase.number)}阶段“{phase.name}”为{md_range(phase.start, phase.end)}"
            + (f"，集中开展{actions}行动。" if actions else "。"),
            source=f"phase:{phase.pk}",
        )
    ]
    until = min(end, phase.end)
    inspections = Inspection.objects.filter(
        in_area(Inspection, area),
        campaign=campaign,
        # Beijing days as ranges of moments, whatever time zone is active
        at__gte=clock.start_of_day(phase.start),
        at__lt=clock.start_of_day(until + dt.timedelta(days=1)),
    )
    hazards = Hazard.objects.filter(
        in_area(Hazard, area), campaign=campaign, found_on__gte=phase.start, found_on__lte=until
    )
    cover = coverage(
        Place.objects.all(), area=area, start=phase.start, end=until, campaign_id=campaign.pk
    )
    progress = [
        Item(
            f"截至{md(until)}，本阶段共开展检查{inspections.count()}次，覆盖场所{cover.inspected}家"
            f"（占{cover.in_scope}家的{cover.percent:g}%），发现火灾隐患{hazards.count()}处，"
            f"其中尚未整改完成{hazards.filter(state__in=OPEN_STATES).count()}处，"
            f"逾期{fig.overdue_at_end(hazards, until)}处。",
            source="phase-progress",
        )
    ]
    tasks = [
        Item(
            f"{t.title}（牵头：{t.lead_organisation.name}；期限{md(t.deadline)}；"
            f"{t.get_status_display()}）",
            HEADING3,
            source=f"task:{t.pk}",
            lead=f"{n}.",
        )
        for n, t in enumerate(
            phase.tasks.filter(deadline__isnull=False)
            .select_related("lead_organisation")
            .order_by("deadline", "id"),
            start=1,
        )
        if t.deadline
    ]
    following = campaign.phases.filter(number__gt=phase.number).order_by("number").first()
    ahead = (
        [
            Item(
                f"下一阶段“{following.name}”自{md(following.start)}开始，至{md(following.end)}结束。",
                source=f"phase:{following.pk}",
            )
        ]
        if following
        else []
    )
    return [
        Section("plan", "一、阶段安排", plan),
        Section("progress", "二、工作进展", progress),
        Section("tasks", "三、本阶段任务落实情况", tasks, empty_text="本阶段无交办任务。"),
        Section("ahead", "四、下一步工作", ahead, empty_text="本阶段为最后阶段。"),
    ]
