"""Leaders' instructions (批示), follow-ups (跟批) and read-only circulations (圈阅)."""

from __future__ import annotations

import re

from .context import Context
from .records import Instruction
from .rules import INSTRUCTION_KINDS, SOURCE_ENDINGS
from .text import Span, clauses, enclosing, inside

_KIND = re.compile("|".join(re.escape(word) for word, _ in INSTRUCTION_KINDS))
_KINDS = dict(INSTRUCTION_KINDS)
_SOURCE = re.compile(
    r"(?P<source>[^，。：:“”]{2,40}?(?:"
    + "|".join(SOURCE_ENDINGS)
    + r"))(?:中提到|中|上|提到|反映|称)"
)
_LEADER_GAP = 80  # characters between a leader and the verb of the instruction


def _quote_after(ctx: Context, pos: int) -> Span | None:
    i = pos
    while i < len(ctx.text) and i - pos <= 4 and ctx.text[i] in "：:，, 如下":
        i += 1
    quote = inside(ctx.quotes, i)
    if quote is not None and quote.start == i:
        return quote
    return None


def _source(ctx: Context, start: int, end: int) -> tuple[str | None, Span | None]:
    for title in ctx.titles:
        if start <= title.start and title.end <= end:
            return ctx.text[title.start + 1 : title.end - 1], title
    for clause in clauses(ctx.text, start, end, ctx.quotes):
        m = _SOURCE.match(ctx.text, clause.start, clause.end)
        if m:
            return m.group("source"), None
    return None, None


def extract_instructions(ctx: Context) -> list[Instruction]:
    found: list[Instruction] = []
    used_leaders: set[int] = set()
    sentences = ctx.quote_sentences()
    for m in _KIND.finditer(ctx.text):
        if inside(ctx.quotes, m.start()) or inside(ctx.titles, m.start()):
            continue
        sentence = enclosing(sentences, m.start())
        if sentence is None:
            continue
        leaders = [
            leader
            for leader in ctx.leaders
            if sentence.start <= leader.span.start < m.start()
            and m.start() - leader.span.end <= _LEADER_GAP
            and not inside(ctx.quotes, leader.span.start)
        ]
        if not leaders or leaders[-1].span.start in used_leaders:
            continue
        leader = leaders[-1]
        used_leaders.add(leader.span.start)
        kind = _KINDS[m.group(0)]
        quote = None if kind == "read" else _quote_after(ctx, m.end())
        text = ctx.text[quote.start + 1 : quote.end - 1] if quote else None
        if kind != "read" and not text:
            continue  # a mention of an instruction, not the instruction itself
        points = [
            d
            for d in ctx.dates_in(sentence.start, leader.span.start)
            if d.role == "point" and not inside(ctx.quotes, d.span.start)
        ]
        if points:
            date = points[-1].date
        elif found:
            date = found[-1].date
        elif ctx.reference:
            date = ctx.reference
        else:
            continue
        source_start = points[-1].span.end if points else sentence.start
        source, title_span = _source(ctx, source_start, m.start())
        if title_span is not None:
            ctx.consume(title_span)
            ctx.source_titles.append(title_span)
        start = points[-1].span.start if points else sentence.start
        end = quote.end if quote else m.end()
        ctx.consume(Span(m.start(), end))
        found.append(
            Instruction(Span(start, end), date, leader.name, leader.title, kind, source, text)
        )
    _link_follow_ups(found)
    return found


def _link_follow_ups(found: list[Instruction]) -> None:
    """A follow-up follows the latest earlier instruction that names its leader,
    or that it names; otherwise the latest earlier one."""
    for index, item in enumerate(found):
        if item.kind != "follow_up":
            continue
        earlier = [i for i in range(index) if found[i].kind != "read"]
        if not earlier:
            item.kind = "instruction"
            continue
        named = [
            i
            for i in earlier
            if item.leader in (found[i].text or "") or found[i].leader in (item.text or "")
        ]
        item.follows = (named or earlier)[-1]
