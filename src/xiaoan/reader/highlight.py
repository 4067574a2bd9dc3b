"""The source text cut into pieces, each marked with the proposal it belongs to,
so a page can show every proposal's span highlighted."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

KIND_LABELS = {
    "instructions": "批示",
    "meetings": "会议",
    "items": "会议事项",
    "inspections": "检查",
    "statistics": "统计",
    "documents": "文件",
    "deadlines": "期限",
}


@dataclass
class Piece:
    text: str
    kind: str = ""
    anchor: str = ""
    label: str = ""


def _spans(reading: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    spans = []
    for kind in ("instructions", "meetings", "inspections", "statistics", "documents", "deadlines"):
        for index, record in enumerate(reading.get(kind, [])):
            start, end = record["span"]
            spans.append((start, end, kind, f"{kind}-{index}"))
            for n, item in enumerate(record.get("items", [])):
                spans.append((*item["span"], "items", f"{kind}-{index}-items-{n}"))
    return spans


def pieces(text: str, reading: dict[str, Any]) -> list[Piece]:
    """Cut at every span boundary; a piece takes the innermost span covering it."""
    spans = [s for s in _spans(reading) if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    result: list[Piece] = []
    for start, end in itertools.pairwise(cuts):
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        if covering:
            inner = min(covering, key=lambda s: s[1] - s[0])
            anchor = inner[3] if inner[0] == start else ""
            result.append(Piece(text[start:end], inner[2], anchor, KIND_LABELS[inner[2]]))
        else:
            result.append(Piece(text[start:end]))
    return result
