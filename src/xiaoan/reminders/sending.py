"""Sends what the reminder sources say is due, each reminder once.

Run by `xiaoan worker` every few minutes. A reminder is claimed by inserting
its ReminderSent row (unique on kind, record and threshold) in the same
transaction that queues the notification: a second worker, or a restarted
one, finds the row and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction

from xiaoan.core import clock
from xiaoan.core.notifications import notify

from .models import ReminderPreference, ReminderSent
from .registry import Reminder, sources

log = logging.getLogger(__name__)


def opted_out() -> dict[str, set[int]]:
    """user ids per reminder kind that the users switched off"""
    out: dict[str, set[int]] = defaultdict(set)
    for pref in ReminderPreference.objects.all():
        for kind in ("tasks", "hazards", "complaints", "digest"):
            if not pref.wants(kind):
                out[kind].add(pref.user_id)
    return out


def already_sent(reminders: list[Reminder]) -> set[tuple[str, str, str]]:
    keys = {r.key for r in reminders}
    kinds = {r.kind for r in reminders}
    sent: set[tuple[str, str, str]] = set()
    key_list = sorted(keys)
    for i in range(0, len(key_list), 500):
        sent.update(
            ReminderSent.objects.filter(kind__in=kinds, key__in=key_list[i : i + 500]).values_list(
                "kind", "key", "threshold"
            )
        )
    return sent


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send every due reminder not yet sent; returns how many went out."""
    day = today or clock.today()
    excluded = opted_out()
    count = 0
    for name, source in sources().items():
        reminders = list(source(day))
        done = already_sent(reminders)
        for reminder in reminders:
            if (reminder.kind, reminder.key, reminder.threshold) in done:
                continue
            recipients = [u for u in reminder.recipients if u.pk not in excluded[reminder.kind]]
            if send_once(reminder, recipients):
                count += 1
        log.debug("reminders from %s: %d due", name, len(reminders))
    return count


def send_once(reminder: Reminder, recipients: list) -> bool:  # type: ignore[type-arg]
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=reminder.kind,
                key=reminder.key,
                threshold=reminder.threshold,
                recipients=len(recipients),
            )
            if recipients:
                notify(
                    recipients,
                    title=reminder.title,
                    body=reminder.body,
                    link=reminder.link,
                    kind=f"reminder_{reminder.kind}",
                )
    except IntegrityError:
        return False  # another worker sent it
    return True
