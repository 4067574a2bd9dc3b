"""Reading a briefing (通报), minutes or document into proposed records.

Pure Python, no Django: `read_briefing(text)` returns a `Reading` whose
`as_dict()` is the documented JSON shape. Every proposal keeps the span of the
source text it came from. Text it cannot read gives an empty reading with a
message, never an exception.
"""

from __future__ import annotations

import datetime as dt

from .context import build_context
from .deadlines import extract_dated
from .documents import extract_documents
from .inspections import extract_inspections
from .instructions import extract_instructions
from .meetings import extract_meetings
from .records import Reading
from .statistics import extract_statistics

MAX_CHARS = 2_000_000

__all__ = ["MAX_CHARS", "Reading", "read_briefing"]


def read_briefing(text: str, base_date: dt.date | None = None) -> Reading:
    """Propose records from `text`. Dates without a year are taken from the
    document's date line, or from `base_date` when the text has none."""
    if not isinstance(text, str):
        raise TypeError("text must be str")
    if len(text) > MAX_CHARS:
        reading = Reading(title="", date=None)
        reading.messages.append(f"文本过长（{len(text)} 字），最多可识别 {MAX_CHARS} 字。")
        return reading
    text = text.replace("\x00", " ")
    ctx = build_context(text, base_date)
    title = ctx.text[ctx.title_line.start : ctx.title_line.end] if ctx.title_line else ""
    reading = Reading(title=title, date=ctx.document_date, title_span=ctx.title_line)
    reading.instructions = extract_instructions(ctx)
    reading.meetings = extract_meetings(ctx)
    reading.inspections = extract_inspections(ctx)
    reading.documents = extract_documents(ctx)
    reading.statistics = extract_statistics(ctx)
    reading.deadlines = extract_dated(ctx, "deadline")
    reading.starts = extract_dated(ctx, "start")
    if ctx.document_date is None:
        reading.messages.append(
            "未找到成文日期（如“2024年3月4日”单独一行），缺少年份的日期"
            + ("按今天所在年份理解。" if base_date else "无法确定，已略去。")
        )
    if reading.is_empty:
        reading.messages.append("未能从文本中识别出批示、会议、检查、统计、文件或期限。")
    return reading
