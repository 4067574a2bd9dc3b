"""Inspection schedules: each place is due for inspection at an interval set by
its kind and risk level; due and overdue places appear in each area's list.

Intervals (days) are configurable: XIAOAN_INSPECTION_DAYS maps a place kind to
its base interval, and the risk level scales it (high halves it, low doubles it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, QuerySet

from xiaoan.core import clock
from xiaoan.places.choices import RiskLevel
from xiaoan.places.models import Place

DEFAULT_DAYS = {
    "crowded": 30,
    "hotel": 60,
    "high_rise": 60,
    "residential": 90,
    "other": 180,
}
SMALL_VENUE_DAYS = 90
RISK_FACTOR: dict[str, float] = {RiskLevel.HIGH: 0.5, RiskLevel.MEDIUM: 1.0, RiskLevel.LOW: 2.0}
#: a place is "due soon" this many days before its next inspection date
DUE_SOON_DAYS = 7


def interval_days(kind: str, risk_level: str) -> int:
    configured = getattr(settings, "XIAOAN_INSPECTION_DAYS", {}) or {}
    base = configured.get(kind) or DEFAULT_DAYS.get(kind, SMALL_VENUE_DAYS)
    return max(1, round(base * RISK_FACTOR.get(risk_level, 1.0)))


@dataclass
class ScheduleRow:
    place_id: int
    name: str
    area_name: str
    kind: str
    last_inspected: dt.date | None
    due_on: dt.date
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def schedule(
    places: QuerySet[Place], today: dt.date | None = None, *, include_not_due: bool = False
) -> list[ScheduleRow]:
    """Places due (within DUE_SOON_DAYS) or overdue for inspection, most overdue first.
    A place never inspected is due from the day it was registered."""
    day = today or clock.today()
    rows = []
    annotated = places.annotate(last=Max("inspections__at")).values_list(
        "pk", "name", "area__name", "kind", "risk_level", "last", "created_at"
    )
    for pk, name, area_name, kind, risk, last, created in annotated:
        last_day = last.astimezone(clock.LOCAL_TZ).date() if last else None
        start = last_day or created.astimezone(clock.LOCAL_TZ).date()
        due = start + dt.timedelta(days=interval_days(kind, risk)) if last_day else start
        if include_not_due or due <= day + dt.timedelta(days=DUE_SOON_DAYS):
            rows.append(ScheduleRow(pk, name, area_name, kind, last_day, due, (day - due).days))
    return sorted(rows, key=lambda r: (-r.days_overdue, r.name))
