"""`xiaoan demo`: migrate the embedded database, load the demo city, serve it."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from .loaddemo import print_accounts


class Command(BaseCommand):
    help = "迁移数据库、载入演示数据，并在 http://127.0.0.1:8000 启动 xiaoan。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        from xiaoan.demo.loader import load_demo

        load_demo(log=self.stdout.write)
        print_accounts(self.stdout.write)
        if not options["no_serve"]:
            call_command("serve", bind=options["bind"], workers=2)
