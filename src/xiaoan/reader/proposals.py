"""Between the reader's proposals and the services: content hash, the level of a
meeting or document, an instruction's carrier kind, and which proposals are
ticked by default. No database access here."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from xiaoan.directives.choices import Level, SourceKind

from .parsing.text import normalise

# (words, level), first match wins; checked against the title or issuer.
LEVEL_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("国家", "全国", "国务院", "应急管理部", "应急部", "消防救援局", "国家局"), Level.NATIONAL),
    (("省",), Level.PROVINCE),
    (("支队",), Level.DETACHMENT),
    (("县", "区"), Level.COUNTY),
)
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
    joined = "".join(t or "" for t in texts)
    for words, level in LEVEL_WORDS:
        if any(word in joined for word in words):
            return str(level)
    return str(Level.CITY)


def meeting_level(text: str, meeting: dict[str, Any]) -> str:
    """The level from the words before the meeting's title ("省、市相继召开…")."""
    start, _ = meeting.get("span", [0, 0])
    head = text[start : start + 40]
    head = head.split(meeting.get("title", "")[:6])[0] if meeting.get("title") else head
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


def _inside(span: list[int], outer: list[int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def is_carried(reading: dict[str, Any], text: str, deadline: dict[str, Any]) -> bool:
    """Whether a deadline is already kept by a meeting item or by the document it follows."""
    for meeting in reading["meetings"]:
        for item in meeting["items"]:
            if _inside(deadline["span"], item["span"]):
                return True
    for document in reading["documents"]:
        line = [document["span"][0], _line_end(text, document["span"][1])]
        if document["deadline"] == deadline["date"] and _inside(deadline["span"], line):
            return True
    return False


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
