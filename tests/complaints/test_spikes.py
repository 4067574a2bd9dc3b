"""Spike alerts: a day or three days far above the baseline notify the office once."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from xiaoan.complaints import services
from xiaoan.complaints.models import Complaint, SpikeAlert
from xiaoan.complaints.spikes import check_spikes
from xiaoan.core.models import Notification

from .conftest import good_row, xlsx_bytes
from .test_stats import local, order


@pytest.fixture
def today(settings: Any) -> dt.date:
    settings.XIAOAN_TODAY = "2024-03-04"
    settings.XIAOAN_COMPLAINT_SPIKE = {"ratio": 3, "min_count": 10, "baseline_days": 28}
    return dt.date(2024, 3, 4)


def normal_weeks(user: Any, area: Any, until: dt.date) -> None:
    """One fire-safety order a day for the 35 days before `until`."""
    for back in range(1, 36):
        day = until - dt.timedelta(days=back)
        order(user, area, local(day.year, day.month, day.day, 10), fire_related=True)


def spike_notes(username: str) -> list[Notification]:
    return list(
        Notification.objects.filter(kind="complaint_spike", recipient__username=username).order_by(
            "id"
        )
    )


def test_a_spike_day_notifies_the_office_once(
    user: Any, area: Any, today: dt.date, django_capture_on_commit_callbacks: Any
) -> None:
    normal_weeks(user, area, today)
    for _ in range(12):
        order(user, area, local(2024, 3, 4, 9), "振兴社区", fire_related=True)
    order(user, area, local(2024, 3, 4, 9), fire_related=False)  # not about fire: not counted
    with django_capture_on_commit_callbacks(execute=True):
        assert check_spikes() == 2  # the day, and the three days 3/2–3/4 (14 on a mean of 3)
    alerts = {(a.window_days, a.window_start, a.count) for a in SpikeAlert.objects.all()}
    assert alerts == {(1, today, 12), (3, dt.date(2024, 3, 2), 14)}
    assert {a.area.name for a in SpikeAlert.objects.all()} == {"盘锦市"}
    notes = spike_notes("office")
    assert len(notes) == 2
    day = next(n for n in notes if "2024年3月4日" in n.body)
    assert day.title == "12345 消防安全诉求激增：盘锦市"
    assert "12 件" in day.body and "12.0 倍" in day.body
    assert "start=2024-03-04" in day.link
    assert len(spike_notes("xifeng")) == 2  # every office user at the area
    assert spike_notes("xinglongtai") == []  # a brigade does not manage the hotline
    # the next run, a second worker, a restart: nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert check_spikes() == 0
        assert check_spikes() == 0
    assert len(spike_notes("office")) == 2
    assert SpikeAlert.objects.count() == 2


def test_a_normal_day_and_a_small_jump_raise_nothing(
    user: Any, area: Any, today: dt.date, django_capture_on_commit_callbacks: Any
) -> None:
    normal_weeks(user, area, today)
    for _ in range(2):
        order(user, area, local(2024, 3, 4, 9), fire_related=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_spikes() == 0
    # seven in a day is seven times the mean, but under the minimum of ten (nine in 3 days)
    for _ in range(5):
        order(user, area, local(2024, 3, 4, 9), fire_related=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_spikes() == 0
    assert SpikeAlert.objects.count() == 0 and spike_notes("office") == []


def test_no_alert_before_the_baseline_is_covered(user: Any, area: Any, today: dt.date) -> None:
    for _ in range(30):
        order(user, area, local(2024, 3, 4, 9), fire_related=True)  # the very first orders
    assert check_spikes() == 0


def test_the_check_runs_when_an_import_finishes(
    user: Any, area: Any, today: dt.date, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    normal_weeks(user, area, today)
    for _ in range(11):
        order(user, area, local(2024, 3, 4, 9), fire_related=True)
    job = services.do_start_import(
        acting_user=user("office"),
        upload=io.BytesIO(xlsx_bytes([good_row("I1", 来电时间="2024-03-04 10:00:00")])),
        name="12345.xlsx",
    )
    assert SpikeAlert.objects.count() == 0
    services.run_job(job.pk)
    assert Complaint.objects.filter(number="I1").exists()
    assert SpikeAlert.objects.filter(window_days=1, window_end=today).exists()
