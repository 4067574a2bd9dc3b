"""Statistics of the 12345 work orders: counts, year-over-year (同比) and
period-over-period (环比) growth, by category and by area.

This module is the one place growth is computed; the statistics page, the API,
the spike alerts, the monthly briefing and the dashboard all read it, so a
figure means the same everywhere.

Days are days in Asia/Shanghai (`core.clock.LOCAL_TZ`): an order received at
23:59 local time on 1 March counts on 1 March although it is stored as
15:59 UTC. Counting is done in the database (`TruncDate` with the local time
zone, which SQLite and PostgreSQL both honour); Python only adds up days.

A base period the data does not cover (it starts before the first order ever
imported) has no comparable figure: its growth is "missing", not -100%.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncDate

from xiaoan.areas.models import Area
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.scoping import subtree_filter
from xiaoan.hazards.choices import HazardCategory

GrowthKind = Literal["pct", "new", "missing", "flat"]

FLAT_LABEL = "持平"
NEW_LABEL = "新增"
MISSING_LABEL = "无可比数据"
UNCLASSIFIED_LABEL = "未分类"


@dataclass(frozen=True)
class Growth:
    """Growth of `current` on `base`: a percentage, or why there is none.

    - kind "pct": `pct` = (current − base) / base × 100, label "+168%" / "-12%";
    - kind "flat": current equals base (also 0 on 0), pct 0, label "持平";
    - kind "new": base 0 and current above it, pct None, label "新增";
    - kind "missing": no base figure (period not covered by the data), label "无可比数据".
    """

    current: int
    base: int | None
    pct: float | None
    label: str
    kind: GrowthKind

    def as_dict(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "base": self.base,
            "pct": self.pct,
            "label": self.label,
            "kind": self.kind,
        }


def pct_label(pct: float) -> str:
    """ "+168%", "-12%", "+2.5%": whole percent from 10% up, one decimal below.
    The sign always follows the direction of the change."""
    sign = "+" if pct > 0 else "-"
    size = abs(pct)
    text = f"{size:.0f}" if size >= 10 else f"{size:.1f}"
    return f"{sign}{text}%"


def growth(current: int, base: int | None) -> Growth:
    """Growth of a count on its base; a zero base is "new", never infinity or an error."""
    if base is None:
        return Growth(current, None, None, MISSING_LABEL, "missing")
    if current == base:
        return Growth(current, base, 0.0, FLAT_LABEL, "flat")
    if base == 0:
        return Growth(current, base, None, NEW_LABEL, "new")
    pct = (current - base) * 100.0 / base
    return Growth(current, base, round(pct, 1), pct_label(pct), "pct")


# ----- periods -----


def year_earlier(day: dt.date) -> dt.date:
    """The same date a year before; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The half-open moment range [start 00:00, end+1 00:00) in Asia/Shanghai."""
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=LOCAL_TZ)
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TZ)
    return lower, upper


def received_between(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    lower, upper = local_bounds(start, end)
    return Q(**{f"{prefix}received_at__gte": lower, f"{prefix}received_at__lt": upper})


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def year_earlier(self) -> Period:
        return Period(year_earlier(self.start), year_earlier(self.end))

    def preceding(self) -> Period:
        """The period of equal length that ends the day before this one starts."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    def q(self) -> Q:
        return received_between(self.start, self.end)


# ----- counting in the database -----


