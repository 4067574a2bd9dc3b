"""The daily dispatch's counts add up: 应报 = 已报 + 未报, on the page, in the Word
summary and in the API, whoever looks and whichever units have reported."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.demo.duty import load_duty
from xiaoan.duty import services
from xiaoan.duty.models import DispatchPeriod

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 4)
KINDS = ["brigade", "department", "government", "township_office"]
VIEWERS = ["office", "leader", "xinglongtai", "shuangtaizi", "dawa"]


def page_counts(html: str) -> tuple[int, int, int]:
    text = re.sub(r"<[^>]+>", "", html)
    found = re.search(r"应报 (\d+) 个单位，已报 (\d+) 个，未报 (\d+) 个", text)
    assert found, "the counts line is missing"
    return int(found[1]), int(found[2]), int(found[3])


def docx_counts(data: bytes) -> tuple[int, int, int]:
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    found = re.search(r"应报送单位(\d+)个，已报送(\d+)个，未报送(\d+)个", text)
    assert found, "the summary line is missing"
    return int(found[1]), int(found[2]), int(found[3])


def visible_units(period: DispatchPeriod, viewer: User) -> set[str]:
    return {o.name for o in period.organisations.all() if o.area.is_within(viewer.area)}


def check_counts(client: Any, period: DispatchPeriod, viewer: User, reported: set[str]) -> None:
    url = f"/dispatches/{period.pk}/?day={DAY}"
    expected = visible_units(period, viewer)
    due, done, missing = page_counts(client.get(url).content.decode())
    assert due == done + missing == len(expected)
    assert done == len(expected & reported)
    assert docx_counts(client.get(url + "&format=docx").content) == (due, done, missing)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_due_is_reported_plus_missing(data: Any, client_as: Any) -> None:
    pool = list(Organisation.objects.filter(kind__in=KINDS).order_by("name"))
    units = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8, unique=True))
    reporting = data.draw(st.lists(st.sampled_from(units), unique=True))
    viewer = User.objects.select_related("area").get(username=data.draw(st.sampled_from(VIEWERS)))
    with transaction.atomic(), override_settings(XIAOAN_TODAY=str(DAY)):
        period = services.do_create_dispatch_period(
            acting_user=None,
            title="全国两会期间安全稳定",
            area=Area.objects.get(name="盘锦市"),
            start_date=DAY - dt.timedelta(days=1),
            organisations=units,
        )
        for unit in reporting:
            services.do_submit_status(
                period,
                acting_user=None,
                organisation=unit,
                date=DAY,
                status="stable",
                content="辖区安全平稳",
            )
        check_counts(client_as(viewer.username), period, viewer, {u.name for u in reporting})
        day = client_as(viewer.username).get(f"/api/dispatches/{period.pk}/days/{DAY}")
        transaction.set_rollback(True)
    assert day.status_code == 200


def test_the_demo_dispatch_counts_ten_units(settings: Any, client_as: Any) -> None:
    """/dispatches/1/ of the demo said 应报 0 个单位 while its Word summary said 10."""
    settings.XIAOAN_TODAY = "2024-03-04"
    load_duty()
    period = DispatchPeriod.objects.get(title="全国两会期间安全稳定")
    office = client_as("office")
    url = f"/dispatches/{period.pk}/?day=2024-03-04"
    assert page_counts(office.get(url).content.decode()) == (10, 6, 4)
    assert docx_counts(office.get(url + "&format=docx").content) == (10, 6, 4)
    body = office.get(f"/api/dispatches/{period.pk}/days/2024-03-04").json()
    assert body["expected_count"] == len(body["submissions"]) + len(body["missing"]) == 10
