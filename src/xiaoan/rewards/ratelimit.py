"""The public form's rate limit: submissions per client per hour and per day,
counted in the database so every web process sees the same counts.

The client is the connecting address, as `core.clientaddr` decides it (behind
trusted proxies only, X-Forwarded-For).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from xiaoan.core import clock
from xiaoan.core.clientaddr import client_address as client_address  # re-exported
from xiaoan.core.errors import XiaoanError

from .models import SubmissionAttempt


class RateLimitedError(XiaoanError):
    status = 429
    code = "rate_limited"


LOOKUP = "lookup:"


def check_lookups(client: str) -> None:
    """Refuse status lookups from a client that tried too many wrong codes this hour
    (codes cannot be guessed, but nobody should be able to keep trying)."""
    limit = settings.XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR
    since = clock.now() - dt.timedelta(hours=1)
    if SubmissionAttempt.objects.filter(client=LOOKUP + client, at__gte=since).count() >= limit:
        raise RateLimitedError(
            f"查询过于频繁：一小时内输错受理编号已达 {limit} 次，请核对编号后一小时再试。"
        )


def count_failed_lookup(client: str) -> None:
    SubmissionAttempt.objects.create(client=(LOOKUP + client)[:64], at=clock.now())


def check_and_count(client: str) -> None:
    """Refuse when the client is over either limit; otherwise count this attempt."""
    now = clock.now()
    attempts = SubmissionAttempt.objects.filter(client=client)
    per_hour = settings.XIAOAN_REPORT_LIMIT_PER_HOUR
    per_day = settings.XIAOAN_REPORT_LIMIT_PER_DAY
    if attempts.filter(at__gte=now - dt.timedelta(hours=1)).count() >= per_hour:
        raise RateLimitedError(
            f"提交过于频繁：同一网络每小时最多提交 {per_hour} 次举报，请稍后再试。"
            "如情况紧急，请直接拨打 119。"
        )
    if attempts.filter(at__gte=now - dt.timedelta(days=1)).count() >= per_day:
        raise RateLimitedError(
            f"提交过于频繁：同一网络每天最多提交 {per_day} 次举报，请明天再试。"
            "如情况紧急，请直接拨打 119。"
        )
    SubmissionAttempt.objects.create(client=client, at=now)
    # old attempts are no longer needed for either window
    SubmissionAttempt.objects.filter(at__lt=now - dt.timedelta(days=2)).delete()
