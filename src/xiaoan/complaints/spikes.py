"""Spike alerts: tell the office when fire-safety orders jump far above normal.

A window (one day, or three days) ending today or yesterday is a spike when its
fire-safety orders are at least `min_count` and at least `ratio` times the mean
of an equal window over the `baseline_days` days before it (settings
XIAOAN_COMPLAINT_SPIKE). Every area where someone may manage 12345 orders (the
detachment office at the city, say) is checked over its whole subtree.

Each window and area is announced once: the alert is stored under a unique
constraint before the notification is queued (after commit), so a second run,
a second worker or a restart finds it and stays silent. A baseline the data
does not cover yet (the first weeks after the first import) raises nothing.

Run by the worker's periodic checks and at the end of each import.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import ROLE_PERMISSIONS, Permission
from xiaoan.core import clock
from xiaoan.core.notifications import notify
from xiaoan.core.scoping import subtree_filter

from .models import Complaint, SpikeAlert
from .stats import daily_counts, first_day

DEFAULTS: dict[str, Any] = {"ratio": 3.0, "min_count": 10, "baseline_days": 28, "windows": [1, 3]}


def spike_settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "XIAOAN_COMPLAINT_SPIKE", {})}


@dataclass(frozen=True)
class Spike:
    area: Area
    start: dt.date
    end: dt.date
    count: int
    baseline: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def offices() -> dict[int, list[User]]:
    """Area id → the active users who may manage 12345 orders there."""
    roles = [r for r, perms in ROLE_PERMISSIONS.items() if Permission.MANAGE_COMPLAINTS in perms]
    holds = models.Q()
    for role in roles:
        holds |= models.Q(roles__contains=f",{role},")
    by_area: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(holds, is_active=True, area__isnull=False):
        assert user.area_id is not None
        by_area[user.area_id].append(user)
    return by_area


def fire_orders_of(area: Area) -> models.QuerySet[Complaint]:
    scope = subtree_filter("area__path", area.path)
    if area.parent_id is None:
        scope |= models.Q(area__isnull=True)  # the city also answers for orders not yet placed
    return Complaint.objects.filter(scope, fire_related=True)


def find_spikes(area: Area, today: dt.date, covered_from: dt.date | None) -> list[Spike]:
    """The windows ending today (or else yesterday) that are spikes in `area`."""
    config = spike_settings()
    base_days = int(config["baseline_days"])
    widest = max(config["windows"])
    earliest = today - dt.timedelta(days=widest + base_days)
    if covered_from is None or covered_from > earliest:
        return []
    counts = daily_counts(fire_orders_of(area), earliest, today)

    def total(start: dt.date, end: dt.date) -> int:
        return sum(n for day, n in counts.items() if start <= day <= end)

    def spike(days: int, end: dt.date) -> Spike | None:
        start = end - dt.timedelta(days=days - 1)
        count = total(start, end)
        before = total(start - dt.timedelta(days=base_days), start - dt.timedelta(days=1))
        baseline = before / base_days * days
        if count >= config["min_count"] and count >= config["ratio"] * baseline:
            return Spike(area, start, end, count, round(baseline, 2))
        return None

    found = []
    for days in config["windows"]:
        # yesterday's window matters when the check did not run before midnight;
        # while the surge goes on, today's window says it all
        latest = spike(days, today) or spike(days, today - dt.timedelta(days=1))
        if latest:
            found.append(latest)
    return found


def window_label(spike: Spike) -> str:
    def md(day: dt.date) -> str:
        return f"{day.month}月{day.day}日"

    if spike.days == 1:
        return f"{spike.end.year}年{md(spike.end)}"
    return f"{md(spike.start)}至{md(spike.end)}（{spike.days}天）"


def announce(spike: Spike, recipients: list[User]) -> bool:
    """Store the alert and notify the office, unless this window was announced before."""
    try:
        with transaction.atomic():
            _alert, created = SpikeAlert.objects.get_or_create(
                area=spike.area,
                window_days=spike.days,
                window_end=spike.end,
                defaults={
                    "window_start": spike.start,
                    "count": spike.count,
                    "baseline": spike.baseline,
                },
            )
    except IntegrityError:  # another worker stored it a moment ago
        return False
    if not created:
        return False
    times = (
        f"，是此前 {spike_settings()['baseline_days']} 天同样时长平均（{spike.baseline:.1f} 件）的 {spike.count / spike.baseline:.1f} 倍"
        if spike.baseline
        else "，此前同样时长几乎没有"
    )
    notify(
        recipients,
        title=f"12345 消防安全诉求激增：{spike.area.name}",
        body=f"{window_label(spike)}涉及消防安全的 12345 工单 {spike.count} 件{times}。请及时梳理、督办。",
        link=(
            f"/complaints/stats/?preset=custom&start={spike.start}&end={spike.end}"
            f"&area={spike.area.pk}&fire=1"
        ),
        kind="complaint_spike",
    )
    return True


def check_spikes() -> int:
    """Check every office's area; returns how many new alerts were raised."""
    today = clock.today()
    covered_from = first_day(Complaint.objects.all())
    by_area = offices()
    raised = 0
    for area in Area.objects.filter(pk__in=list(by_area)).order_by("path"):
        for spike in find_spikes(area, today, covered_from):
            raised += announce(spike, by_area[area.pk])
    return raised
