"""Periodic checks run by `xiaoan worker` (reminders, clocks, retries).

Each check must be idempotent: two workers, or a restart, may run it twice,
and it must not send anything twice (claim rows under a lock, record what was
sent). Apps register checks in their AppConfig.ready().
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Check:
    name: str
    run: Callable[[], object]
    every_seconds: float
    last_run: float = field(default=0.0)


_checks: dict[str, Check] = {}


def register(
    name: str, every_seconds: float
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def decorator(fn: Callable[[], object]) -> Callable[[], object]:
        _checks[name] = Check(name, fn, every_seconds)
        return fn

    return decorator


def run_due(*, force: bool = False) -> list[str]:
    """Run every check whose interval has passed; returns the names run."""
    ran = []
    now = time.monotonic()
    for check in _checks.values():
        if force or now - check.last_run >= check.every_seconds:
            check.last_run = now
            check.run()
            ran.append(check.name)
    return ran
