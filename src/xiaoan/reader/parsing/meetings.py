"""Meetings with their numbered decisions and the targets in them."""

from __future__ import annotations

import re

from .context import Context
from .records import Meeting, MeetingItem, Target
from .rules import MEETING_CUES, TARGET_VERBS, UNITS
from .text import SUBHEADING, Span, clauses, inside, numbered_items, sentences, to_number, trim

_TARGET = re.compile(
    r"(?P<object>[\u4e00-\u9fff]{2,14})(?P<number>\d+(?:\.\d+)?)(?P<unit>"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + ")"
)
_TARGET_VERB = re.compile("|".join(TARGET_VERBS))
_OBJECT_PREFIX = re.compile(r"^(?:年度|全年|年内|共|累计|再|要|力争|确保)+")
_CONVENED = re.compile(r"(?:主持)?召开(?:了)?")
_REQUIRE = re.compile(r"要求(?:[：:，,])?")


def _blocks(ctx: Context) -> list[Span]:
    """Meeting paragraphs: in a meetings section each （一） block; elsewhere a
    dated paragraph that convenes a meeting."""
    blocks: list[Span] = []
    current: Span | None = None
    for line in ctx.lines:
        content = ctx.text[line.start : line.end]
        kind = ctx.section_kind(line.start)
        if kind == "meetings":
            if SUBHEADING.match(content) or current is None:
                if current is not None:
                    blocks.append(current)
                current = line
            else:
                current = Span(current.start, line.end)
            continue
        if current is not None:
            blocks.append(current)
            current = None
        if ctx.is_consumed(line.start) or not ctx.dates_in(line.start, line.end, "point"):
            continue
        if _CONVENED.search(content) and any(cue in content for cue in MEETING_CUES[1:]):
            blocks.append(line)
    if current is not None:
        blocks.append(current)
    return blocks


def _title(ctx: Context, block: Span, date_end: int) -> tuple[str, int]:
    text = ctx.text
    convened = _CONVENED.search(text, block.start, block.end)
    pieces = clauses(
        text, date_end if date_end > block.start else block.start, block.end, ctx.quotes
    )
    if convened:
        piece = next((p for p in pieces if p.start <= convened.start() < p.end), None)
        if piece is not None:
            return text[convened.end() : piece.end].strip(), piece.end
    for piece in pieces:
        content = text[piece.start : piece.end].strip()
        if SUBHEADING.match(content):
            content = SUBHEADING.sub("", content).strip()
        if len(content) >= 4:
            return content, piece.end
    return "", block.start


def targets_in(ctx: Context, span: Span) -> list[Target]:
    content = ctx.text[span.start : span.end]
    if not _TARGET_VERB.search(content):
        return []
    found: list[Target] = []
    for m in _TARGET.finditer(ctx.text, span.start, span.end):
        raw = m.group("object")
        verbs = list(_TARGET_VERB.finditer(raw))
        obj = raw[verbs[-1].end() :] if verbs else raw
        obj = _OBJECT_PREFIX.sub("", obj)
        quantity = to_number(m.group("number"))
        if len(obj) >= 2 and quantity:
            found.append(Target(Span(m.start(), m.end()), obj, quantity, m.group("unit")))
    return found


def _item(ctx: Context, body: Span) -> MeetingItem:
    deadlines = ctx.dates_in(body.start, body.end, "deadline")
    return MeetingItem(
        body,
        ctx.text[body.start : body.end],
        deadlines[0].date if deadlines else None,
        targets_in(ctx, body),
    )


def extract_meetings(ctx: Context) -> list[Meeting]:
    found: list[Meeting] = []
    for block in _blocks(ctx):
        points = ctx.dates_in(block.start, block.end, "point")
        if points:
            date = points[0].date
        elif ctx.reference:
            date = ctx.reference
        else:
            continue
        title, title_end = _title(ctx, block, points[0].span.end if points else block.start)
        if not title:
            continue
        items = [
            _item(ctx, item.body)
            for item in numbered_items(ctx.text, title_end, block.end, ctx.quotes)
        ]
        if not items:
            for sentence in sentences(ctx.text, title_end, block.end, ctx.quotes):
                m = _REQUIRE.search(ctx.text, sentence.start, sentence.end)
                if m and not inside(ctx.quotes, m.start()):
                    body = trim(ctx.text, m.end(), sentence.end)
                    if body.end > body.start:
                        items.append(_item(ctx, body))
        ctx.consume(block)
        found.append(Meeting(block, date, title, items))
    return found
