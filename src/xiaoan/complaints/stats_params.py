"""What a statistics request asks for (period, area, fire-safety only), checked
the same way for the page, its Excel export and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.scoping import get_visible_or_404, subtree_filter

from .models import Complaint
from .stats import PeriodSummary, period_summary

#: the longest period asked for at once (ten years)
MAX_DAYS = 3660

PRESETS = {
    "3days": "近三天",
    "week": "本周",
    "month": "本月",
    "year": "本年",
    "custom": "自定义",
}


def preset_period(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates of a named period, ending today."""
    if preset == "3days":
        return today - dt.timedelta(days=2), today
    if preset == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if preset == "year":
        return today.replace(month=1, day=1), today
    return today.replace(day=1), today


@dataclass(frozen=True)
class StatsRequest:
    start: dt.date
    end: dt.date
    area: Area
    fire_related: bool | None
    preset: str

    def queryset(self, user: Any) -> QuerySet[Complaint]:
        """The user's orders, narrowed to the area asked for and to fire safety if asked."""
        qs: QuerySet[Complaint] = Complaint.objects.restrict(user)
        if self.area.pk != getattr(user, "area_id", None):
            qs = qs.filter(subtree_filter("area__path", self.area.path))
        if self.fire_related is not None:
            qs = qs.filter(fire_related=self.fire_related)
        return qs

    def summary(self, user: Any) -> PeriodSummary:
        return period_summary(self.queryset(user), self.start, self.end, area=self.area)

    @property
    def scope_label(self) -> str:
        if self.fire_related is None:
            return "全部工单"
        return "涉及消防安全的工单" if self.fire_related else "不涉及消防安全的工单"


def stats_request(
    user: Any,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    area_id: int | None = None,
    fire_related: bool | None = None,
    preset: str = "",
) -> StatsRequest:
    """Check a request: dates default to the preset (this month), the area to the
    user's own; an area outside the user's is a 404, a reversed or overlong period
    a clear error."""
    if preset and preset not in PRESETS:
        raise XiaoanError(f"统计周期“{preset}”无效，可选：{'、'.join(PRESETS.values())}。")
    if (preset and preset != "custom") or (start is None and end is None):
        start, end = preset_period(preset or "month", clock.today())
        preset = preset or "month"
    else:
        preset = "custom"
        start = start or end
        end = end or start
    assert start is not None and end is not None
    if start > end:
        raise XiaoanError(f"开始日期 {start} 晚于结束日期 {end}，请调整统计周期。")
    if (end - start).days + 1 > MAX_DAYS:
        raise XiaoanError(f"统计周期最长 {MAX_DAYS} 天，当前为 {(end - start).days + 1} 天。")
    if user.area is None:
        raise XiaoanError("您的账号没有所属区域，不能查看统计。")
    area = (
        user.area if area_id is None else get_visible_or_404(Area.objects.all(), user, pk=area_id)
    )
    return StatsRequest(start, end, area, fire_related, preset)
