"""The inbox, and the webhook channel with retries (against a real local HTTP server)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction

from xiaoan.core import clock
from xiaoan.core.models import Notification, WebhookDelivery
from xiaoan.core.notifications import deliver_due, notify

pytestmark = pytest.mark.django_db


class Robot:
    """A local stand-in for a messaging robot: records what it receives and
    answers with the status it is told to."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.status = 200
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                robot.received.append(json.loads(body))
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/robot"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot(settings):
    r = Robot()
    settings.XIAOAN_WEBHOOK_URL = r.url
    # run the delivery task inline, as a worker would right away
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield r
    r.close()


def test_notification_reaches_inbox_after_commit(
    django_capture_on_commit_callbacks, user, client_as
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([user("xinglongtai")], title="新任务：排查惠宾社区", body="3月8日前完成", link="/")
    assert Notification.objects.filter(recipient__username="xinglongtai").count() == 1
    page = client_as("xinglongtai").get("/inbox/").content.decode()
    assert "新任务：排查惠宾社区" in page and "3月8日前完成" in page


def test_nothing_is_sent_when_the_change_rolls_back(django_capture_on_commit_callbacks, user):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify([user("dawa")], title="不会发出")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not Notification.objects.filter(title="不会发出").exists()


def test_inbox_api_lists_and_marks_read(django_capture_on_commit_callbacks, user, api_as):
    with django_capture_on_commit_callbacks(execute=True):
        notify([user("panshan")], title="甲")
        notify([user("panshan")], title="乙")
        notify([user("dawa")], title="别人的")
    api = api_as("panshan")
    listing = api.get("/api/notifications").json()
    assert listing["count"] == 2 and {n["title"] for n in listing["items"]} == {"甲", "乙"}
    first = listing["items"][0]["id"]
    assert api.post(f"/api/notifications/{first}/read").json()["is_read"] is True
    assert api.get("/api/notifications", unread="true").json()["count"] == 1
    others = Notification.objects.get(title="别人的").pk
    assert api.get(f"/api/notifications/{others}").status_code == 404
    assert api.post("/api/notifications/read-all").json() == {"count": 1}


def test_webhook_posts_robot_markdown(django_capture_on_commit_callbacks, user, robot, settings):
    settings.XIAOAN_BASE_URL = "https://xiaoan.example"
    with django_capture_on_commit_callbacks(execute=True):
        notify([user("office")], title="隐患逾期", body="惠宾社区 3 处", link="/x")
    assert robot.received == [
        {
            "msgtype": "markdown",
            "markdown": {
                "content": "### 隐患逾期\n惠宾社区 3 处\n[查看详情](https://xiaoan.example/x)"
            },
        }
    ]
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SENT


def test_dingtalk_flavour(django_capture_on_commit_callbacks, user, robot, settings):
    settings.XIAOAN_WEBHOOK_FLAVOUR = "dingtalk"
    with django_capture_on_commit_callbacks(execute=True):
        notify([user("office")], title="督办", body="请报告进展")
    assert robot.received[0]["markdown"] == {"title": "督办", "text": "### 督办\n请报告进展"}


def test_a_claimed_delivery_is_not_sent_twice(django_capture_on_commit_callbacks, user, settings):
    """Two workers racing for the same due delivery: only the first claim wins."""
    from xiaoan.core.notifications import claim

    delivery = WebhookDelivery.objects.create(url="http://127.0.0.1:9/robot", payload={})
    assert claim(delivery.pk) is not None
    assert claim(delivery.pk) is None


def test_webhook_failures_are_retried_then_kept_as_failed(
    django_capture_on_commit_callbacks, user, robot, settings
):
    settings.XIAOAN_WEBHOOK_MAX_ATTEMPTS = 3
    robot.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        notify([user("office")], title="推送失败测试")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1 and "500" in delivery.last_error
    assert delivery.next_attempt_at > clock.now()

    # not due yet: nothing is retried
    assert deliver_due() == 0 and len(robot.received) == 1
    WebhookDelivery.objects.update(next_attempt_at=clock.now())
    deliver_due()
    WebhookDelivery.objects.update(next_attempt_at=clock.now())
    deliver_due()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempts == 3
    assert len(robot.received) == 3


def test_webhook_recovers_on_retry(django_capture_on_commit_callbacks, user, robot):
    robot.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        notify([user("office")], title="稍后成功")
    robot.status = 200
    WebhookDelivery.objects.update(next_attempt_at=clock.now())
    assert deliver_due() == 1
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SENT


def test_unreachable_webhook_is_recorded(django_capture_on_commit_callbacks, user, robot, settings):
    robot.close()
    with django_capture_on_commit_callbacks(execute=True):
        notify([user("office")], title="无法连接")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.last_error
