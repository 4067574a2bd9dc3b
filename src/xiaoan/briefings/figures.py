"""The key figures of a briefing, as sentences like the seed's.

Hazards found / rectified / overdue, inspection coverage and overdue tasks by
owner are counted here from the records. The 12345 figures, the urgent-report
on-time rate and announced visits by higher levels belong to other parts of
xiaoan; `external_figures()` gathers them as `ExternalFigures`, and a briefing
without such data says "本期无相关数据" rather than inventing numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from xiaoan.areas.models import Area
from xiaoan.complaints.models import Complaint
from xiaoan.complaints.stats import Growth, daily_counts, period_summary
from xiaoan.core import clock
from xiaoan.directives.models import Task
from xiaoan.directives.overdue import overdue_by_owner_on
from xiaoan.duty.models import Incident, UpcomingInspection
from xiaoan.duty.queries import on_time_rate, overlapping
from xiaoan.hazards.choices import HazardState
from xiaoan.hazards.models import Hazard
from xiaoan.hazards.queries import coverage, overdue_filter, overdue_on_parts
from xiaoan.places.models import Place

from .content import Chart, Item
from .scope import in_area

NO_DATA = "本期无相关数据。"


@dataclass(frozen=True)
class ComplaintFigures:
    """12345 work orders of the period: the count, with year-over-year and
    period-over-period growth already worded ("上升168%", "持平", "下降12%")."""

    count: int
    yoy_label: str
    pop_label: str
    subject: str = "火灾隐患投诉"


@dataclass(frozen=True)
class ExternalFigures:
    complaints: ComplaintFigures | None = None
    #: share of urgent reports sent within the hour, 0–100
    urgent_on_time_rate: float | None = None
    urgent_total: int | None = None
    #: announced visits by higher levels, already worded ("3月1日起，省安委会督导组到各县区检查")
    upcoming_inspections: list[str] = field(default_factory=list)
    #: 12345 fire-hazard complaints per period for the trend chart: [("2月", 4490), …]
    complaints_trend: list[tuple[str, int]] = field(default_factory=list)


#: announced visits are listed from the period's start to this many days after its end
VISITS_AHEAD_DAYS = 31
#: months of 12345 counts in the trend chart
TREND_MONTHS = 6


def external_figures(area: Area, start: dt.date, end: dt.date) -> ExternalFigures:
    """The figures owned by other parts of xiaoan, for the area and period: the
    fire-safety 12345 orders with their growth and monthly trend
    (`complaints.stats`), the urgent-report on-time rate (`duty.queries`), and
    the visits announced by higher levels."""
    orders = Complaint.objects.filter(fire_related=True)
    placed = in_area(Complaint, area)
    # orders not yet placed belong to the city as a whole
    orders = orders.filter(placed | Q(area__isnull=True) if area.parent_id is None else placed)
    summary = period_summary(orders, start, end)
    complaints = None
    if summary.count or summary.yoy.base or summary.pop.base:
        complaints = ComplaintFigures(
            summary.count, growth_words(summary.yoy), growth_words(summary.pop)
        )
    _on_time, required, rate = on_time_rate(
        Incident.objects.filter(in_area(Incident, area)), start, end
    )
    visits = (
        UpcomingInspection.objects.filter(in_area(UpcomingInspection, area))
        .filter(overlapping(start, end + dt.timedelta(days=VISITS_AHEAD_DAYS)))
        .order_by(F("starts_on").asc(nulls_last=True), "id")
    )
    return ExternalFigures(
        complaints=complaints,
        urgent_on_time_rate=round(rate * 100, 1) if rate is not None else None,
        urgent_total=required if required else None,
        upcoming_inspections=[visit_words(v) for v in visits],
        complaints_trend=monthly_trend(orders, end),
    )


def growth_words(growth: Growth) -> str:
    """ "上升168%", "下降12%", "持平", "为新增（去年同期为零）", "无可比数据"."""
    if growth.kind == "pct" and growth.pct is not None:
        return f"{'上升' if growth.pct > 0 else '下降'}{abs(growth.pct):g}%"
    if growth.kind == "new":
        return "新增（上期为零）"
    return growth.label


def visit_words(visit: UpcomingInspection) -> str:
    """The announced visit as the briefing says it: the sentence written for it
    (its 通报表述), else one made from its fields — "3月1日起，省安委会督导组将到
    各县区开展…督导，重点检查…"; a title that already says who goes where
    ("…副部长胡明朗到盘锦调研") is not wrapped in "开展" again."""
    if visit.summary.strip():
        return visit.summary.strip().rstrip("。；;") + "。"
    when = visit.date_note or (
        f"{visit.starts_on.month}月{visit.starts_on.day}日起" if visit.starts_on else "近期"
    )
    studies = "调研" in visit.title
    focus = visit.focus.strip().rstrip("。")
    focus = f"，重点{'了解' if studies else '检查'}{focus}" if focus else ""
    who, to, rest = visit.title.partition("到")
    if to and who and rest:
        return f"{when}，{who}将到{rest}{focus}。"
    where = f"到{visit.location}" if visit.location else "到我市"
    return f"{when}，{visit.inspecting_body}将{where}开展{visit.title}{focus}。"


def monthly_trend(orders: QuerySet[Complaint], end: dt.date) -> list[tuple[str, int]]:
    first = end.replace(day=1)
    for _ in range(TREND_MONTHS - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    counts = daily_counts(orders, first, end)
    months: dict[tuple[int, int], int] = {}
    day = first
    while day <= end:
        months[(day.year, day.month)] = months.get((day.year, day.month), 0) + counts.get(day, 0)
        day += dt.timedelta(days=1)
    if not any(months.values()):
        return []  # no orders at all: no trend chart
    return [(f"{m}月", n) for (_, m), n in months.items()]


def complaint_sentence(figures: ComplaintFigures) -> str:
    return (
        f"12345平台转办{figures.subject}{figures.count}件，"
        f"同比{figures.yoy_label}，环比{figures.pop_label}。"
    )


def external_items(figures: ExternalFigures | None) -> list[Item]:
    """The 12345 and urgent-report sentences, or the plain statement that there is no data."""
    figures = figures or ExternalFigures()
    items = []
    if figures.complaints is not None:
        items.append(Item(complaint_sentence(figures.complaints), source="complaints"))
    else:
        items.append(Item("12345平台转办火灾隐患投诉：" + NO_DATA))
    if figures.urgent_on_time_rate is not None:
        total = f"共报送{figures.urgent_total}起，" if figures.urgent_total is not None else ""
        items.append(
            Item(
                f"紧急信息1小时报送：{total}按时报送率{figures.urgent_on_time_rate:g}%。",
                source="urgent",
            )
        )
    else:
        items.append(Item("紧急信息1小时报送：" + NO_DATA))
    return items


@dataclass(frozen=True)
class HazardFigures:
    found: int
    closed: int
    overdue: int
    in_scope: int
    inspected: int
    coverage_percent: float
    overdue_tasks: list[tuple[str, int]]


def hazard_figures(area: Area, start: dt.date, end: dt.date) -> HazardFigures:
    hazards = Hazard.objects.filter(in_area(Hazard, area))
    found = hazards.filter(found_on__gte=start, found_on__lte=end).count()
    closed = hazards.filter(
        state=HazardState.CLOSED, closed_on__gte=start, closed_on__lte=end
    ).count()
    overdue = overdue_at_end(hazards, end)
    cover = coverage(Place.objects.all(), area=area, start=start, end=end, every_place_visible=True)
    tasks = Task.objects.filter(in_area(Task, area))
    owners = [
        (row["lead_organisation__name"], row["count"]) for row in overdue_by_owner_on(tasks, end)
    ]
    return HazardFigures(
        found, closed, overdue, cover.in_scope, cover.inspected, cover.percent, owners
    )


def overdue_at_end(hazards: QuerySet[Hazard], end: dt.date) -> int:
    """Hazards overdue at the end of the period ("截至期末"). While the period runs
    that is today; for a period that has ended it is read off the hazards' dates,
    so a hazard closed since then still counts and one due after the end does not."""
    today = clock.today()
    if end >= today:
        return hazards.filter(overdue_filter(today)).count()
    not_closed, closed_later = overdue_on_parts(end)
    return hazards.filter(not_closed).count() + hazards.filter(closed_later).count()


def hazards_by_district(area: Area, start: dt.date, end: dt.date) -> Chart | None:
    """Hazards found in the period under each child area (the districts of a city)."""
    children = list(Area.objects.filter(parent=area).order_by("path"))
    if not children:
        return None
    found = Hazard.objects.filter(found_on__gte=start, found_on__lte=end)
    values = [found.filter(in_area(Hazard, child)).count() for child in children]
    if not any(values):
        return None
    level = children[0].get_level_display()
    return Chart(f"各{level}发现火灾隐患数", [c.name for c in children], values, unit="处")


def complaints_trend(figures: ExternalFigures | None) -> Chart | None:
    if not figures or not figures.complaints_trend:
        return None
    labels = [label for label, _ in figures.complaints_trend]
    values = [count for _, count in figures.complaints_trend]
    return Chart("12345火灾隐患投诉趋势", labels, values, unit="件", kind="line")


def hazard_items(f: HazardFigures) -> list[Item]:
    """Sentences about hazards, coverage and overdue tasks, from the records."""
    items = [
        Item(
            f"本期共发现火灾隐患{f.found}处，整改验收销号{f.closed}处；"
            f"截至期末逾期未整改{f.overdue}处。",
            source="hazards",
        )
    ]
    if f.in_scope:
        items.append(
            Item(
                f"纳入排查的场所{f.in_scope}家，本期已检查{f.inspected}家，"
                f"检查覆盖率{f.coverage_percent:g}%。",
                source="coverage",
            )
        )
    else:
        items.append(Item("检查覆盖率：" + NO_DATA))
    if f.overdue_tasks:
        parts = "、".join(f"{name}{count}项" for name, count in f.overdue_tasks)
        total = sum(count for _, count in f.overdue_tasks)
        items.append(Item(f"逾期未完成任务{total}项，其中{parts}。", source="overdue-tasks"))
    else:
        items.append(Item("截至期末无逾期未完成任务。", source="overdue-tasks"))
    return items
