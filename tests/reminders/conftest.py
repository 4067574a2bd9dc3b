"""Reminders are about tasks and hazards built through their services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.hazards.conftest import (  # noqa: F401
    brigade,
    colleague,
    inspect,
    make_hazard,
    make_place,
    place,
)
from xiaoan.areas.models import Organisation, User
from xiaoan.directives import services


@pytest.fixture
def make_task(db: Any) -> Any:
    def make(title: str, deadline: dt.date, lead: str = "兴隆台区消防救援大队") -> Any:
        return services.do_create_task(
            acting_user=User.objects.get(username="office"),
            title=title,
            lead_organisation=Organisation.objects.get(name=lead),
            deadline=deadline,
        )

    return make
