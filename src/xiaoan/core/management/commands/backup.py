from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from xiaoan.core.backup import write_backup


class Command(BaseCommand):
    help = "把数据库和上传的文件备份为一个 .tar.gz 文件。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = write_backup(path, log=self.stdout.write)
        self.stdout.write(f"已备份 {counts['records']} 条记录、{counts['files']} 个文件到 {path}")
