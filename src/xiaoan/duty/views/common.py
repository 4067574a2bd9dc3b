"""What the duty desk's pages share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from xiaoan.core import clock


def can(request: HttpRequest, permission: str) -> bool:
    user: Any = request.user
    return bool(user.can(permission))


def local(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone(clock.LOCAL_TZ):%Y-%m-%d %H:%M}" if moment else ""


def parse_day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default
