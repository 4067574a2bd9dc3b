"""Fixtures of the duty desk's tests: a clock set to an exact moment, and incidents
recorded through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from xiaoan.areas.models import Area, User
from xiaoan.core import clock
from xiaoan.duty import services
from xiaoan.duty.choices import IncidentKind

BEIJING = clock.LOCAL_TZ


def beijing(text: str) -> dt.datetime:
    """'2024-03-04 23:30' Beijing time, as an aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def default_rules(db: Any) -> None:
    """The rules the initial migration seeds (a flushed database may have lost them)."""
    services.ensure_default_rules()


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Any:
    """Set the clock to a moment (Beijing time text or aware datetime); returns the setter."""
    settings.XIAOAN_TODAY = None

    def set_now(moment: str | dt.datetime) -> dt.datetime:
        value = beijing(moment) if isinstance(moment, str) else moment
        monkeypatch.setattr(clock.timezone, "now", lambda: value.astimezone(dt.UTC))
        return value

    return set_now


@pytest.fixture
def brigade(db: Any) -> User:
    return User.objects.select_related("organisation", "area").get(username="xinglongtai")


@pytest.fixture
def record(brigade: User) -> Any:
    """Record an incident in 兴隆台区 (or `area`) as its brigade."""

    def make(alarm: str, area: str = "兴隆台区", **facts: Any) -> Any:
        facts.setdefault("kind", IncidentKind.FIRE)
        facts.setdefault("address", "兴隆台区惠宾街道 1 号")
        return services.do_record_incident(
            acting_user=brigade,
            alarm_at=beijing(alarm),
            area=Area.objects.get(name=area),
            **facts,
        )

    return make


@pytest.fixture
def first_report(brigade: User) -> Any:
    def send(incident: Any, when: str, kind: str = "first") -> Any:
        return services.do_send_report(
            incident,
            acting_user=brigade,
            kind=kind,
            recipient="市应急管理局指挥中心",
            channel="platform",
            content="惠宾幼儿园厨房起火，无人员伤亡，明火已扑灭。",
            sent_at=beijing(when),
        )

    return send
