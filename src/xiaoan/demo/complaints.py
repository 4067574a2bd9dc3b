"""The demo city's 12345 hotline history, January 2023 to 4 March 2024.

A synthetic but realistic stream of work orders, reproducible from a fixed seed:

- a weekly shape (Mondays busiest, weekends quiet), a seasonal one (fire-safety
  reports peak in the heating season, everyday complaints in summer) and the
  Spring Festival dip (the official holiday of each year, from chinese-calendar);
- spread over the demo city's communities by weight (兴隆台区 largest), with a
  few orders placed only on a district;
- about half of the orders are about fire safety, classified by hazard category;
  the others are heating, noise, roads, property fees …;
- after the Nanjing residential fire of 2024-02-23 fire-safety reports surge, and
  again after the city's mobilisation meeting of 1 March, so that the demo's
  statistics show the seed's shape: fire-safety orders of 2024 up to 4 March
  about +168% on the same period of 2023, and those of 2–4 March about +239% on
  the three days before (the surge is sized from the drawn baseline to hit both);
- orders received long enough ago are closed with a reply; the recent ones are open.

Orders and their first history rows are written with bulk inserts, so the whole
history (a few thousand orders) loads in seconds. Idempotent: nothing is added
when the first demo order already exists.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import chinese_calendar
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from xiaoan.areas.models import Area, User
from xiaoan.complaints.choices import ClassificationSource
from xiaoan.complaints.models import Complaint
from xiaoan.complaints.spikes import check_spikes
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.pii import phone_hash

from . import city
from . import complaint_texts as texts
from .directives import on_day

SEED = 12345
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date.fromisoformat(city.DEMO_TODAY)
#: the Nanjing fire: reports surge from the next day
SURGE_FROM = dt.date(2024, 2, 24)
#: the seed's figures the demo reproduces
YOY_TARGET = 1.68
THREE_DAY_TARGET = 2.39

#: fire-safety and other orders per day in an ordinary week of 2023
FIRE_PER_DAY = 2.6
OTHER_PER_DAY = 3.4
#: 2024 before the fire: somewhat more reports than a year earlier
GROWTH_2024 = 1.25
WEEKDAY = [1.2, 1.1, 1.05, 1.0, 1.0, 0.75, 0.7]  # Monday first
#: share of the surge on 2/24–2/27 (the news), the rest on 2/28–3/1 and 3/2–3/4
SURGE_NEWS_SHARE = 0.30
SURGE_DAY_WEIGHTS = {
    "news": [0.30, 0.28, 0.24, 0.18],
    "lull": [0.32, 0.30, 0.38],
    "campaign": [0.30, 0.33, 0.37],
}

#: county code → weight of its orders
COUNTY_WEIGHTS = {"211103": 38, "211102": 24, "211104": 16, "211122": 14, "211171": 8}
#: share of orders whose address resolves only to the district
DISTRICT_ONLY = 0.06

BRIGADES = {
    "211102": "双台子区消防救援大队",
    "211103": "兴隆台区消防救援大队",
    "211104": "大洼区消防救援大队",
    "211122": "盘山县消防救援大队",
    "211171": "辽东湾新区消防救援大队",
}
UNITS = {"住建": "盘锦市住房和城乡建设局", "综合执法": "盘锦市综合行政执法局"}

T = TypeVar("T")


def number_of(day: dt.date, index: int) -> str:
    return f"GD{day:%Y%m%d}{index:04d}"


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def choose(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def festival_factor(day: dt.date) -> float:
    """Few calls during the Spring Festival holiday, fewer on the days right before it."""
    _holiday, name = chinese_calendar.get_holiday_detail(day)
    if _holiday and name == chinese_calendar.Holiday.spring_festival.value:
        return 0.35
    ahead = chinese_calendar.get_holiday_detail(day + dt.timedelta(days=2))
    if ahead[0] and ahead[1] == chinese_calendar.Holiday.spring_festival.value:
        return 0.7
    return 1.0


def fire_season(day: dt.date) -> float:
    """Fire-safety reports peak in the heating season (mid-October to mid-April)."""
    return 1.25 if day.month in (11, 12, 1, 2, 3) else 0.85 if day.month in (6, 7, 8) else 1.0


def other_season(day: dt.date) -> float:
    return 1.2 if day.month in (6, 7, 8) else 1.1 if day.month in (11, 12, 1) else 1.0


def ordinary_means(day: dt.date) -> tuple[float, float]:
    """Expected fire-safety and other orders on an ordinary day (no surge)."""
    shape = WEEKDAY[day.weekday()] * festival_factor(day)
    year = GROWTH_2024 if day.year == 2024 else 1.0
    return FIRE_PER_DAY * shape * fire_season(day) * year, OTHER_PER_DAY * shape * other_season(day)


def split(total: int, weights: list[float]) -> list[int]:
    """`total` split by weights into whole numbers that add up to it."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [math.floor(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def surge_counts(ordinary: dict[dt.date, int]) -> dict[dt.date, int]:
    """Fire-safety orders per day from 2/24 to 3/4, sized so that 2024-01-01..03-04 is
    YOY_TARGET above 2023-01-01..03-04 and 3/2–3/4 THREE_DAY_TARGET above 2/28–3/1."""
    last_year = sum(
        n for d, n in ordinary.items() if dt.date(2023, 1, 1) <= d <= dt.date(2023, 3, 4)
    )
    before = sum(n for d, n in ordinary.items() if dt.date(2024, 1, 1) <= d < SURGE_FROM)
    surge = round(last_year * (1 + YOY_TARGET)) - before
    rest = surge - round(surge * SURGE_NEWS_SHARE)
    lull = round(rest / (2 + THREE_DAY_TARGET))
    campaign = round(lull * (1 + THREE_DAY_TARGET))
    news = surge - lull - campaign
    counts = (
        split(news, SURGE_DAY_WEIGHTS["news"])
        + split(lull, SURGE_DAY_WEIGHTS["lull"])
        + split(campaign, SURGE_DAY_WEIGHTS["campaign"])
    )
    days = [SURGE_FROM + dt.timedelta(days=i) for i in range(len(counts))]
    return dict(zip(days, counts, strict=True))


