"""Documents named in 《》: title, issuer and the deadline that follows them."""

from __future__ import annotations

import re

from .context import Context
from .records import Document
from .rules import ISSUE_VERBS, ORG_ENDINGS
from .text import Span, clauses, enclosing

_NUMBERING = re.compile(
    r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是])"
)
_TAIL = re.compile(r"(?:" + "|".join(ISSUE_VERBS) + r")?了?(?:关于贯彻落实|关于印发|关于)?$")


def _issuer(ctx: Context, title: Span) -> str | None:
    line = ctx.line_of(title.start)
    clause = enclosing(
        clauses(ctx.text, line.start, line.end, ctx.quotes_and_titles), title.start - 1
    )
    if clause is None or title.start == line.start:
        return None
    before = _NUMBERING.sub("", ctx.text[clause.start : title.start].strip())
    before = _TAIL.sub("", before).strip()
    if 2 <= len(before) <= 20 and before[-1] in ORG_ENDINGS and "《" not in before:
        return before
    return None


def extract_documents(ctx: Context) -> list[Document]:
    by_title: dict[str, Document] = {}
    for title in ctx.titles:
        if title in ctx.source_titles:
            continue  # an instruction's carrier, recorded with the instruction
        name = ctx.text[title.start + 1 : title.end - 1].strip()
        if not name:
            continue
        line = ctx.line_of(title.start)
        next_title = next(
            (t.start for t in ctx.titles if title.end <= t.start < line.end), line.end
        )
        deadlines = ctx.dates_in(title.end, next_title, "deadline")
        document = Document(
            title, name, _issuer(ctx, title), deadlines[0].date if deadlines else None
        )
        known = by_title.get(name)
        if known is None:
            by_title[name] = document
        else:
            known.issuer = known.issuer or document.issuer
            known.deadline = known.deadline or document.deadline
    return list(by_title.values())
