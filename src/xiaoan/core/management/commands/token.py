from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from xiaoan.core.errors import XiaoanError
from xiaoan.core.tokens import issue_token, revoke_all_tokens


class Command(BaseCommand):
    help = (
        "为用户签发一个新的个人 API 令牌并打印（只显示这一次）；"
        "加 --revoke-all 则吊销该用户的全部令牌。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行生成", help="令牌名称（用途）")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"有效期天数（默认 {settings.XIAOAN_TOKEN_DAYS}）",
        )
        parser.add_argument("--revoke-all", action="store_true", help="吊销该用户的全部令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model()._default_manager.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在。")
        if options["revoke_all"]:
            count = revoke_all_tokens(user, acting_user=None, reason="管理员在命令行吊销")
            self.stdout.write(f"已吊销 {user.username} 的 {count} 个令牌。")
            return
        if not user.is_active:
            raise CommandError(f"用户“{options['username']}”已停用。")
        try:
            token, raw = issue_token(
                user, acting_user=None, name=options["name"], days=options["days"]
            )
        except XiaoanError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
        self.stderr.write(f"有效期至 {token.expires_at:%Y-%m-%d %H:%M} (UTC)。")
