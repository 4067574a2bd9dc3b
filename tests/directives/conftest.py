"""Fixtures for the supervision desk's tests: tasks built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from xiaoan.areas.models import Organisation, User
from xiaoan.directives import services


@pytest.fixture
def office(db: Any) -> User:
    return User.objects.select_related("organisation", "area").get(username="office")


@pytest.fixture
def brigade(db: Any) -> User:
    return User.objects.select_related("organisation", "area").get(username="xinglongtai")


@pytest.fixture
def make_task(office: User) -> Any:
    """A task assigned by the detachment office to 兴隆台区消防救援大队 (or `lead`)."""

    def make(
        title: str = "排查惠宾社区高层住宅", lead: str = "兴隆台区消防救援大队", **kwargs: Any
    ) -> Any:
        kwargs.setdefault("deadline", dt.date(2024, 3, 8))
        return services.do_create_task(
            acting_user=office,
            title=title,
            lead_organisation=Organisation.objects.get(name=lead),
            **kwargs,
        )

    return make
