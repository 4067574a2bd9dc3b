"""`xiaoan read-briefing FILE [--json]`: print what the reader proposes for a
briefing (.txt or .docx). Creates nothing; confirming is done on the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.reader.parsing import read_briefing
from xiaoan.reader.sources import text_from_file

KIND_LABELS = {"instruction": "批示", "follow_up": "跟批", "read": "圈阅"}
BASIS_LABELS = {"yoy": "同比", "mom": "环比"}


class Command(BaseCommand):
    help = "识别通报、会议纪要或文件（.txt / .docx），列出建议登记的记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="通报文件（纯文本或 .docx）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件“{path}”：{exc.strerror}") from exc
        try:
            text = text_from_file(data, path.name)
        except XiaoanError as exc:
            raise CommandError(exc.message) from exc
        reading = read_briefing(text, base_date=clock.today()).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(reading, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\n".join(describe(reading)))


def describe(r: dict[str, Any]) -> list[str]:
    doc = r["document"]
    out = [f"《{doc['title'] or '（无标题）'}》 {doc['date'] or '（未找到成文日期）'}"]
    out += [f"提示：{m}" for m in r["messages"]]
    if r["instructions"]:
        out.append(f"\n领导批示（{len(r['instructions'])}）")
        for i, x in enumerate(r["instructions"], 1):
            follows = f"，跟第{x['follows'] + 1}条" if x["follows"] is not None else ""
            source = f"，载体：{x['source']}" if x["source"] else ""
            out.append(
                f"  {i}. {x['date']} {x['leader']}{x['leader_title'] or ''} "
                f"{KIND_LABELS[x['kind']]}{follows}{source}"
            )
            if x["text"]:
                out.append(f"     “{x['text']}”")
    if r["meetings"]:
        out.append(f"\n会议（{len(r['meetings'])}）")
        for i, m in enumerate(r["meetings"], 1):
            out.append(f"  {i}. {m['date']} {m['title']}")
            for n, item in enumerate(m["items"], 1):
                deadline = f"（期限 {item['deadline']}）" if item["deadline"] else ""
                targets = "".join(
                    f" [目标 {t['object']} {t['quantity']}{t['unit']}]" for t in item["targets"]
                )
                out.append(f"     {n}) {item['text']}{deadline}{targets}")
    if r["inspections"]:
        out.append(f"\n督导检查（{len(r['inspections'])}）")
        for i, x in enumerate(r["inspections"], 1):
            parts = [
                "、".join(x["dates"]),
                f"{x['leader'] or ''}{x.get('leader_title') or ''}带队" if x["leader"] else "",
            ]
            parts += [
                x["method"] or "",
                f"发现隐患 {x['hazards_found']} 处" if x["hazards_found"] is not None else "",
            ]
            parts += ["、".join(x["enforcement"])]
            out.append(f"  {i}. " + " ".join(p for p in parts if p))
    if r["statistics"]:
        out.append(f"\n统计数据（{len(r['statistics'])}）")
        for i, s in enumerate(r["statistics"], 1):
            change = ""
            if s["change_pct"] is not None:
                change = f"，{BASIS_LABELS.get(s['basis'] or '', '')}{s['change_pct']:+g}%"
            as_of = f"，截至 {s['as_of']}" if s["as_of"] else ""
            out.append(f"  {i}. {s['text']} {s['count']}{s['unit']}{as_of}{change}")
    if r["documents"]:
        out.append(f"\n文件（{len(r['documents'])}）")
        for i, d in enumerate(r["documents"], 1):
            issuer = f"{d['issuer']} " if d["issuer"] else ""
            deadline = f"（期限 {d['deadline']}）" if d["deadline"] else ""
            out.append(f"  {i}. {issuer}《{d['title']}》{deadline}")
    if r["deadlines"]:
        out.append(f"\n期限（{len(r['deadlines'])}）")
        for i, d in enumerate(r["deadlines"], 1):
            out.append(f"  {i}. {d['date']} {d['text']}")
    return out
