"""The security log as the code under test wrote it: the kinds of the events
recorded since the fixture was set up, in order."""

from __future__ import annotations

import pytest

from xiaoan.core.models import SecurityEvent


class SecurityEvents:
    def __init__(self) -> None:
        self.after = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def kinds(self) -> list[str]:
        return list(
            SecurityEvent.objects.filter(pk__gt=self.after)
            .order_by("pk")
            .values_list("kind", flat=True)
        )


@pytest.fixture
def spy_on_security_log(db: None) -> SecurityEvents:
    return SecurityEvents()
