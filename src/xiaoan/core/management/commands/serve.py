"""`xiaoan serve`: run xiaoan with gunicorn, serving its own static files."""

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from xiaoan.core.pii import require_key


class Command(BaseCommand):
    help = "用 gunicorn 启动 xiaoan（多进程，静态文件由应用自身提供）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("XIAOAN_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("XIAOAN_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1))),
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("XIAOAN_WEB_THREADS", "4"))
        )
        parser.add_argument("--timeout", type=int, default=120)
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        require_key()
        if not settings.DEBUG and not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "xiaoan.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
            # no `gunicornc` socket: it sits at one path per user, so a second
            # server (a demo next to a benchmark) would take over the first's
            "--no-control-socket",
        ]
        self.stdout.write(
            f"xiaoan 在 http://{options['bind']} 提供服务（{options['workers']} 个进程）"
        )
        self.stdout.flush()
        os.execv(argv[0], argv)
