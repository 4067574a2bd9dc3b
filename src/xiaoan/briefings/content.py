"""A briefing as data: a title, a date line and numbered sections of items.

The builder fills it from the records; the Word writer and the review page both
render it, so what staff read in the browser is what prints. It round-trips
through JSON (a draft and every exported version keep it), and a section whose
text staff rewrote is replaced by paragraphs parsed from that text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

#: how an item prints: body text, a "（一）" heading (楷体) or a "1." heading (仿宋 bold)
BODY, HEADING2, HEADING3 = "body", "h2", "h3"
STYLES = (BODY, HEADING2, HEADING3)
HEADING2_RE = re.compile(r"^（[一二三四五六七八九十]+）")
HEADING3_RE = re.compile(r"^\d+[.．]")
#: a numbered line this short, without a full stop, is a heading on its own
SHORT_HEADING = 20


@dataclass
class Item:
    """One paragraph. `source` names the record it came from ("instruction:12"),
    so tests and the review page can follow a sentence back to its record."""

    text: str
    style: str = BODY
    source: str = ""
    #: a heading that opens the paragraph ("（一）", "1."), printed in the style's
    #: font while the text after it is body text; without it the style applies to all
    lead: str = ""
    children: list[Item] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return self.lead + self.text

    def walk(self) -> list[Item]:
        return [self, *(i for child in self.children for i in child.walk())]


@dataclass
class Section:
    key: str
    heading: str
    items: list[Item] = field(default_factory=list)
    #: said plainly when the section has nothing, instead of leaving it out
    empty_text: str = "本期无相关情况。"
    edited: bool = False

    def paragraphs(self) -> list[Item]:
        """The items in print order (children after their parent); the empty
        statement when there are none."""
        flat = [i for item in self.items for i in item.walk()]
        return flat or [Item(self.empty_text)]

    def sources(self, prefix: str) -> list[str]:
        return [i.source for i in self.paragraphs() if i.source.startswith(prefix + ":")]

    def text(self) -> str:
        """The section as plain text, one paragraph a line: what the edit box holds."""
        return "\n".join(i.full_text for i in self.paragraphs())


@dataclass
class Chart:
    """The data of a chart (drawn as an image by `charts.to_png`): bars or a line."""

    title: str
    labels: list[str]
    values: list[int]
    unit: str = ""
    kind: str = "bar"


@dataclass
class Briefing:
    kind: str
    title: str
    area_name: str
    start: dt.date
    end: dt.date
    issued_on: dt.date
    sections: list[Section] = field(default_factory=list)
    issuer: str = ""
    charts: list[Chart] = field(default_factory=list)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("start", "end", "issued_on"):
            data[name] = getattr(self, name).isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Briefing:
        sections = [
            Section(
                key=s["key"],
                heading=s["heading"],
                items=[_item(i) for i in s["items"]],
                empty_text=s.get("empty_text", ""),
                edited=s.get("edited", False),
            )
            for s in data["sections"]
        ]
        return cls(
            kind=data["kind"],
            title=data["title"],
            area_name=data["area_name"],
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            issued_on=dt.date.fromisoformat(data["issued_on"]),
            sections=sections,
            issuer=data.get("issuer", ""),
            charts=[Chart(**c) for c in data.get("charts", [])],
        )

    def with_edits(self, edits: dict[str, str]) -> Briefing:
        """A copy in which each edited section (by key; "title" for the title) is
        replaced by the paragraphs of its new text."""
        copy = Briefing.from_dict(self.as_dict())
        if edits.get("title", "").strip():
            copy.title = edits["title"].strip()
        for section in copy.sections:
            if section.key in edits:
                section.items = parse_text(edits[section.key])
                section.edited = True
        return copy


def _item(data: dict[str, Any]) -> Item:
    return Item(
        text=data["text"],
        style=data.get("style", BODY),
        source=data.get("source", ""),
        lead=data.get("lead", ""),
        children=[_item(c) for c in data.get("children", [])],
    )


def parse_text(text: str) -> list[Item]:
    """Paragraphs of edited text, one a line; "（一）" and "1." open level-2 and level-3
    headings (a short line on its own, or the lead of a longer paragraph)."""
    items = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        for pattern, style in ((HEADING2_RE, HEADING2), (HEADING3_RE, HEADING3)):
            match = pattern.match(line)
            if match:
                if len(line) <= SHORT_HEADING and "。" not in line:
                    items.append(Item(line, style))
                else:
                    items.append(Item(line[match.end() :], style, lead=match.group()))
                break
        else:
            items.append(Item(line))
    return items