def daily_counts(queryset: QuerySet[Any], start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """Orders per local day in [start, end], one GROUP BY query; days without orders are absent."""
    rows = (
        queryset.filter(received_between(start, end))
        .order_by()
        .annotate(day=TruncDate("received_at", tzinfo=LOCAL_TZ))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return {day: n for day, n in rows}


def disjoint(periods: Iterable[Period]) -> list[Period]:
    """The days of `periods` as few non-overlapping periods, in order."""
    merged: list[Period] = []
    for period in sorted(periods, key=lambda p: p.start):
        if merged and period.start <= merged[-1].end + dt.timedelta(days=1):
            last = merged.pop()
            period = Period(last.start, max(last.end, period.end))
        merged.append(period)
    return merged


def daily_counts_within(queryset: QuerySet[Any], periods: Iterable[Period]) -> dict[dt.date, int]:
    """Orders per local day of the given periods only: a summary compares a
    period with the same dates a year earlier and with the period before it, so
    the year in between need not be read. One query, a UNION ALL of one range
    per period, so that each is a range on the (fire_related, received_at) index."""
    queries = [
        queryset.filter(period.q())
        .order_by()
        .annotate(day=TruncDate("received_at", tzinfo=LOCAL_TZ))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
        for period in disjoint(periods)
    ]
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    return {day: n for day, n in rows}


def total(counts: dict[dt.date, int], period: Period) -> int:
    return sum(counts.get(day, 0) for day in days_between(period.start, period.end))


def first_day(queryset: QuerySet[Any]) -> dt.date | None:
    """The local date of the earliest order in the whole table: the data's coverage starts there."""
    first = queryset.model._default_manager.aggregate(first=Min("received_at"))["first"]
    return first.astimezone(LOCAL_TZ).date() if first else None


# ----- the summary -----


@dataclass(frozen=True)
class DayPoint:
    day: dt.date
    count: int | None


@dataclass(frozen=True)
class CategoryRow:
    key: str
    label: str
    count: int
    share: float
    yoy: Growth


@dataclass(frozen=True)
class AreaRow:
    rank: int
    area_id: int
    name: str
    count: int
    share: float
    yoy: Growth


@dataclass
class PeriodSummary:
    """Everything the statistics page shows for one period and area."""

    start: dt.date
    end: dt.date
    count: int
    yoy: Growth
    pop: Growth
    yoy_period: Period
    pop_period: Period
    by_category: list[CategoryRow] = field(default_factory=list)
    by_area: list[AreaRow] = field(default_factory=list)
    daily: list[DayPoint] = field(default_factory=list)
    #: the same dates a year earlier, aligned with `daily` (None where not covered)
    last_year_daily: list[DayPoint] = field(default_factory=list)


def share(part: int, whole: int) -> float:
    return round(part * 100.0 / whole, 1) if whole else 0.0


def base_count(count: int, period: Period, covered_from: dt.date | None) -> int | None:
    """A base period's count, or None when the data does not cover the whole period."""
    if covered_from is None or period.start < covered_from:
        return None
    return count


def by_category(
    queryset: QuerySet[Any], current: Period, base: Period, covered_from: dt.date | None
) -> list[CategoryRow]:
    """Counts per hazard category in the period, with each category's year-over-year growth."""
    rows = (
        queryset.filter(current.q() | base.q())
        .order_by()
        .values("hazard_category")
        .annotate(
            cur=Count("pk", filter=current.q()),
            old=Count("pk", filter=base.q()),
        )
    )
    labels = dict(HazardCategory.choices)
    counted = [(r["hazard_category"] or "", r["cur"], r["old"]) for r in rows]
    whole = sum(cur for _key, cur, _old in counted)
    result = [
        CategoryRow(
            key=key,
            label=labels.get(key, UNCLASSIFIED_LABEL) if key else UNCLASSIFIED_LABEL,
            count=cur,
            share=share(cur, whole),
            yoy=growth(cur, base_count(old, base, covered_from)),
        )
        for key, cur, old in counted
        if cur or old
    ]
    result.sort(key=lambda r: (-r.count, r.label))
    return result


def ranked(rows: Iterable[tuple[int, str, int, Growth]], whole: int) -> list[AreaRow]:
    """Rows ordered by count, ties sharing a rank (1, 1, 3)."""
    ordered = sorted(rows, key=lambda r: (-r[2], r[1]))
    result: list[AreaRow] = []
    for index, (area_id, name, count, yoy) in enumerate(ordered, start=1):
        rank = result[-1].rank if result and result[-1].count == count else index
        result.append(AreaRow(rank, area_id, name, count, share(count, whole), yoy))
    return result


def by_area(
    queryset: QuerySet[Any],
    area: Area,
    current: Period,
    base: Period,
    covered_from: dt.date | None,
) -> list[AreaRow]:
    """The children of `area`, ranked by their count in the period, each with its
    year-over-year growth; orders placed on `area` itself form a row "（本级）".
    One query with a conditional count per child and period."""
    children = list(Area.objects.filter(parent=area).order_by("code"))
    own = Q(area_id=area.pk)
    aggregates: dict[str, Any] = {
        "own_cur": Count("pk", filter=own & current.q()),
        "own_old": Count("pk", filter=own & base.q()),
    }
    for child in children:
        inside = subtree_filter("area__path", child.path)
        aggregates[f"cur_{child.pk}"] = Count("pk", filter=inside & current.q())
        aggregates[f"old_{child.pk}"] = Count("pk", filter=inside & base.q())
    counts = queryset.filter(current.q() | base.q()).order_by().aggregate(**aggregates)
    rows: list[tuple[int, str, int, Growth]] = []
    for child in children:
        cur, old = counts[f"cur_{child.pk}"], counts[f"old_{child.pk}"]
        rows.append((child.pk, child.name, cur, growth(cur, base_count(old, base, covered_from))))
    if counts["own_cur"] or counts["own_old"]:
        cur, old = counts["own_cur"], counts["own_old"]
        rows.append(
            (area.pk, f"{area.name}（本级）", cur, growth(cur, base_count(old, base, covered_from)))
        )
    return ranked(rows, sum(r[2] for r in rows))


def period_summary(
    queryset: QuerySet[Any],
    start: dt.date,
    end: dt.date,
    *,
    area: Area | None = None,
    covered_from: dt.date | None = None,
    categories: bool = True,
) -> PeriodSummary:
    """The statistics of the orders in `queryset` received from `start` to `end`
    (local dates, both included).

    `queryset` is already scoped by the caller (`Complaint.objects.restrict(user)`)
    and, if wanted, filtered (fire_related=True). `area` asks for the ranking of
    its children. `covered_from` is the first day the data covers; by default the
    day of the earliest order imported. `categories=False` leaves `by_category`
    empty for callers that do not show it (the dashboard).
    """
    if end < start:
        start, end = end, start
    current = Period(start, end)
    last_year = current.year_earlier()
    preceding = current.preceding()
    if covered_from is None:
        covered_from = first_day(queryset)
    counts = daily_counts_within(queryset, [current, last_year, preceding])
    count = total(counts, current)
    yoy = growth(count, base_count(total(counts, last_year), last_year, covered_from))
    pop = growth(count, base_count(total(counts, preceding), preceding, covered_from))
    days = days_between(start, end)
    return PeriodSummary(
        start=start,
        end=end,
        count=count,
        yoy=yoy,
        pop=pop,
        yoy_period=last_year,
        pop_period=preceding,
        by_category=by_category(queryset, current, last_year, covered_from) if categories else [],
        by_area=by_area(queryset, area, current, last_year, covered_from) if area else [],
        daily=[DayPoint(day, counts.get(day, 0)) for day in days],
        last_year_daily=[
            DayPoint(
                year_earlier(day),
                None
                if covered_from is None or year_earlier(day) < covered_from
                else counts.get(year_earlier(day), 0),
            )
            for day in days
        ],
    )
