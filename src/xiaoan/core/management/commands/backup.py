import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaoan.core.backup import write_backup
from xiaoan.core.errors import XiaoanError


class Command(BaseCommand):
    help = (
        "把数据库和上传的文件备份为一个文件（仅所有者可读）：文件名 .tar.gz/.tgz 或 .zip 决定格式；"
        "加 --encrypt 时用环境变量 XIAOAN_BACKUP_KEY 中的口令加密，文件名须以 .enc 结尾。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--encrypt", action="store_true", help="用 XIAOAN_BACKUP_KEY 中的口令加密备份"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            counts = write_backup(
                path,
                log=self.stdout.write,
                encrypt=options["encrypt"],
                passphrase=os.environ.get("XIAOAN_BACKUP_KEY", ""),
            )
        except XiaoanError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已备份 {counts['records']} 条记录、{counts['files']} 个文件到 {path}")
