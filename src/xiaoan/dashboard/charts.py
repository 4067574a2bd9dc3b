"""Chart data of the dashboard, aggregated in the database.

Each series point carries the link of the list behind it, so a click on a bar
opens exactly the hazards it counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from xiaoan.areas.models import Area
from xiaoan.hazards import queries as hazard_queries
from xiaoan.hazards.choices import HazardCategory
from xiaoan.hazards.models import Hazard

from .counts import FoundCounts
from .figures import list_link
from .periods import Period

#: the weekly chart shows at least this many weeks, ending with the period
MIN_WEEKS = 8


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_found_closed(hazards: QuerySet[Hazard], area: Area, period: Period) -> dict[str, Any]:
    """Hazards found and closed per week (Monday to Sunday)."""
    last = week_start(period.end)
    first = min(week_start(period.start), last - dt.timedelta(weeks=MIN_WEEKS - 1))
    end = last + dt.timedelta(days=6)
    weeks = [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    found = per_day(hazards, "found_on", first, end)
    closed = per_day(hazards, "closed_on", first, end)

    def bucket(counts: dict[dt.date, int]) -> list[int]:
        totals = dict.fromkeys(weeks, 0)
        for day, n in counts.items():
            totals[week_start(day)] += n
        return [totals[w] for w in weeks]

    return {
        "weeks": [w.isoformat() for w in weeks],
        "found": bucket(found),
        "closed": bucket(closed),
        "links": [
            list_link(
                "hazard-list",
                within=area.pk,
                found_from=w.isoformat(),
                found_to=(w + dt.timedelta(days=6)).isoformat(),
            )
            for w in weeks
        ],
    }


def per_day(hazards: QuerySet[Hazard], field: str, start: dt.date, end: dt.date) -> dict[Any, int]:
    rows = (
        hazards.filter(**{f"{field}__gte": start, f"{field}__lte": end})
        .order_by()
        .values_list(field)
        .annotate(n=Count("id"))
    )
    return dict(rows)  # type: ignore[arg-type]


def by_category(counts: FoundCounts, area: Area, period: Period) -> list[dict[str, Any]]:
    """Hazards found in the period per category, most first (ties by category code)."""
    labels = dict(HazardCategory.choices)
    return [
        {
            "category": code,
            "label": labels.get(code, code),
            "count": n,
            "link": list_link(
                "hazard-list",
                within=area.pk,
                category=code,
                found_from=period.start.isoformat(),
                found_to=period.end.isoformat(),
            ),
        }
        for code, n in sorted(counts.by_category.items(), key=lambda item: (-item[1], item[0]))
        if n
    ]


def by_district(counts: FoundCounts, area: Area, period: Period) -> list[dict[str, Any]]:
    """Hazards found in the period per child area of `area`, most first."""
    rows = [
        {
            "area_id": child.pk,
            "area": child.name,
            "count": counts.found.get(child.path, 0),
            "link": list_link(
                "hazard-list",
                within=child.pk,
                found_from=period.start.isoformat(),
                found_to=period.end.isoformat(),
            ),
        }
        for child in Area.objects.filter(parent=area).order_by("path")
    ]
    return sorted(rows, key=lambda row: -row["count"])


def coverage_by_district(
    result: hazard_queries.Coverage, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    return [
        {
            "area_id": row.area.pk,
            "area": row.area.name,
            "percent": row.percent,
            "in_scope": row.in_scope,
            "inspected": row.inspected,
            "link": list_link(
                "coverage", area=row.area.pk, start=start.isoformat(), end=end.isoformat()
            ),
        }
        for row in result.by_area
    ]
