"""Fast bulk inserts write what the ORM would: ids, moments, JSON, nulls, history;
the instance factory makes what the constructor makes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from xiaoan.complaints.models import Complaint, ComplaintDuplicate
from xiaoan.core.bulk import create_with_history, insert_ignoring_conflicts, instance_factory
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


def test_history_rows_copy_every_column_with_the_new_ids(user: Any, area: Any) -> None:
    """The history rows are built from the orders' converted values: each column
    matches what the order itself reads back as."""
    office = user("office")
    when = dt.datetime(2024, 3, 5, 8, 0, tzinfo=LOCAL_TZ)
    orders = [
        Complaint(
            number=f"H-{n}",
            received_at=when,
            content="占用消防通道",
            title="通道",
            due_at=None if n else when + dt.timedelta(days=5),
            handling_deadline=dt.date(2024, 3, 9) if n else None,
            raw={"n": n},
            area=area("兴隆台区"),
        )
        for n in range(2)
    ]
    create_with_history(orders, user=office, reason="导入", when=when)
    names = [
        f.attname
        for f in Complaint._meta.concrete_fields  # every column, the id included
    ]
    for order in orders:
        saved = Complaint.objects.filter(pk=order.pk).values(*names).get()
        entry = Complaint.history.filter(id=order.pk).values(*names).get()  # type: ignore[attr-defined]
        assert entry == saved


def test_instance_factory_makes_what_the_constructor_makes(area: Any) -> None:
    make = instance_factory(Complaint, {"import_job_id": None})
    values = {
        "number": "F-1",
        "received_at": dt.datetime(2024, 3, 4, 9, 0, tzinfo=LOCAL_TZ),
        "content": "楼道堆物",
        "area_id": area("兴隆台区").pk,
        "raw": {"工单编号": "F-1"},
    }
    fast, slow = make(dict(values)), Complaint(import_job=None, **values)
    skip = {"created_at", "updated_at"}  # each constructor reads the clock itself
    for field in Complaint._meta.concrete_fields:
        if field.attname not in skip:
            assert getattr(fast, field.attname) == getattr(slow, field.attname), field.attname
    assert fast._state.adding and fast.pk is None
    # a fresh container for each instance, never one shared default
    first, second = make({"number": "F-2"}), make({"number": "F-3"})
    assert first.raw == {} and first.raw is not second.raw


def test_insert_ignoring_conflicts_skips_existing_links(area: Any) -> None:
    when = dt.datetime(2024, 3, 4, 9, 0, tzinfo=LOCAL_TZ)
    orders = [
        Complaint.objects.create(number=f"L-{n}", received_at=when, content="x") for n in range(3)
    ]
    a, b, c = (o.pk for o in orders)
    ComplaintDuplicate.objects.create(first_id=a, second_id=b, similarity=0.9)
    columns = ["first_id", "second_id", "similarity", "created_at"]
    insert_ignoring_conflicts(
        ComplaintDuplicate, columns, [(a, b, 0.5, when), (a, c, 0.7, when), (b, c, 0.6, when)]
    )
    links = sorted(ComplaintDuplicate.objects.values_list("first_id", "second_id", "similarity"))
    assert links == [(a, b, 0.9), (a, c, 0.7), (b, c, 0.6)]
    assert ComplaintDuplicate.objects.get(first_id=a, second_id=c).created_at == when
