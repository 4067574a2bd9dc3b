"""Background tasks of core, run by `xiaoan worker` through django-tasks."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from xiaoan.core.models import WebhookDelivery
from xiaoan.core.notifications import attempt_delivery, deliver_due


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """First attempt of one delivery; later retries are picked up by `deliver_due`."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return False
        return attempt_delivery(delivery)


@task()
def deliver_due_webhooks() -> int:
    return deliver_due()
