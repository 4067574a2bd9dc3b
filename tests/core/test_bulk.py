"""Fast bulk inserts write what the ORM would: ids, moments, JSON, nulls, history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from xiaoan.complaints.models import Complaint
from xiaoan.core.bulk import create_with_history
from xiaoan.core.clock import LOCAL_TZ

pytestmark = pytest.mark.django_db


def test_records_and_history_read_back_as_written(user: Any, area: Any) -> None:
    office = user("office")
    when = dt.datetime(2024, 3, 4, 23, 30, tzinfo=LOCAL_TZ)  # 15:30 UTC
    orders = [
        Complaint(
            number=f"B-{n}",
            received_at=when - dt.timedelta(days=n),
            content=f"楼道堆物 {n}",
            raw={"工单编号": f"B-{n}", "备注": "含“引号”与\\反斜杠"},
            fire_related=None if n else True,
            area=area("兴隆台区"),
        )
        for n in range(3)
    ]
    create_with_history(orders, user=office, reason="导入", when=when)

    assert all(o.pk for o in orders)
    for order in orders:
        saved = Complaint.objects.get(pk=order.pk)
        assert saved.number == order.number
        assert saved.received_at == order.received_at
        assert saved.raw == order.raw
        assert saved.fire_related is order.fire_related
        assert saved.area_id == area("兴隆台区").pk
        [entry] = saved.history.all()
        assert (entry.history_type, entry.history_change_reason) == ("+", "导入")
        assert entry.history_user == office
        assert entry.history_date == when
        assert entry.content == order.content
    assert Complaint.objects.filter(received_at__date=dt.date(2024, 3, 4)).count() == 1


def test_nothing_to_insert_is_no_statement(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        create_with_history([], user=None, reason="导入", when=None)
