"""Helpers the supervision desk's pages share: permission check, task flags."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiaoan.core import clock

from .. import queries
from ..models import Task


def can(request: HttpRequest, permission: str) -> bool:
    return bool(request.user.can(permission))  # type: ignore[union-attr]


def annotate_tasks(tasks: Any) -> list[Task]:
    """Attach the derived flags the list templates show."""
    today = clock.today()
    rows = list(tasks)
    for task in rows:
        task.overdue = queries.is_overdue(task, today)  # type: ignore[attr-defined]
        task.due_soon = queries.is_due_soon(task, today)  # type: ignore[attr-defined]
    return rows
