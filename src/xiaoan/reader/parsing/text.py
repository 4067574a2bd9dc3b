"""Text primitives with offsets into the original text: quotes, 《》 titles,
sentences, clauses, numbered items and Chinese numerals.

Nothing here rewrites the text except a same-length normalisation, so every
offset found on the normalised text is an offset into what the user pasted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update(
    {ord("．"): ord("."), ord("％"): ord("%"), ord("\r"): ord("\n"), ord("\u3000"): ord(" ")}
)
_FULLWIDTH.update({ord("\x0b"): ord("\n"), ord("\x0c"): ord("\n"), ord("\u2028"): ord("\n")})


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII, carriage returns to newlines; same length."""
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


def paired_spans(text: str, opening: str, closing: str) -> list[Span]:
    """Outermost spans of balanced pairs (quotes “…”, titles 《…》), closing included.
    An unbalanced opening runs to the end of its line."""
    spans: list[Span] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == opening:
            if depth == 0:
                start = i
            depth += 1
        elif ch == closing and depth:
            depth -= 1
            if depth == 0:
                spans.append(Span(start, i + 1))
        elif ch == "\n" and depth:
            depth = 0
            spans.append(Span(start, i))
    return spans


def inside(spans: list[Span], pos: int) -> Span | None:
    """The span of sorted, non-overlapping `spans` containing `pos` (binary search)."""
    i = bisect.bisect_right(spans, pos, key=lambda span: span.start) - 1
    if i >= 0 and spans[i].contains(pos):
        return spans[i]
    return None


SENTENCE_END = "。！？；;!?\n"
CLAUSE_END = "，,。！？；;!?：:\n"


_STOP_PATTERNS: dict[str, re.Pattern[str]] = {}


def _split(text: str, start: int, end: int, stops: str, quotes: list[Span] | None) -> list[Span]:
    pattern = _STOP_PATTERNS.get(stops)
    if pattern is None:
        pattern = _STOP_PATTERNS[stops] = re.compile("[" + re.escape(stops) + "]")
    pieces: list[Span] = []
    begin = start
    for m in pattern.finditer(text, start, end):
        i = m.start()
        if quotes and inside(quotes, i):
            continue
        if i > begin:
            pieces.append(Span(begin, i))
        begin = i + 1
    if end > begin:
        pieces.append(Span(begin, end))
    return pieces


def merge(spans: list[Span]) -> list[Span]:
    """Sorted, overlapping spans joined, as `inside` needs them."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start < merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def sentences(
    text: str, start: int = 0, end: int | None = None, quotes: list[Span] | None = None
) -> list[Span]:
    """Sentences of text[start:end]; with `quotes`, a stop inside a quote does not end one."""
    return _split(text, start, len(text) if end is None else end, SENTENCE_END, quotes)


def clauses(
    text: str, start: int = 0, end: int | None = None, quotes: list[Span] | None = None
) -> list[Span]:
    return _split(text, start, len(text) if end is None else end, CLAUSE_END, quotes)


def enclosing(pieces: list[Span], pos: int) -> Span | None:
    for piece in pieces:
        if piece.start <= pos < piece.end:
            return piece
    return None


def lines(text: str) -> list[Span]:
    """Non-blank lines, stripped of surrounding spaces."""
    out: list[Span] = []
    pos = 0
    for raw in text.split("\n"):
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        if right > left:
            out.append(Span(pos + left, pos + right))
        pos += len(raw) + 1
    return out


CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMERAL = "〇零一二两三四五六七八九十百千万"


def cn_to_int(s: str) -> int | None:
    """Chinese numerals to an int: 十四 → 14, 二十六 → 26, 一百零五 → 105, 二〇二四 → 2024."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(ch in CN_DIGITS for ch in s):  # digit by digit, as in years
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total = section = digit = 0
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit == 10000:
                total += (section + digit) * unit
                section = digit = 0
            else:
                section += (digit or 1) * unit
                digit = 0
        else:
            return None
    return total + section + digit


def to_number(s: str) -> int | float | None:
    s = s.replace(",", "")
    if len(s) > 15:  # no count in a briefing is that long; it is an ID or noise
        return None
    try:
        value = float(s)
    except ValueError:
        return cn_to_int(s)
    return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class Item:
    """One numbered item: the marker's span and the item's text span after it."""

    number: int
    marker: Span
    body: Span


# Numbering styles, each a pattern whose group "n" is the number.
_ITEM_STYLES = (
    re.compile(r"(?:(?<=^)|(?<=[\s：:。；;]))(?P<n>\d{1,2})[.、．](?!\d)"),
    re.compile(r"(?:(?<=^)|(?<=[\s：:。；;]))[（(](?P<n>\d{1,2})[）)]"),
    re.compile(r"(?P<n>[一二三四五六七八九十]{1,3})是"),
    re.compile(r"(?:(?<=^)|(?<=[\s：:。；;]))(?P<n>[①②③④⑤⑥⑦⑧⑨⑩])"),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _item_number(s: str) -> int | None:
    if s in _CIRCLED:
        return _CIRCLED.index(s) + 1
    return cn_to_int(s)


def numbered_items(text: str, start: int, end: int, quotes: list[Span]) -> list[Item]:
    """The longest run 1, 2, 3 … of one numbering style inside text[start:end],
    ignoring markers inside quotes; each item runs to the next marker."""
    best: list[tuple[int, Span]] = []
    segment = text[start:end]
    for style in _ITEM_STYLES:
        found: list[tuple[int, Span]] = []
        expected = 1
        for m in style.finditer(segment):
            span = Span(start + m.start(), start + m.end())
            if inside(quotes, span.start):
                continue
            n = _item_number(m.group("n"))
            if n == expected:
                found.append((n, span))
                expected += 1
        if len(found) >= 2 and len(found) > len(best):
            best = found
    items: list[Item] = []
    for i, (n, marker) in enumerate(best):
        body_end = best[i + 1][1].start if i + 1 < len(best) else end
        items.append(Item(n, marker, trim(text, marker.end, body_end)))
    return items


_TRIM = " \t\n。；;，,、：:"


def trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end)


HEADING = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[、.．]")
SUBHEADING = re.compile(r"^[（(](?P<n>[一二三四五六七八九十]{1,3})[）)]")
