"""Between the reader's proposals and the services: content hash, the level of a
meeting or document, an instruction's carrier kind, and which proposals are
ticked by default. No database access here."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from xiaoan.directives.choices import Level, SourceKind

from .parsing.text import normalise

# (pattern, level), first match wins; checked against the start of the issuer,
# title or the words before a meeting's name ("省、市相继召开…"), not the whole
# text, so "全市住宅小区" is not taken for a district.
LEVEL_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"国家|全国|国务院|应急管理部|应急部|消防救援局|国家局", Level.NATIONAL),
    (r"省", Level.PROVINCE),
    (r"支队", Level.DETACHMENT),
    (r"县|^区|区长|区(?:委|政府|人民政府|消安委|安委)|大队", Level.COUNTY),
)
_LEVEL_REGEXES = [(re.compile(pattern), level) for pattern, level in LEVEL_PATTERNS]
SOURCE_WORDS: tuple[tuple[str, str], ...] = (
    ("内部参考", SourceKind.INTERNAL_REFERENCE),
    ("12345", SourceKind.HOTLINE_REPORT),
    ("专报", SourceKind.WORK_REPORT),
    ("报告", SourceKind.WORK_REPORT),
)


def content_hash(text: str) -> str:
    """SHA-256 of the text with blank lines and surrounding spaces ignored, so the
    same briefing pasted twice (or uploaded as .txt and pasted) hashes the same."""
    lines = (line.strip() for line in normalise(text).split("\n"))
    canonical = "\n".join(line for line in lines if line)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def guess_level(*texts: str | None) -> str:
    heads = [(t or "")[:8] for t in texts]
    for regex, level in _LEVEL_REGEXES:
        if any(regex.search(head) for head in heads):
            return str(level)
    return str(Level.CITY)


_HEAD_NOISE = re.compile(
    r"[（(][一二三四五六七八九十\d]+[）)]|(?:\d{4}年)?\d{1,2}月\d{1,2}日|[，,、\s]"
)


def meeting_level(text: str, meeting: dict[str, Any]) -> str:
    """The level from the words before the meeting's title ("省、市相继召开…")."""
    start, _ = meeting.get("span", [0, 0])
    head = text[start : start + 40]
    head = head.split(meeting.get("title", "")[:6])[0] if meeting.get("title") else head
    head = _HEAD_NOISE.sub("", head)  # numbering, dates and commas before the subject
    return guess_level(head, meeting.get("title"))


def source_kind(source: str | None, titled: bool) -> str:
    for word, kind in SOURCE_WORDS:
        if source and word in source:
            return str(kind)
    return str(SourceKind.DOCUMENT if titled else SourceKind.OTHER)


_ADDRESSEES = re.compile(r"请(?P<names>[\u4e00-\u9fff、，,]{2,40}?)同志")


def addressees(text: str | None) -> str:
    m = _ADDRESSEES.search(text or "")
    return m.group("names") if m else ""


def _overlaps(span: list[int], other: list[int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def is_carried(reading: dict[str, Any], text: str, deadline: dict[str, Any]) -> bool:
    """Whether a deadline is already kept by a meeting item or by the document it follows."""
    for meeting in reading["meetings"]:
        for item in meeting["items"]:
            if item["deadline"] == deadline["date"] and _overlaps(deadline["span"], item["span"]):
                return True
    start = text.rfind("\n", 0, deadline["span"][0]) + 1
    line = text[start : _line_end(text, deadline["span"][1])]
    return any(
        document["deadline"] == deadline["date"] and f"《{document['title']}》" in line
        for document in reading["documents"]
    )


def with_defaults(reading: dict[str, Any], text: str) -> dict[str, Any]:
    """The reading with an `accept` flag on every proposal: ticked by default,
    except deadlines already carried by a meeting item or a document (their
    own record keeps them) and inspections without a leader (no visit to record)."""
    for key in ("instructions", "meetings", "documents", "statistics"):
        for record in reading[key]:
            record["accept"] = True
    for meeting in reading["meetings"]:
        for item in meeting["items"]:
            item["accept"] = True
    for inspection in reading["inspections"]:
        inspection["accept"] = bool(inspection["leader"])
    for deadline in reading["deadlines"]:
        deadline["accept"] = not is_carried(reading, text, deadline)
    return reading


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end
