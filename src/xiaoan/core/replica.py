"""Reads that may lag a little behind: the dashboard and the Excel exports.

With `XIAOAN_REPLICA_URL` set (a PostgreSQL streaming read replica), the
queries made inside `replica_reads()` — building the dashboard, writing an
export's rows — go to the replica, so the heavy reads leave the primary to the
offices' edits. Everything else, and everything when no replica is configured,
uses the primary. Writes never go to the replica, and migrations only run on
the primary (the replica follows it by streaming).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.conf import settings

REPLICA = "replica"

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "xiaoan_replica_reads", default=False
)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads go to the replica when one is configured."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reads_from_replica(function: F) -> F:
    """Decorate a read-only function whose queries may be served by the replica."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    """Django database router: the replica for reads inside `replica_reads()`,
    the primary ("default") for everything else."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # both aliases hold the same data
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
