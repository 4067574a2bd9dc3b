"""Background tasks of core, run by `xiaoan worker` through django-tasks."""

from __future__ import annotations

from django_tasks import task

from xiaoan.core.notifications import attempt_delivery, deliver_due


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """First attempt of one delivery; later retries are picked up by `deliver_due`."""
    return attempt_delivery(delivery_id)


@task()
def deliver_due_webhooks() -> int:
    return deliver_due()
