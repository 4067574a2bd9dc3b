"""A spy on the security log: which events the code under test recorded."""

from __future__ import annotations

from typing import Any

import pytest

#: modules that imported `record_security_event` by name
MODULES = (
    "xiaoan.core.lockout",
    "xiaoan.core.tokens",
    "xiaoan.core.passwords",
    "xiaoan.core.securitylog",
    "xiaoan.areas.services",
)


class SecurityEvents(list[dict[str, Any]]):
    def kinds(self) -> list[str]:
        return [event["kind"] for event in self]


@pytest.fixture
def spy_on_security_log(monkeypatch: pytest.MonkeyPatch) -> SecurityEvents:
    events = SecurityEvents()

    def record(kind: str, **kwargs: Any) -> None:
        events.append({"kind": str(kind), **kwargs})

    for module in MODULES:
        monkeypatch.setattr(f"{module}.record_security_event", record)
    return events
