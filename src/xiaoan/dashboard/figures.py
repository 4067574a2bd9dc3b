"""Key figures of the dashboard, each with the filtered list behind it.

Every figure is computed from the user's visible records in the chosen area
(and below), so a brigade's dashboard never counts another county. Each one
carries the query string of the list that shows exactly the records counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from xiaoan.areas.models import Area
from xiaoan.complaints.stats import PeriodSummary, period_summary
from xiaoan.complaints.stats_params import StatsRequest
from xiaoan.core import clock
from xiaoan.core.scoping import subtree_filter
from xiaoan.directives import queries as task_queries
from xiaoan.directives.models import Phase, Task
from xiaoan.duty.models import Incident
from xiaoan.duty.queries import on_time_rate
from xiaoan.hazards import queries as hazard_queries
from xiaoan.hazards.choices import HazardState, Severity
from xiaoan.hazards.models import Hazard

from .counts import HazardCounts, hazard_counts
from .coverage import CoverageOf
from .periods import Period


@dataclass
class Figure:
    key: str
    label: str
    value: int | float | None
    unit: str = ""
    link: str | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "link": self.link,
            "note": self.note,
        }


@dataclass
class KeyFigures:
    area: Area
    period: Period
    figures: list[Figure] = field(default_factory=list)
    overdue_tasks_by_owner: list[dict[str, Any]] = field(default_factory=list)
    phase: Phase | None = None
    phase_days_left: int | None = None
    #: coverage of the current phase, shared with the coverage chart
    phase_coverage: hazard_queries.Coverage | None = None
    #: the 12345 fire-safety orders of the period, shared with the trend chart
    complaints: PeriodSummary | None = None

    def get(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": {"id": self.area.pk, "name": self.area.name},
            "period": {
                "kind": self.period.kind,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "label": self.period.label,
            },
            "figures": {f.key: f.as_dict() for f in self.figures},
            "overdue_tasks_by_owner": self.overdue_tasks_by_owner,
            "phase": (
                {
                    "id": self.phase.pk,
                    "name": str(self.phase),
                    "start": self.phase.start.isoformat(),
                    "end": self.phase.end.isoformat(),
                    "days_left": self.phase_days_left,
                }
                if self.phase
                else None
            ),
        }


def list_link(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def hazards_in(user: Any, area: Area) -> QuerySet[Hazard]:
    return Hazard.objects.restrict(user).filter(subtree_filter("area_path", area.path))


def current_phase(user: Any, today: dt.date | None = None) -> Phase | None:
    """The visible campaign phase running today (the latest-starting one if several)."""
    day = today or clock.today()
    return (
        Phase.objects.restrict(user)
        .select_related("campaign")
        .filter(start__lte=day, end__gte=day)
        .order_by("-start", "-id")
        .first()
    )


def complaint_summary(user: Any, area: Area, period: Period) -> PeriodSummary:
    """The fire-safety 12345 orders of the period in the area, with their growth."""
    asked = StatsRequest(period.start, period.end, area, True, "custom")
    return period_summary(asked.queryset(user), period.start, period.end, categories=False)


def percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def key_figures(
    user: Any,
    area: Area,
    period: Period,
    cover_of: CoverageOf | None = None,
    counts: HazardCounts | None = None,
) -> KeyFigures:
    today = clock.today()
    if counts is None:
        counts = hazard_counts(hazards_in(user, area), area, period, today)
    found, opened = counts.found, counts.open
    total = {
        "open": sum(opened.open.values()),
        "major_open": sum(opened.major.values()),
        "overdue": sum(opened.overdue.values()),
        "found": sum(found.found.values()),
        "closed": sum(found.closed.values()),
    }
    within = {"within": area.pk}
    in_period = {"found_from": period.start.isoformat(), "found_to": period.end.isoformat()}
    result = KeyFigures(area=area, period=period)
    result.figures += [
        Figure(
            "open_hazards",
            "未销号隐患",
            total["open"],
            "处",
            list_link("hazard-list", state="open", **within),
        ),
        Figure(
            "major_open_hazards",
            "重大隐患（未销号）",
            total["major_open"],
            "处",
            list_link("hazard-list", state="open", severity=Severity.MAJOR, **within),
        ),
        Figure(
            "overdue_hazards",
            "逾期未整改隐患",
            total["overdue"],
            "处",
            list_link("hazard-list", overdue="true", **within),
        ),
        Figure(
            "found_hazards",
            "本期发现隐患",
            total["found"],
            "处",
            list_link("hazard-list", **in_period, **within),
        ),
        Figure(
            "closure_rate",
            "本期隐患销号率",
            percent(total["closed"], total["found"]),
            "%",
            list_link("hazard-list", state=HazardState.CLOSED, **in_period, **within),
            note=f"本期发现 {total['found']} 处，已销号 {total['closed']} 处",
        ),
    ]
    phase = current_phase(user, today)
    result.phase = phase
    if phase is not None:
        result.phase_days_left = (phase.end - today).days
        cover = (cover_of or CoverageOf(user, area))(phase.start, min(phase.end, today))
        result.phase_coverage = cover
        result.figures.append(
            Figure(
                "phase_coverage",
                "本阶段场所检查覆盖率",
                cover.percent if cover.in_scope else None,
                "%",
                list_link("coverage", area=area.pk, phase=phase.pk),
                note=f"应检 {cover.in_scope} 处，已检 {cover.inspected} 处",
            )
        )
    result.complaints = complaint_summary(user, area, period)
    result.figures.append(
        Figure(
            "complaints",
            "12345 火灾隐患投诉",
            result.complaints.count,
            "件",
            list_link(
                "complaint-stats",
                preset="custom",
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                area=area.pk,
                fire="1",
            ),
            note=f"同比 {result.complaints.yoy.label}，环比 {result.complaints.pop.label}",
        )
    )
    incidents = Incident.objects.restrict(user).filter(subtree_filter("area__path", area.path))
    on_time, required, rate = on_time_rate(incidents, period.start, period.end)
    result.figures.append(
        Figure(
            "urgent_on_time_rate",
            "紧急信息按时报送率",
            round(rate * 100, 1) if rate is not None else None,
            "%",
            list_link("incident-rates", start=period.start.isoformat(), end=period.end.isoformat()),
            note=f"应报 {required} 起，按时 {on_time} 起" if required else "本期无须报送的警情",
        )
    )
    tasks = Task.objects.restrict(user).filter(subtree_filter("area__path", area.path))
    by_owner = task_queries.overdue_by_owner(tasks, today)
    result.overdue_tasks_by_owner = [
        {
            "organisation_id": row["lead_organisation_id"],
            "organisation": row["lead_organisation__name"],
            "count": row["count"],
            "link": list_link(
                "task-list", overdue="true", lead=row["lead_organisation_id"], within=area.pk
            ),
        }
        for row in by_owner
    ]
    result.figures.append(
        Figure(
            "overdue_tasks",
            "逾期任务",
            sum(row["count"] for row in by_owner),
            "项",
            list_link("task-list", overdue="true", within=area.pk),
        )
    )
    return result
