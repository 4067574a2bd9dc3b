"""Deadlines and start dates, each with the clause it governs."""

from __future__ import annotations

import bisect
import re

from .context import Context
from .records import Dated
from .text import Span, clauses

_NUMBERING = re.compile(
    r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是])"
)
_EMPTY = re.compile(r"^[\s，,。；;：:、]*$")


def _clause_text(ctx: Context, pieces: list[Span], mention: Span) -> Span:
    at = bisect.bisect_right(pieces, mention.start, key=lambda p: p.start) - 1
    clause = (
        pieces[at] if at >= 0 and pieces[at].start <= mention.start < pieces[at].end else mention
    )
    rest = ctx.text[clause.start : mention.start] + ctx.text[mention.end : clause.end]
    if _EMPTY.match(rest) and not ctx.text[mention.start : mention.end].endswith(
        ("结束", "完成")
    ):  # "以2024年底为期限，稳步推进…": the next clause says what
        after = bisect.bisect_left(pieces, clause.end, key=lambda p: p.start)
        if after < len(pieces):
            clause = Span(clause.start, pieces[after].end)
    content = ctx.text[clause.start : clause.end]
    numbering = _NUMBERING.match(content)
    start = clause.start + (numbering.end() if numbering else 0)
    return Span(start, clause.end)


def extract_dated(ctx: Context, role: str) -> list[Dated]:
    found: list[Dated] = []
    pieces = clauses(ctx.text, 0, None, ctx.titles)
    for mention in ctx.dates:
        if mention.role != role:
            continue
        span = _clause_text(ctx, pieces, mention.span)
        found.append(Dated(span, ctx.text[span.start : span.end].strip(), mention.date))
    return found
