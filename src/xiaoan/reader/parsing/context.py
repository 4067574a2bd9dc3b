"""What every extractor needs to know about the text, computed once."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import DateMention, find_dates
from .leaders import Leader, find_leaders
from .rules import ORG_ENDINGS, SECTION_KINDS
from .text import HEADING, Span, lines, merge, normalise, paired_spans, sentences

_YMD = re.compile(
    r"(\d{4}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
)


@dataclass
class Section:
    kind: str | None
    heading: Span
    body: Span


@dataclass
class Context:
    text: str
    reference: dt.date | None
    document_date: dt.date | None
    quotes: list[Span]
    titles: list[Span]
    lines: list[Span]
    dates: list[DateMention]
    leaders: list[Leader]
    sections: list[Section]
    title_line: Span | None
    date_line: Span | None
    consumed: list[Span] = field(default_factory=list)
    source_titles: list[Span] = field(default_factory=list)
    _mask: bytearray = field(default_factory=bytearray)
    _date_starts: list[int] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)
    quotes_and_titles: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._mask = bytearray(len(self.text) + 1)
        self.dates.sort(key=lambda d: d.span.start)
        self._date_starts = [d.span.start for d in self.dates]
        self._line_starts = [line.start for line in self.lines]
        self.quotes_and_titles = merge(self.quotes + self.titles)

    def consume(self, span: Span) -> None:
        """Mark text as taken by a record, so later extractors leave it alone."""
        self.consumed.append(span)
        self._mask[span.start : span.end] = b"\x01" * (span.end - span.start)

    def is_consumed(self, pos: int) -> bool:
        return 0 <= pos < len(self._mask) and self._mask[pos] == 1

    def dates_in(self, start: int, end: int, role: str | None = None) -> list[DateMention]:
        found = []
        for i in range(bisect.bisect_left(self._date_starts, start), len(self.dates)):
            mention = self.dates[i]
            if mention.span.start >= end:
                break
            if role is None or mention.role == role:
                found.append(mention)
        return found

    def line_of(self, pos: int) -> Span:
        i = bisect.bisect_right(self._line_starts, pos) - 1
        if i >= 0 and self.lines[i].start <= pos < self.lines[i].end:
            return self.lines[i]
        return Span(pos, pos)

    def section_kind(self, pos: int) -> str | None:
        for section in self.sections:
            if section.body.start <= pos < section.body.end:
                return section.kind
        return None

    def quote_sentences(self, start: int = 0, end: int | None = None) -> list[Span]:
        return sentences(self.text, start, end, self.quotes)


def _document_date(text: str, all_lines: list[Span]) -> tuple[dt.date | None, Span | None]:
    """The date line: a line that is little more than a full date, near the top
    (as in the seed's "（2024年3月4日）") or else near the end (the signature)."""
    candidates = all_lines[:6] + list(reversed(all_lines[-6:]))
    for line in candidates:
        content = text[line.start : line.end]
        m = _YMD.search(content)
        if m is None:
            continue
        rest = (content[: m.start()] + content[m.end() :]).strip(" （）()\u3000")
        if (rest and rest[-1] not in ORG_ENDINGS) or len(rest) > 24:
            continue
        from .text import cn_to_int

        try:
            day = dt.date(
                cn_to_int(m.group(1)) or 0, cn_to_int(m.group(2)) or 0, cn_to_int(m.group(3)) or 0
            )
        except ValueError:
            continue
        return day, line
    return None, None


def _title(text: str, all_lines: list[Span], date_line: Span | None) -> Span | None:
    """The first line, unless it is only the issuer above a "关于…" title line."""
    for index, line in enumerate(all_lines[:3]):
        if line == date_line:
            continue
        content = text[line.start : line.end]
        following = all_lines[index + 1] if index + 1 < len(all_lines) else None
        if content[-1:] in ORG_ENDINGS and following and text.startswith("关于", following.start):
            return following
        if len(content) <= 60 and not HEADING.match(content) and not content.endswith("。"):
            return line
        return None
    return None


def _sections(text: str, all_lines: list[Span]) -> list[Section]:
    found: list[Section] = []
    for line in all_lines:
        heading = text[line.start : line.end]
        if HEADING.match(heading) and len(heading) <= 30:
            kind = next((k for word, k in SECTION_KINDS if word in heading), None)
            if found:
                found[-1].body = Span(found[-1].body.start, line.start)
            found.append(Section(kind, line, Span(line.end, len(text))))
    return found


def build_context(raw: str, base_date: dt.date | None = None) -> Context:
    text = normalise(raw)
    all_lines = lines(text)
    document_date, date_line = _document_date(text, all_lines)
    reference = document_date or base_date
    titles = paired_spans(text, "《", "》")
    quotes = paired_spans(text, "“", "”")
    return Context(
        text=text,
        reference=reference,
        document_date=document_date,
        quotes=quotes,
        titles=titles,
        lines=all_lines,
        dates=find_dates(text, reference, skip=titles, paragraphs=all_lines),
        leaders=find_leaders(text),
        sections=_sections(text, all_lines),
        title_line=_title(text, all_lines, date_line),
        date_line=date_line,
    )
