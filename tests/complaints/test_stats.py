"""Growth arithmetic and the period summary of the 12345 statistics."""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoan.complaints.models import Complaint
from xiaoan.complaints.services import do_record_complaint
from xiaoan.complaints.stats import growth, period_summary, year_earlier
from xiaoan.core.clock import LOCAL_TZ

D = dt.date
numbers = count(1)


def order(
    user: Any, area: Any, at: dt.datetime, area_name: str = "惠宾社区", **fields: Any
) -> Complaint:
    """An order recorded as an import records it, then classified."""
    complaint, _ = do_record_complaint(
        None,
        acting_user=user("admin"),
        number=f"S{next(numbers)}",
        received_at=at,
        content="楼道里电动车充电",
        area=area(area_name),
    )
    if fields:
        Complaint.objects.filter(pk=complaint.pk).update(**fields)
    return complaint


def local(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=LOCAL_TZ)  # type: ignore[misc]


# ----- growth -----


@pytest.mark.parametrize(
    ("current", "base", "kind", "label", "pct"),
    [
        (268, 100, "pct", "+168%", 168.0),
        (678, 200, "pct", "+239%", 239.0),
        (88, 100, "pct", "-12%", -12.0),
        (0, 5, "pct", "-100%", -100.0),
        (41, 40, "pct", "+2.5%", 2.5),
        (7, 7, "flat", "持平", 0.0),
        (0, 0, "flat", "持平", 0.0),
        (3, 0, "new", "新增", None),
        (3, None, "missing", "无可比数据", None),
        (0, None, "missing", "无可比数据", None),
    ],
)
def test_growth_arithmetic(
    current: int, base: int | None, kind: str, label: str, pct: float | None
) -> None:
    g = growth(current, base)
    assert (g.kind, g.label, g.pct, g.current, g.base) == (kind, label, pct, current, base)


@given(st.integers(min_value=0, max_value=10**9), st.none() | st.integers(0, 10**9))
def test_growth_never_raises_and_its_label_agrees(current: int, base: int | None) -> None:
    g = growth(current, base)
    if base is None:
        assert g.kind == "missing" and g.pct is None
    elif current == base:
        assert g.kind == "flat" and g.label == "持平"
    elif base == 0:
        assert g.kind == "new" and g.pct is None and g.label == "新增"
    else:
        assert g.kind == "pct" and g.pct is not None
        assert g.label.endswith("%")
        assert g.label[0] == ("+" if current > base else "-")
        assert abs(float(g.label[1:-1]) - abs(g.pct)) <= 0.5 + 1e-9


def test_year_earlier_of_a_leap_day() -> None:
    assert year_earlier(D(2024, 2, 29)) == D(2023, 2, 28)
    assert year_earlier(D(2024, 3, 4)) == D(2023, 3, 4)


# ----- the period summary -----


def test_yoy_across_a_leap_day_and_pop_of_equal_length(user: Any, area: Any) -> None:
    # a year ago: 2023-02-27 .. 2023-03-01 has 2 orders (one on 2/27 is outside)
    order(user, area, local(2023, 2, 26, 10))
    order(user, area, local(2023, 2, 28, 10))
    order(user, area, local(2023, 3, 1, 10))
    # the preceding 3 days 2024-02-25 .. 02-27: 1 order
    order(user, area, local(2024, 2, 26, 10))
    # the period 2024-02-28 .. 03-01 (three days, across 29 Feb): 5 orders
    for day in (28, 29, 29):
        order(user, area, local(2024, 2, day, 10))
    order(user, area, local(2024, 3, 1, 8))
    order(user, area, local(2024, 3, 1, 23, 59))
    summary = period_summary(Complaint.objects.all(), D(2024, 2, 28), D(2024, 3, 1))
    assert summary.count == 5
    assert (summary.yoy_period.start, summary.yoy_period.end) == (D(2023, 2, 28), D(2023, 3, 1))
    assert (summary.yoy.base, summary.yoy.label) == (2, "+150%")
    assert (summary.pop_period.start, summary.pop_period.end) == (D(2024, 2, 25), D(2024, 2, 27))
    assert (summary.pop.base, summary.pop.label) == (1, "+400%")
    assert [p.count for p in summary.daily] == [1, 2, 2]
    # last year's line: 2/28 for both 2/28 and 2/29, then 3/1
    assert [(p.day, p.count) for p in summary.last_year_daily] == [
        (D(2023, 2, 28), 1),
        (D(2023, 2, 28), 1),
        (D(2023, 3, 1), 1),
    ]


