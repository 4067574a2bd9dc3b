"""The period a dashboard shows: this week, this month, a campaign phase, or any range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError

PERIOD_CHOICES = [
    ("week", "本周"),
    ("month", "本月"),
    ("phase", "当前阶段"),
    ("range", "自定义"),
]


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def parse_day(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise XiaoanError(f"{what}“{text}”不是有效日期，应为 YYYY-MM-DD。") from None


def parse_period(params: Any, phase: Any = None, today: dt.date | None = None) -> Period:
    """Read `period` (week/month/phase/range) and `start`/`end` from query
    parameters. Without any, a leader sees this month up to today. `phase` is
    the current campaign phase, used by period=phase."""
    day = today or clock.today()
    kind = params.get("period") or ("range" if params.get("start") else "month")
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, day, "本周")
    if kind == "phase" and phase is not None:
        return Period(kind, phase.start, min(phase.end, max(day, phase.start)), str(phase))
    if kind == "range":
        start = parse_day(params.get("start") or "", "开始日期")
        end = parse_day(params.get("end") or day.isoformat(), "结束日期")
        if end < start:
            raise XiaoanError("结束日期早于开始日期。")
        if (end - start).days > 3660:
            raise XiaoanError("时间段不能超过十年。")
        return Period(kind, start, end, f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}")
    return Period("month", day.replace(day=1), day, f"{day.year}年{day.month}月")
