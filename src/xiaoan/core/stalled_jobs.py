"""Background jobs whose worker died are queued again, then failed in Chinese.

A 12345 import or a briefing build runs inside `running(...)`: it is marked
running, and a small thread of the worker touches its `heartbeat_at` every
quarter of the stall window for as long as the worker lives, however slow the
work itself is. If the process running it is killed (a SIGKILL, a machine
lost), nothing would ever end the job: it would show "导入中" for ever. The periodic check here finds running jobs whose
heartbeat is older than XIAOAN_JOB_STALL_SECONDS and, claiming each with one
conditional UPDATE (so of several workers only one acts), queues it again while
it has attempts left, or ends it as failed with a message saying what to do.
The jobs' work is idempotent per batch (an import upserts by order number), so
a second attempt completes what the first began.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, connections, models, transaction
from django.utils import timezone

from xiaoan.core import clock

log = logging.getLogger("xiaoan.jobs")

#: a job is run at most this many times before it is failed
MAX_ATTEMPTS = 2


def stall_after() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "XIAOAN_JOB_STALL_SECONDS", 600)))


def check_every() -> float:
    """How often the workers look: every minute, or twice per stall window if shorter."""
    return max(1.0, min(60.0, stall_after().total_seconds() / 2))


@dataclass(frozen=True)
class WatchedJobs:
    """One kind of background job: its model, status values and how to queue it again."""

    model: type[models.Model]
    running: str
    pending: str
    failed: str
    requeue: Callable[[int], Any]
    #: the failed job's message, given the number of attempts made
    failed_message: Callable[[int], str]
    requeued_message: str = "后台进程中断，已自动重新排队。"
    #: the column holding when the job ended, if the model has one
    finished_at_field: str | None = "finished_at"


_watched: list[WatchedJobs] = []


def watch(jobs: WatchedJobs) -> None:
    """Register a kind of job (apps call this in their AppConfig.ready())."""
    if all(w.model is not jobs.model for w in _watched):
        _watched.append(jobs)


def started(model: type[models.Model], pk: int, running: str) -> None:
    """Mark a job running: one more attempt, its heartbeat now."""
    model._default_manager.filter(pk=pk).update(
        status=running, heartbeat_at=timezone.now(), attempts=models.F("attempts") + 1
    )


def beat(model: type[models.Model], pk: int, **progress: Any) -> None:
    """Save a running job's progress with a fresh heartbeat."""
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now(), **progress)


@contextlib.contextmanager
def running(model: type[models.Model], pk: int, status: str) -> Iterator[None]:
    """Run a job's work marked running, its heartbeat kept fresh by a thread of
    this process until the work ends (or the process dies)."""
    started(model, pk, status)
    if connection.in_atomic_block:
        # run inline inside a transaction (the immediate backend, the tests):
        # another connection would not see the job, and nothing can die apart from it
        yield
        return
    stop = threading.Event()

    def keep_alive() -> None:
        try:
            while not stop.wait(stall_after().total_seconds() / 4):
                model._default_manager.filter(pk=pk, status=status).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=keep_alive, name=f"heartbeat-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def reclaim_stalled() -> list[tuple[str, int, str]]:
    """Queue again or fail every stalled job; returns (model, id, what was done)."""
    done = []
    # heartbeats are real time, not the demo's pinned day: they only measure silence
    cutoff = timezone.now() - stall_after()
    for jobs in _watched:
        manager = jobs.model._default_manager
        stalled = list(
            manager.filter(status=jobs.running, heartbeat_at__lt=cutoff).values_list(
                "pk", "attempts"
            )
        )
        for pk, attempts in stalled:
            claim = manager.filter(pk=pk, status=jobs.running, heartbeat_at__lt=cutoff)
            if attempts < MAX_ATTEMPTS:
                with transaction.atomic():
                    if not claim.update(status=jobs.pending, message=jobs.requeued_message):
                        continue  # another worker took it, or it finished meanwhile
                    transaction.on_commit(functools.partial(jobs.requeue, pk))
                action = "requeued"
            else:
                end = {jobs.finished_at_field: clock.now()} if jobs.finished_at_field else {}
                ended = claim.update(
                    status=jobs.failed, message=jobs.failed_message(attempts), **end
                )
                if not ended:
                    continue
                action = "failed"
            log.warning("stalled %s %s %s", jobs.model._meta.label, pk, action)
            done.append((jobs.model._meta.label, pk, action))
    return done
