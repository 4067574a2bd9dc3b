"""The proposals the reader returns; `as_dict` gives the documented JSON shape."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .text import Span


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _span(span: Span) -> list[int]:
    return [span.start, span.end]


@dataclass
class Instruction:
    span: Span
    date: dt.date
    leader: str
    leader_title: str | None
    kind: str
    source: str | None
    text: str | None
    follows: int | None = None
    mentions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "leader": self.leader,
            "leader_title": self.leader_title,
            "kind": self.kind,
            "source": self.source,
            "text": self.text,
            "follows": self.follows,
            "span": _span(self.span),
        }


@dataclass
class Target:
    span: Span
    object: str
    quantity: int | float
    unit: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "object": self.object,
            "quantity": self.quantity,
            "unit": self.unit,
            "span": _span(self.span),
        }


@dataclass
class MeetingItem:
    span: Span
    text: str
    deadline: dt.date | None
    targets: list[Target] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "deadline": _iso(self.deadline),
            "targets": [t.as_dict() for t in self.targets],
            "span": _span(self.span),
        }


@dataclass
class Meeting:
    span: Span
    date: dt.date
    title: str
    items: list[MeetingItem]

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "title": self.title,
            "items": [i.as_dict() for i in self.items],
            "span": _span(self.span),
        }


@dataclass
class Inspection:
    span: Span
    dates: list[dt.date]
    leader: str | None
    leader_title: str | None
    method: str | None
    hazards_found: int | None
    enforcement: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "dates": [d.isoformat() for d in self.dates],
            "leader": self.leader,
            "leader_title": self.leader_title,
            "method": self.method,
            "hazards_found": self.hazards_found,
            "enforcement": self.enforcement,
            "span": _span(self.span),
        }


@dataclass
class Statistic:
    span: Span
    text: str
    count: int | float
    unit: str
    as_of: dt.date | None
    change_pct: int | float | None
    basis: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "count": self.count,
            "unit": self.unit,
            "as_of": _iso(self.as_of),
            "change_pct": self.change_pct,
            "basis": self.basis,
            "span": _span(self.span),
        }


@dataclass
class Document:
    span: Span
    title: str
    issuer: str | None
    deadline: dt.date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "deadline": _iso(self.deadline),
            "span": _span(self.span),
        }


@dataclass
class Dated:
    """A deadline (or, in `starts`, a start date) with the clause it governs."""

    span: Span
    text: str
    date: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "date": _iso(self.date), "span": _span(self.span)}


@dataclass
class Reading:
    title: str
    date: dt.date | None
    title_span: Span | None = None
    instructions: list[Instruction] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    deadlines: list[Dated] = field(default_factory=list)
    starts: list[Dated] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.instructions
            or self.meetings
            or self.inspections
            or self.statistics
            or self.documents
            or self.deadlines
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": {"title": self.title, "date": _iso(self.date)},
            "instructions": [r.as_dict() for r in self.instructions],
            "meetings": [r.as_dict() for r in self.meetings],
            "inspections": [r.as_dict() for r in self.inspections],
            "statistics": [r.as_dict() for r in self.statistics],
            "documents": [r.as_dict() for r in self.documents],
            "deadlines": [r.as_dict() for r in self.deadlines],
            "starts": [r.as_dict() for r in self.starts],
            "messages": list(self.messages),
        }
