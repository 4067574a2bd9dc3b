import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaoan.core.backup import read_backup
from xiaoan.core.errors import XiaoanError


class Command(BaseCommand):
    help = (
        "从备份文件恢复数据库和上传的文件（会清空当前数据库）；加密的备份（.enc）"
        "用环境变量 XIAOAN_BACKUP_KEY 中的口令解密。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="不询问，直接覆盖当前数据")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            try:
                answer = input("恢复将清空当前数据库中的全部数据，继续吗？输入 yes 确认：")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("已取消：未确认。非交互运行时请加 --yes。")
        try:
            read_backup(
                Path(options["file"]),
                log=self.stdout.write,
                passphrase=os.environ.get("XIAOAN_BACKUP_KEY", ""),
            )
        except XiaoanError as exc:
            raise CommandError(exc.message) from exc
