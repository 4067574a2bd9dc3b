"""The demo's records carry their own times of day: loading it at 23:45 or at 10:17
stores the same timestamps, and those fall in the working day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from xiaoan.core import clock
from xiaoan.demo.loader import load_demo
from xiaoan.directives.models import Chase, Instruction, ProgressReport, Task
from xiaoan.duty.models import DispatchSubmission, Incident
from xiaoan.hazards.models import Hazard, Inspection, Rectification, SupervisionVisit

pytestmark = pytest.mark.django_db

STAMPED = [
    Instruction,
    Task,
    ProgressReport,
    Chase,
    SupervisionVisit,
    Inspection,
    Hazard,
    Rectification,
    DispatchSubmission,
    Incident,
]


def stamps() -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {}
    for model in STAMPED:
        found[model.__name__] = list(
            model.objects.order_by("pk").values_list("created_at", "updated_at")
        )
        history = model.history.order_by("history_id")  # type: ignore[attr-defined]
        found[f"{model.__name__} history"] = list(history.values_list("history_date", flat=True))
    return found


def loaded_at(
    monkeypatch: pytest.MonkeyPatch, hour: int, minute: int
) -> dict[str, list[tuple[Any, ...]]]:
    real = dt.datetime(2026, 12, 3, hour, minute, tzinfo=clock.LOCAL_TZ)
    monkeypatch.setattr(clock.timezone, "now", lambda: real.astimezone(dt.UTC))
    with transaction.atomic():
        load_demo()
        got = stamps()
        transaction.set_rollback(True)
    return got


def test_loading_at_two_times_of_day_stores_the_same_timestamps(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.XIAOAN_TODAY = "2024-03-04"
    late = loaded_at(monkeypatch, 23, 45)
    morning = loaded_at(monkeypatch, 10, 17)
    assert all(late[name] for name in ("Task", "Hazard", "DispatchSubmission"))
    assert late == morning
    for name in ("Instruction", "Task", "ProgressReport", "Chase", "Inspection", "Hazard"):
        hours = {clock.local(created).hour for created, _updated in late[name]}
        assert hours and min(hours) >= 8 and max(hours) <= 18, (name, sorted(hours))