@dataclass(frozen=True)
class Place:
    area: Area
    county_code: str
    address: str
    name: str


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
#: callers who ring the hotline again (the 同一来电号码 link on an order's page)
REPEAT_CALLERS = [("李淑珍", "13904271234"), ("王建国", "15842770021"), ("刘桂兰", "18642710356")]


class HistoryBuilder:
    """Draws the orders of every day from the seeded generator."""

    def __init__(self, areas: dict[str, Area]) -> None:
        self.rng = random.Random(SEED)
        #: callers are drawn apart, so the orders stay those of the seed
        self.callers = random.Random(SEED + 1)
        self.areas = areas
        self.communities: dict[str, list[tuple[str, Area]]] = {}
        for (county_code, _county), townships in city.AREAS.items():
            self.communities[county_code] = [
                (community_name, areas[community_code])
                for (_code, _township), communities in townships.items()
                for community_code, community_name, _grids in communities
            ]

    def place(self, venue: bool) -> Place:
        rng = self.rng
        county_code = pick(rng, {k: float(v) for k, v in COUNTY_WEIGHTS.items()})
        community_name, community = choose(rng, self.communities[county_code])
        base = community_name.removesuffix("社区").removesuffix("村")
        street = choose(rng, texts.STREETS[county_code])
        template = choose(rng, texts.VENUES if venue else texts.BUILDINGS)
        name = template.format(community=base, street=street, n=rng.randint(1, 28))
        county = self.areas[county_code]
        address = f"{county.name}{street}{rng.randint(1, 300)}号{name}"
        area = county if rng.random() < DISTRICT_ONLY else community
        return Place(area, county_code, address, name)

    def caller(self) -> tuple[str, str]:
        """A made-up caller: a name, and a mobile number in the 13x/15x/18x ranges
        (a few callers ring more than once, as they do)."""
        rng = self.callers
        if rng.random() < 0.15:
            return rng.choice(REPEAT_CALLERS)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        return name, f"1{rng.choice('358')}{rng.randrange(10)}{rng.randrange(10**8):08d}"

    def received(self, day: dt.date) -> dt.datetime:
        """A call time on `day`: office hours mostly, some in the evening."""
        hour = self.rng.choices(
            range(24), weights=[1] * 7 + [4, 9, 10, 10, 8, 5, 8, 9, 9, 8, 6] + [5, 4, 4, 3, 2, 1]
        )[0]
        return dt.datetime.combine(
            day, dt.time(hour, self.rng.randrange(60), self.rng.randrange(60)), tzinfo=LOCAL_TZ
        )

    def order(self, day: dt.date, index: int, *, fire: bool, surge: bool) -> Complaint:
        rng = self.rng
        received = self.received(day)
        if fire:
            category = pick(rng, texts.SURGE_WEIGHTS if surge else texts.FIRE_WEIGHTS)
            title, templates = texts.FIRE_TEXTS[category]
            place = self.place(
                venue=category in (texts.C.GAS, texts.C.THREE_IN_ONE, texts.C.HOT_WORK)
            )
            content = choose(rng, templates).format(place=place.name)
            platform_category = "安全生产/消防安全"
            unit = BRIGADES[place.county_code]
            kind = pick(rng, {"举报": 6, "投诉": 3, "求助": 0.5, "建议": 0.5})
            replies = texts.FIRE_REPLIES
        else:
            platform_category, title, template, unit_kind, _w = rng.choices(
                texts.OTHER_TEXTS, weights=[t[4] for t in texts.OTHER_TEXTS]
            )[0]
            place = self.place(venue=False)
            content = template.format(place=place.name)
            category = ""
            unit = UNITS.get(unit_kind) or f"{place.area.name}有关部门"
            kind = pick(rng, {"投诉": 5, "咨询": 2, "求助": 2, "建议": 1})
            replies = texts.OTHER_REPLIES
        assigned = received + dt.timedelta(minutes=rng.randint(20, 180))
        due = dt.datetime.combine(
            (received + dt.timedelta(days=5)).date(), dt.time(23, 59, 59), tzinfo=LOCAL_TZ
        )
        handled_days = rng.randint(1, 9)
        closed = received + dt.timedelta(days=handled_days, hours=rng.randint(0, 8))
        is_closed = closed.date() < LAST_DAY and rng.random() < 0.97
        complaint = Complaint(
            number=number_of(day, index),
            received_at=received,
            channel=pick(rng, {"电话": 8, "微信小程序": 1, "网站": 1}),
            kind=kind,
            urgency="紧急" if rng.random() < 0.08 else "一般",
            category=platform_category,
            title=title,
            content=content,
            address=place.address,
            handling_unit=unit,
            assigned_at=assigned,
            due_at=due,
            status="已办结" if is_closed else "办理中",
            replied_at=closed if is_closed else None,
            reply=choose(rng, replies) if is_closed else "",
            closed_at=closed if is_closed else None,
            satisfaction=pick(rng, {"满意": 7, "基本满意": 2, "不满意": 1}) if is_closed else "",
            fire_related=fire,
            hazard_category=category,
            classified_by=ClassificationSource.AUTO,
            area=place.area,
            created_at=assigned,
            updated_at=closed if is_closed else assigned,
        )
        complaint.caller_name, complaint.caller_phone = self.caller()
        # bulk inserts skip save(): the lookup hash is set here
        complaint.caller_phone_hash = phone_hash(complaint.caller_phone)
        complaint._history_date = assigned  # type: ignore[attr-defined]
        return complaint

    def build(self) -> list[Complaint]:
        days = [FIRST_DAY + dt.timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
        fire_counts, other_counts = {}, {}
        for day in days:
            fire_mean, other_mean = ordinary_means(day)
            fire_counts[day] = poisson(self.rng, fire_mean)
            other_counts[day] = poisson(self.rng, other_mean)
        surge = surge_counts(fire_counts)
        orders = []
        for day in days:
            fire = surge.get(day, fire_counts[day])
            kinds = [True] * fire + [False] * other_counts[day]
            self.rng.shuffle(kinds)
            for index, is_fire in enumerate(kinds, start=1):
                orders.append(self.order(day, index, fire=is_fire, surge=day in surge))
        return orders


def load_complaints(log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """Load the 12345 history of the demo city; returns how many orders were created."""
    if Complaint.objects.filter(number=number_of(FIRST_DAY, 1)).exists():
        log("12345 演示工单已存在，未重复载入")
        return {"complaints": 0, "spike_alerts": 0}
    areas = {a.code: a for a in Area.objects.all()}
    office = User.objects.filter(username="yingshang").first()
    orders = HistoryBuilder(areas).build()
    with transaction.atomic():
        bulk_create_with_history(
            orders,
            Complaint,
            batch_size=500,
            default_user=office,
            default_change_reason="12345 平台导出（演示数据）",
        )
    with on_day(city.DEMO_TODAY):
        alerts = check_spikes()  # the surge of 2–4 March reaches the office's inbox
    fire = sum(1 for o in orders if o.fire_related)
    log(f"12345 演示工单：{len(orders)} 件，其中涉及消防安全 {fire} 件；激增提醒 {alerts} 条")
    return {"complaints": len(orders), "spike_alerts": alerts}
