from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from xiaoan.core.security import create_token


class Command(BaseCommand):
    help = "为用户生成一个新的个人 API 令牌并打印（只显示这一次）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行生成")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model()._default_manager.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在。")
        if not user.is_active:
            raise CommandError(f"用户“{options['username']}”已停用。")
        self.stdout.write(create_token(user, name=options["name"]))
