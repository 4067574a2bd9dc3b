"""`xiaoan briefing --month 2024-03 [--area CODE] [--from D --to D] --out F.docx [--pdf F.pdf]`."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaoan.areas.models import Area
from xiaoan.briefings import builder, pdf
from xiaoan.briefings.render import to_docx
from xiaoan.core.errors import XiaoanError


def day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期“{value}”格式不对，应为 2024-03-04。") from exc


class Command(BaseCommand):
    help = "从数据生成月度通报（Word，及安装了 LibreOffice 时的 PDF）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", required=True, help="通报月份，如 2024-03")
        parser.add_argument("--area", help="区域代码（默认：全市，即最上级区域）")
        parser.add_argument("--from", dest="start", help="起始日期（默认：上月1日或上期通报次日）")
        parser.add_argument("--to", dest="end", help="截止日期，即成文日期")
        parser.add_argument("--out", required=True, type=Path, help="输出的 .docx 文件")
        parser.add_argument("--pdf", type=Path, help="同时输出 PDF（需安装 LibreOffice）")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["area"]
        area = (
            Area.objects.filter(code=code).first()
            if code
            else Area.objects.filter(parent__isnull=True).order_by("path").first()
        )
        if area is None:
            raise CommandError(f"区域代码“{code}”不存在。" if code else "还没有任何区域。")
        start = day(options["start"]) if options["start"] else None
        end = day(options["end"]) if options["end"] else None
        began = time.perf_counter()
        try:
            period = builder.monthly_period(area, options["month"], start, end)
            content = builder.build_monthly(
                area, period, progress=lambda done, total: self.stderr.write(f"{done}/{total}")
            )
        except XiaoanError as exc:
            raise CommandError(exc.message) from exc
        docx = to_docx(content)
        options["out"].write_bytes(docx)
        self.stdout.write(
            f"{content.title}（{area.name}，{period.start}—{period.end}）："
            f"{options['out']}，用时 {time.perf_counter() - began:.2f} 秒"
        )
        if options["pdf"]:
            try:
                options["pdf"].write_bytes(pdf.to_pdf(docx))
            except pdf.PdfUnavailableError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"PDF：{options['pdf']}")
