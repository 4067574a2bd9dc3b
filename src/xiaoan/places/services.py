"""Changes to the water-source register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit, set_history_user

from .choices import WaterSourceStatus
from .models import WaterSource


def check_commissioning(status: str, commissioned_on: dt.date | None) -> None:
    if status == WaterSourceStatus.IN_SERVICE and commissioned_on is None:
        raise XiaoanError("在用的消防水源必须填写投用日期。")


@transaction.atomic
def do_register_water_source(
    *,
    acting_user: User | None,
    kind: str,
    number: str,
    location: str,
    area: Area,
    status: str = WaterSourceStatus.PLANNED,
    commissioned_on: dt.date | None = None,
) -> WaterSource:
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    check_commissioning(status, commissioned_on)
    source = WaterSource(
        kind=kind,
        number=number,
        location=location,
        area=area,
        status=status,
        commissioned_on=commissioned_on,
    )
    full_clean(source)
    set_history_user(source, acting_user)
    source.save()
    return source


WATER_SOURCE_FIELDS = {"location", "status", "commissioned_on", "latitude", "longitude"}


@transaction.atomic
def do_update_water_source(
    source: WaterSource, *, acting_user: User | None, expected_version: int, **changes: Any
) -> WaterSource:
    unknown = set(changes) - WATER_SOURCE_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.ASSIGN_TASKS, source.area)
    check_commissioning(
        changes.get("status", source.status), changes.get("commissioned_on", source.commissioned_on)
    )
    return apply_edit(source, changes, acting_user=acting_user, expected_version=expected_version)
