"""Notifications: an in-app inbox per user and a webhook channel.

`notify()` is what services call. It writes inbox rows and queues one webhook
delivery, and only after the surrounding transaction commits, so a rolled-back
change never announces itself. Webhook deliveries are sent by a background
task through a `WebhookTransport`; failures are recorded and retried with
backoff, and a delivery that exhausts its attempts stays visible as failed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

from xiaoan.core import clock
from xiaoan.core.models import Notification, WebhookDelivery

log = logging.getLogger(__name__)


class WebhookTransport(Protocol):
    def post(self, url: str, payload: dict[str, Any]) -> None:
        """Send the payload; raise on any failure."""


class HttpWebhookTransport:
    """POSTs JSON over HTTP(S); a non-2xx answer, or a robot's non-zero errcode, fails."""

    timeout = 10

    def post(self, url: str, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            text = response.read().decode("utf-8", "replace")
        try:
            answer = json.loads(text) if text else {}
        except ValueError:
            answer = {}
        if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):
            raise RuntimeError(f"errcode={answer.get('errcode')} errmsg={answer.get('errmsg')}")


transport: WebhookTransport = HttpWebhookTransport()


def absolute(link: str) -> str:
    """Links in messages leave xiaoan, so they need the public address."""
    base = getattr(settings, "XIAOAN_BASE_URL", "")
    return f"{base}{link}" if link.startswith("/") and base else link


def robot_payload(title: str, body: str, link: str = "") -> dict[str, Any]:
    """The markdown message shape that enterprise messaging robots accept:
    WeCom (企业微信) reads markdown.content, DingTalk (钉钉) markdown.title and .text."""
    content = f"### {title}\n{body}"
    if link:
        content += f"\n[查看详情]({absolute(link)})"
    if getattr(settings, "XIAOAN_WEBHOOK_FLAVOUR", "wecom") == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": content}}
    return {"msgtype": "markdown", "markdown": {"content": content}}


def notify(
    recipients: Iterable[Any],
    *,
    title: str,
    body: str = "",
    link: str = "",
    kind: str = "general",
    webhook: bool = True,
) -> None:
    """Send a notification to users' inboxes and the webhook, after commit."""
    recipient_ids = sorted({user.pk for user in recipients if user is not None})

    def send() -> None:
        now = clock.now()
        Notification.objects.bulk_create(
            Notification(
                recipient_id=pk, kind=kind, title=title, body=body, link=link, created_at=now
            )
            for pk in recipient_ids
        )
        url = settings.XIAOAN_WEBHOOK_URL
        if webhook and url:
            delivery = WebhookDelivery.objects.create(
                url=url, payload=robot_payload(title, body, link)
            )
            from xiaoan.core.tasks import deliver_webhook

            deliver_webhook.enqueue(delivery.pk)

    transaction.on_commit(send)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes, at most an hour."""
    return dt.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


#: how long a worker may hold a claimed delivery before another may try it
CLAIM_LEASE = dt.timedelta(minutes=2)


def claim(delivery_id: int) -> WebhookDelivery | None:
    """Claim a due delivery for this worker with one conditional UPDATE, so two
    workers never send it twice and no transaction stays open during the POST."""
    now = clock.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM_LEASE)
    return WebhookDelivery.objects.filter(pk=delivery_id).first() if claimed else None


def attempt_delivery(delivery_id: int) -> bool:
    """Send one due delivery now, if this worker can claim it; record the outcome.
    True when it was sent."""
    delivery = claim(delivery_id)
    if delivery is None:
        return False
    delivery.attempts += 1
    try:
        transport.post(delivery.url, delivery.payload)
    except (OSError, urllib.error.URLError, RuntimeError, ValueError) as exc:
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= settings.XIAOAN_WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            log.error(
                "webhook delivery %s failed for good after %s attempts: %s",
                delivery.pk,
                delivery.attempts,
                delivery.last_error,
            )
        else:
            delivery.next_attempt_at = clock.now() + backoff(delivery.attempts)
            log.warning(
                "webhook delivery %s attempt %s failed, retrying at %s: %s",
                delivery.pk,
                delivery.attempts,
                delivery.next_attempt_at,
                delivery.last_error,
            )
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    delivery.status = WebhookDelivery.Status.SENT
    delivery.sent_at = clock.now()
    delivery.last_error = ""
    delivery.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return True


def deliver_due(limit: int = 100) -> int:
    """Send every pending delivery whose time has come; returns how many were sent.

    Run periodically by the worker, so retries happen even if a queued task
    was lost.
    """
    due_ids = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=clock.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due_ids if attempt_delivery(pk))


def mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=clock.now()
    )
