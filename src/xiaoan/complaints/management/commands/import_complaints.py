"""`xiaoan import-complaints FILE [--json] [--user NAME]`: import a 12345 export."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaoan.areas.models import User
from xiaoan.complaints.importers import import_complaints
from xiaoan.core.errors import XiaoanError


class Command(BaseCommand):
    help = "导入 12345 平台导出的工单文件（.xlsx 或 UTF-8/GBK 编码的 .csv），按工单编号新增或更新。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument(
            "--user",
            default="office",
            help="以哪个用户的名义导入（需“导入、分派 12345 工单”权限；默认 office）",
        )
        parser.add_argument("--rejected", type=Path, help="把未导入的行写入此 .xlsx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.select_related("area").filter(username=options["user"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"用户“{options['user']}”不存在或已停用。")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc.strerror}") from exc
        try:
            result = import_complaints(data, acting_user=user)
        except XiaoanError as exc:
            raise CommandError(exc.message) from exc
        if options["rejected"] and result.rejected_workbook:
            options["rejected"].write_bytes(result.rejected_workbook)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"共 {result.rows} 行：新增 {result.imported}，更新 {result.updated}，"
            f"未导入 {result.rejected}。"
        )
        for error in result.errors:
            self.stdout.write(f"第 {error.row} 行 {error.column}：{error.reason}")
