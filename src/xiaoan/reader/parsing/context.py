"""What every extractor needs to know about the text, computed once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import DateMention, find_dates
from .leaders import Leader, find_leaders
from .rules import ORG_ENDINGS, SECTION_KINDS
from .text import HEADING, Span, lines, normalise, paired_spans, sentences

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

    def dates_in(self, start: int, end: int, role: str | None = None) -> list[DateMention]:
        return [
            d
            for d in self.dates
            if start <= d.span.start < end and (role is None or d.role == role)
        ]

    def line_of(self, pos: int) -> Span:
        for line in self.lines:
            if line.start <= pos < line.end:
                return line
        return Span(pos, pos)

    def section_kind(self, pos: int) -> str | None:
        for section in self.sections:
            if section.body.start <= pos < section.body.end:
                return section.kind
        return None

    def is_consumed(self, pos: int) -> bool:
        return any(span.start <= pos < span.end for span in self.consumed)

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