def test_local_day_boundary_is_asia_shanghai(user: Any, area: Any) -> None:
    order(user, area, local(2024, 2, 1, 10))  # coverage starts here
    late = order(user, area, local(2024, 3, 1, 23, 59))  # 15:59 UTC on 3/1
    early = order(
        user, area, local(2024, 3, 2, 0, 1)
    )  # 16:01 UTC on 3/1: a UTC day would merge them
    assert late.received_at.astimezone(dt.UTC).date() == early.received_at.astimezone(dt.UTC).date()
    summary = period_summary(Complaint.objects.all(), D(2024, 3, 1), D(2024, 3, 2))
    assert [(p.day, p.count) for p in summary.daily] == [(D(2024, 3, 1), 1), (D(2024, 3, 2), 1)]
    only_first = period_summary(Complaint.objects.all(), D(2024, 3, 1), D(2024, 3, 1))
    assert only_first.count == 1


def test_a_base_before_the_data_starts_is_missing_and_a_zero_base_is_new(
    user: Any, area: Any
) -> None:
    order(user, area, local(2024, 2, 20, 10))
    order(user, area, local(2024, 3, 3, 10))
    summary = period_summary(Complaint.objects.all(), D(2024, 3, 1), D(2024, 3, 4))
    assert summary.yoy.kind == "missing" and summary.yoy.label == "无可比数据"
    # 2024-02-26 .. 02-29 is covered (data since 2/20) and empty
    assert (summary.pop.kind, summary.pop.label, summary.pop.base) == ("new", "新增", 0)
    assert all(p.count is None for p in summary.last_year_daily)


def test_negative_growth_and_categories(user: Any, area: Any) -> None:
    for day in range(1, 6):
        order(user, area, local(2023, 3, day, 9), fire_related=True, hazard_category="ebike_indoor")
    order(user, area, local(2024, 3, 2, 9), fire_related=True, hazard_category="ebike_indoor")
    order(user, area, local(2024, 3, 3, 9), fire_related=True, hazard_category="clutter")
    order(user, area, local(2024, 3, 3, 9), fire_related=False)
    fire = Complaint.objects.filter(fire_related=True)
    summary = period_summary(fire, D(2024, 3, 1), D(2024, 3, 5))
    assert (summary.count, summary.yoy.base, summary.yoy.label) == (2, 5, "-60%")
    rows = {r.label: (r.count, r.yoy.label) for r in summary.by_category}
    assert rows == {"电动车违规停放充电": (1, "-80%"), "楼道堆放杂物": (1, "新增")}
    everything = period_summary(Complaint.objects.all(), D(2024, 3, 1), D(2024, 3, 5))
    assert {r.label: r.count for r in everything.by_category}["未分类"] == 1


def test_by_area_ranks_the_children_with_their_own_yoy(user: Any, area: Any) -> None:
    order(user, area, local(2023, 3, 1, 9), "惠宾社区")
    order(user, area, local(2023, 3, 1, 9), "胜利社区")
    order(user, area, local(2023, 3, 1, 9), "胜利社区")
    for name in ["惠宾社区", "惠宾社区", "振兴社区", "兴隆台区", "胜利社区", "沙岭村", "沙岭村"]:
        order(user, area, local(2024, 3, 1, 9), name)
    city = period_summary(
        Complaint.objects.all(), D(2024, 3, 1), D(2024, 3, 1), area=area("盘锦市")
    )
    ranking = [(r.rank, r.name, r.count, r.yoy.label) for r in city.by_area]
    assert ranking[:3] == [
        (1, "兴隆台区", 4, "+300%"),
        (2, "盘山县", 2, "新增"),
        (3, "双台子区", 1, "-50%"),
    ]
    assert (ranking[3][0], ranking[3][2]) == (4, 0)  # the quiet districts share the last rank
    assert ranking[3][0] == ranking[4][0]
    county = period_summary(
        Complaint.objects.all(), D(2024, 3, 1), D(2024, 3, 1), area=area("兴隆台区")
    )
    rows = {r.name: r.count for r in county.by_area}
    assert rows["兴隆街道"] == 2 and rows["振兴街道"] == 1 and rows["兴隆台区（本级）"] == 1
    assert sum(r.share for r in county.by_area) == pytest.approx(100.0, abs=0.2)


def test_summary_runs_a_fixed_number_of_queries(
    user: Any, area: Any, django_assert_max_num_queries: Any
) -> None:
    for day in range(1, 20):
        order(user, area, local(2024, 2, day, 9))
    city = area("盘锦市")
    # the data's first day, the daily counts, categories, the children, their counts
    with django_assert_max_num_queries(5):
        period_summary(Complaint.objects.all(), D(2024, 2, 1), D(2024, 2, 29), area=city)
