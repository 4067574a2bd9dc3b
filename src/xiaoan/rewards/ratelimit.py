"""The public pages' rate limits: submissions per client per hour and per day,
and wrong ticket codes per client per hour, counted in the database so every
web process sees the same counts.

Counting and adding an attempt happen in one transaction under a lock of the
client's row (see RateLimitLock), so parallel requests cannot all pass a count
taken before any of them was added. A submission is counted only when it is
accepted: the attempt is added in the transaction that stores the report, and
an invalid submission rolls it back with everything else.

The client is the connecting address; `X-Forwarded-For` is believed only when
the connection comes from a configured trusted proxy (see core.clientaddr).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import transaction

from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError

from .models import RateLimitLock, SubmissionAttempt

T = TypeVar("T")


class RateLimitedError(XiaoanError):
    status = 429
    code = "rate_limited"


LOOKUP = "lookup:"


def lock_client(client: str) -> None:
    """Hold the client's lock until the surrounding transaction ends."""
    RateLimitLock.objects.bulk_create([RateLimitLock(client=client)], ignore_conflicts=True)
    RateLimitLock.objects.select_for_update().filter(client=client).first()


def attempts_since(client: str, since: dt.datetime) -> int:
    return SubmissionAttempt.objects.filter(client=client, at__gte=since).count()


def check_submission_limits(client: str, now: dt.datetime) -> None:
    per_hour = settings.XIAOAN_REPORT_LIMIT_PER_HOUR
    per_day = settings.XIAOAN_REPORT_LIMIT_PER_DAY
    if attempts_since(client, now - dt.timedelta(hours=1)) >= per_hour:
        raise RateLimitedError(
            f"提交过于频繁：同一网络每小时最多提交 {per_hour} 次举报，请稍后再试。"
            "如情况紧急，请直接拨打 119。"
        )
    if attempts_since(client, now - dt.timedelta(days=1)) >= per_day:
        raise RateLimitedError(
            f"提交过于频繁：同一网络每天最多提交 {per_day} 次举报，请明天再试。"
            "如情况紧急，请直接拨打 119。"
        )


@contextmanager
def submission_slot(client: str) -> Iterator[None]:
    """Refuse when the client is over either limit; otherwise count this
    submission, together with whatever the body stores. If the body raises
    (an invalid submission), nothing is counted."""
    client = client[:64]
    with transaction.atomic():
        lock_client(client)
        now = clock.now()
        check_submission_limits(client, now)
        SubmissionAttempt.objects.create(client=client, at=now)
        yield
    # old attempts are no longer needed for either window
    SubmissionAttempt.objects.filter(at__lt=clock.now() - dt.timedelta(days=2)).delete()


def guarded_lookup(client: str, find: Callable[[], T | None]) -> T | None:
    """Look a ticket code up with `find`, counting a miss against the client.

    A client that tried too many wrong codes this hour is refused before
    looking (codes cannot be guessed, but nobody should be able to keep
    trying), on every page that takes a code.
    """
    key = (LOOKUP + client)[:64]
    limit = settings.XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR
    with transaction.atomic():
        lock_client(key)
        now = clock.now()
        if attempts_since(key, now - dt.timedelta(hours=1)) >= limit:
            raise RateLimitedError(
                f"查询过于频繁：一小时内输错受理编号已达 {limit} 次，请核对编号后一小时再试。"
            )
        found = find()
        if found is None:
            SubmissionAttempt.objects.create(client=key, at=now)
    return found
