"""Text messages to reporters: a gateway interface, a development gateway that
only records each message in the database, and an HTTP gateway shaped like the
SMS platforms government clouds offer (JSON POST with an API key and a sign).

`Notifier` is what the services use: it sends after the transaction commits,
so a rolled-back decision never reaches the reporter, and a gateway failure is
recorded without undoing the decision.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.db import transaction

from xiaoan.core import clock

from .choices import SmsStatus
from .models import RewardReport, SmsMessage

log = logging.getLogger(__name__)


class SmsGateway(Protocol):
    name: str

    def send(self, phone: str, text: str) -> SmsStatus:
        """Send one message; return its status or raise on failure."""


class DatabaseSmsGateway:
    """Development: nothing leaves the machine; the message is only recorded."""

    name = "database"

    def send(self, phone: str, text: str) -> SmsStatus:
        return SmsStatus.RECORDED


class HttpSmsGateway:
    """POSTs {"phone", "sign", "content"} as JSON with `Authorization: Bearer KEY`
    to XIAOAN_SMS_URL; a non-2xx answer or a non-zero `code` in the answer fails."""

    name = "http"
    timeout = 10

    def __init__(self, url: str, api_key: str, sign: str) -> None:
        self.url, self.api_key, self.sign = url, api_key, sign

    def send(self, phone: str, text: str) -> SmsStatus:
        body = json.dumps(
            {"phone": phone, "sign": self.sign, "content": text}, ensure_ascii=False
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.api_key}",
            },
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            answer_text = response.read().decode("utf-8", "replace")
        try:
            answer = json.loads(answer_text) if answer_text else {}
        except ValueError:
            answer = {}
        if isinstance(answer, dict) and answer.get("code") not in (None, 0, "0", "OK"):
            raise RuntimeError(f"code={answer.get('code')} message={answer.get('message')}")
        return SmsStatus.SENT


def configured_gateway() -> SmsGateway:
    if settings.XIAOAN_SMS_GATEWAY == "http":
        return HttpSmsGateway(
            settings.XIAOAN_SMS_URL, settings.XIAOAN_SMS_API_KEY, settings.XIAOAN_SMS_SIGN
        )
    return DatabaseSmsGateway()


class Notifier:
    """Tells a reporter about their report by text message, if they left a number."""

    def __init__(self, gateway: SmsGateway | None = None) -> None:
        self.gateway = gateway

    def tell(self, report: RewardReport, text: str) -> None:
        if not report.phone:
            return
        phone, report_id, decided_at = report.phone, report.pk, clock.now()

        def send() -> None:
            gateway = self.gateway or configured_gateway()
            message = SmsMessage(
                report_id=report_id,
                phone=phone,
                text=text,
                gateway=gateway.name,
                created_at=decided_at,
            )
            try:
                message.status = gateway.send(phone, text)
            except (OSError, urllib.error.URLError, RuntimeError, ValueError) as exc:
                message.status = SmsStatus.FAILED
                message.error = f"{type(exc).__name__}: {exc}"[:2000]
                log.warning("text to reporter of report %s failed: %s", report_id, exc)
            message.save()

        transaction.on_commit(send)


notifier = Notifier()
