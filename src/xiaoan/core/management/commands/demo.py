"""`xiaoan demo`: migrate the embedded database, load the demo city, and run it
like production: the pages (`xiaoan serve`, debug off) and the background
work (`xiaoan worker`) as two child processes that start and stop together."""

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from xiaoan.core.processes import run_together

from .loaddemo import print_accounts

#: gunicorn processes of the demo (a laptop, a few users)
WEB_WORKERS = 2
LABELS = {"web": "网页服务", "worker": "后台任务"}


def xiaoan_argv(*args: str) -> list[str]:
    """The `xiaoan` command run by this same interpreter."""
    return [sys.executable, "-m", "xiaoan.cli", *args]


class Command(BaseCommand):
    help = (
        "迁移数据库、载入演示数据，并在 http://127.0.0.1:8000 启动 xiaoan"
        "（网页服务和后台任务进程一起启动、一起停止）。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        from xiaoan.demo.loader import load_demo

        load_demo(log=self.stdout.write)
        print_accounts(self.stdout.write)
        if options["no_serve"]:
            return
        env = {**os.environ, "XIAOAN_DEMO": os.environ.get("XIAOAN_DEMO") or "1"}
        self.stdout.write("按 Ctrl-C 停止演示（网页服务和后台任务进程一并停止）。")
        self.stdout.flush()
        status = run_together(
            {
                "web": xiaoan_argv(
                    "serve", "--bind", options["bind"], "--workers", str(WEB_WORKERS)
                ),
                "worker": xiaoan_argv("worker"),
            },
            env=env,
            on_start=self.started,
            on_exit=self.exited,
        )
        self.stdout.write("演示已停止。")
        if status:
            raise CommandError(f"演示异常退出（状态 {status}）。", returncode=status)

    def started(self, name: str, pid: int) -> None:
        label = LABELS.get(name, name)
        self.stdout.write(f"{label}进程已启动（PID {pid}）。")
        self.stdout.flush()

    def exited(self, name: str, code: int) -> None:
        label = LABELS.get(name, name)
        self.stdout.write(f"{label}进程已退出（状态 {code}），正在停止其余进程……")
        self.stdout.flush()
