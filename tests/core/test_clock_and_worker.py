"""The one clock, and the worker's periodic checks."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.core import clock, periodic
from xiaoan.core.models import WebhookDelivery


def test_pinned_clock_keeps_the_day_and_moves_with_time(settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    assert clock.today() == dt.date(2024, 3, 4)
    first = clock.now()
    assert first.astimezone(clock.LOCAL_TZ).date() == dt.date(2024, 3, 4)
    assert clock.now() >= first


def test_unpinned_clock_is_real_time(settings):
    settings.XIAOAN_TODAY = None
    assert abs((clock.now() - dt.datetime.now(dt.UTC)).total_seconds()) < 5


def test_a_date_deadline_ends_at_midnight_in_shanghai():
    end = clock.end_of_day(dt.date(2024, 3, 31))
    assert end.astimezone(clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M") == "2024-03-31 23:59"


@pytest.mark.django_db
def test_periodic_checks_retry_due_webhooks(settings):
    """The worker's periodic checks include webhook retries: a due delivery to an
    unreachable robot is attempted and its failure recorded."""
    settings.XIAOAN_WEBHOOK_MAX_ATTEMPTS = 1
    delivery = WebhookDelivery.objects.create(url="http://127.0.0.1:9/robot", payload={})
    assert "webhook-retries" in periodic.run_due(force=True)
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.last_error


@pytest.mark.django_db
def test_periodic_checks_run_on_their_interval():
    calls: list[int] = []
    periodic.register("test-check", every_seconds=3600)(lambda: calls.append(1))
    try:
        periodic.run_due(force=True)
        periodic.run_due()
        assert calls == [1]
    finally:
        periodic._checks.pop("test-check")
