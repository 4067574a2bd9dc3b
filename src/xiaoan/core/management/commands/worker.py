"""`xiaoan worker`: run background tasks and the periodic checks."""

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from xiaoan.core import periodic
from xiaoan.core.pii import require_key

log = logging.getLogger("xiaoan.worker")


class Command(BaseCommand):
    help = "运行后台任务（导入、生成报告、推送），并定期执行提醒等检查。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--tick", type=float, default=30.0, help="定期检查的间隔（秒）")
        parser.add_argument(
            "--once", action="store_true", help="执行一次定期检查和所有待办任务后退出"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_key()
        if options["once"]:
            periodic.run_due(force=True)
            self.run_tasks(batch=True)
            return
        stop = threading.Event()
        if settings.TASKS["default"]["BACKEND"].startswith("django_tasks.backends.immediate"):
            # tasks run inline in the web processes: only the periodic checks are left
            self.tick(options["tick"], stop)
            return
        ticker = threading.Thread(target=self.tick, args=(options["tick"], stop), daemon=True)
        ticker.start()
        try:
            self.run_tasks(batch=False)
        finally:
            stop.set()

    def run_tasks(self, *, batch: bool) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_db"):
            call_command("db_worker", batch=batch, reload=False, startup_delay=False)
        elif backend.startswith("django_tasks_rq"):
            call_command("rqworker", "default", burst=batch, job_class="django_tasks_rq.Job")
        # the immediate backend runs tasks inline: nothing to work

    def tick(self, every: float, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                periodic.run_due()
            except Exception:  # a failed check must not stop the worker
                log.exception("periodic check failed")
            finally:
                close_old_connections()
            stop.wait(every)
