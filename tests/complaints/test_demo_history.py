"""The demo 12345 history shows the seed's shape."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from xiaoan.areas.models import Area
from xiaoan.complaints.models import Complaint, SpikeAlert
from xiaoan.complaints.stats import period_summary
from xiaoan.demo.complaints import HistoryBuilder, load_complaints

D = dt.date


def test_demo_history_shows_the_rise_and_the_jump(user: Any) -> None:
    started = time.monotonic()
    created = load_complaints()
    seconds = time.monotonic() - started
    assert 2000 <= created["complaints"] <= 6000
    assert seconds < 30
    assert load_complaints() == {"complaints": 0, "spike_alerts": 0}  # loading again adds nothing
    # the surge reached the office as two alerts: 4 March, and 2–4 March
    assert created["spike_alerts"] == 2
    windows = {(a.window_start, a.window_end) for a in SpikeAlert.objects.all()}
    assert windows == {(D(2024, 3, 4), D(2024, 3, 4)), (D(2024, 3, 2), D(2024, 3, 4))}

    office = user("office")
    fire = Complaint.objects.restrict(office).filter(fire_related=True)
    year = period_summary(fire, D(2024, 1, 1), D(2024, 3, 4), area=office.area)
    assert year.yoy.kind == "pct" and year.yoy.pct is not None and year.yoy.pct > 100
    assert 150 <= year.yoy.pct <= 185  # the seed: +168%
    three = period_summary(fire, D(2024, 3, 2), D(2024, 3, 4))
    assert three.pop.kind == "pct" and three.pop.pct is not None and three.pop.pct > 100
    assert 220 <= three.pop.pct <= 260  # the seed: +239%
    print(
        f"\ndemo: {created['complaints']} orders in {seconds:.1f}s; "
        f"fire 2024-01-01..03-04 {year.count} ({year.yoy.label} on {year.yoy.base}); "
        f"03-02..04 {three.count} ({three.pop.label} on {three.pop.base})"
    )
    # every district has orders and 兴隆台区 has the most
    assert year.by_area[0].name == "兴隆台区"
    assert all(row.count > 0 for row in year.by_area)
    # the surge is mostly electric bikes; older orders are closed, the newest open
    assert year.by_category[0].label == "电动车违规停放充电"
    orders = Complaint.objects.all()
    assert (
        orders.filter(received_at__year=2023, closed_at__isnull=False).count()
        > 0.9 * orders.filter(received_at__year=2023).count()
    )
    assert orders.filter(received_at__date=D(2024, 3, 3), closed_at__isnull=True).exists()
    # every order has its first history row
    assert Complaint.history.filter(history_type="+").count() == created["complaints"]
    # a district sees only its own orders
    mine = Complaint.objects.restrict(user("dawa")).count()
    assert 0 < mine < created["complaints"]
    assert (
        mine
        == Complaint.objects.filter(
            area__path__startswith=Area.objects.get(name="大洼区").path
        ).count()
    )


def test_demo_history_is_reproducible(db: Any) -> None:
    areas = {a.code: a for a in Area.objects.all()}
    first = [(o.number, o.received_at, o.content, o.area_id) for o in HistoryBuilder(areas).build()]
    second = [
        (o.number, o.received_at, o.content, o.area_id) for o in HistoryBuilder(areas).build()
    ]
    assert first == second
