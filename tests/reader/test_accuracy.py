"""Precision and recall per record type over the seed and the further briefings.

Each briefing under data/briefings/ and data/heldout/ was written for this
test set in another office's style, with its expected reading written by hand
next to it. The held-out ones were written after the rules were settled and
first measured without any change to the rules. A
proposal counts as correct when its key fields equal an expected record's.
The figures are printed (run with -s) and held above floors.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from xiaoan.reader.parsing import read_briefing

DATA = Path(__file__).parent / "data"
CASES = [(DATA / "seed.txt", DATA / "seed_expected.json")] + [
    (path, path.with_suffix(".json"))
    for folder in ("briefings", "heldout")
    for path in sorted((DATA / folder).glob("*.txt"))
]


def _plain(text: str | None) -> str:
    return re.sub(r"[\s，,。；;：:、“”\"]", "", text or "")


Key = Callable[[dict[str, Any]], Any]


def _items(reading: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for meeting in reading["meetings"]:
        for item in meeting["items"]:
            yield {**item, "meeting_date": meeting["date"]}


def _targets(reading: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for item in _items(reading):
        yield from item["targets"]


KINDS: dict[str, tuple[Callable[[dict[str, Any]], Iterable[dict[str, Any]]], Key]] = {
    "document": (lambda r: [r["document"]], lambda d: (_plain(d["title"]), d["date"])),
    "instructions": (
        lambda r: r["instructions"],
        lambda d: (
            d["date"],
            d["leader"],
            d["leader_title"],
            d["kind"],
            d["follows"],
            _plain(d["text"]),
        ),
    ),
    "meetings": (lambda r: r["meetings"], lambda d: (d["date"], _plain(d["title"]))),
    "meeting_items": (_items, lambda d: (d["meeting_date"], _plain(d["text"]), d["deadline"])),
    "targets": (_targets, lambda d: (d["object"], d["quantity"], d["unit"])),
    "inspections": (
        lambda r: r["inspections"],
        lambda d: (
            tuple(d["dates"]),
            d["leader"],
            d["method"],
            d["hazards_found"],
            tuple(d["enforcement"]),
        ),
    ),
    "statistics": (
        lambda r: r["statistics"],
        lambda d: (d["count"], d["unit"], d["as_of"], d["change_pct"], d["basis"]),
    ),
    "documents": (lambda r: r["documents"], lambda d: (d["title"], d["issuer"], d["deadline"])),
    "deadlines": (lambda r: r["deadlines"], lambda d: d["date"]),
}

# Floors under the measured figures, so a regression fails the suite.
FLOORS = {
    kind: (0.9, 0.9)
    for kind in (
        "document",
        "instructions",
        "meetings",
        "meeting_items",
        "targets",
        "inspections",
        "statistics",
        "documents",
        "deadlines",
    )
}


def score() -> dict[str, tuple[int, int, int]]:
    """Per kind: (true positives, proposed, expected)."""
    totals: dict[str, list[int]] = {kind: [0, 0, 0] for kind in KINDS}
    for text_path, expected_path in CASES:
        got = read_briefing(text_path.read_text(encoding="utf-8")).as_dict()
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        for kind, (records, key) in KINDS.items():
            proposed = Counter(key(r) for r in records(got))
            wanted = Counter(key(r) for r in records(expected))
            totals[kind][0] += sum((proposed & wanted).values())
            totals[kind][1] += sum(proposed.values())
            totals[kind][2] += sum(wanted.values())
    return {kind: (tp, p, e) for kind, (tp, p, e) in totals.items()}


@pytest.fixture(scope="module")
def figures() -> dict[str, tuple[float, float]]:
    result = {}
    print("\nkind            precision  recall   (correct/proposed/expected)")
    for kind, (tp, proposed, expected) in score().items():
        precision = tp / proposed if proposed else 1.0
        recall = tp / expected if expected else 1.0
        result[kind] = (precision, recall)
        print(f"{kind:15} {precision:9.2f} {recall:7.2f}   ({tp}/{proposed}/{expected})")
    return result


def test_there_are_at_least_seven_briefings() -> None:
    assert len(CASES) >= 10
    for text_path, expected_path in CASES:
        assert expected_path.exists(), text_path


@pytest.mark.parametrize("kind", list(FLOORS))
def test_precision_and_recall_floors(figures: dict[str, tuple[float, float]], kind: str) -> None:
    precision, recall = figures[kind]
    floor_p, floor_r = FLOORS[kind]
    assert precision >= floor_p, f"{kind}: precision {precision:.2f} < {floor_p}"
    assert recall >= floor_r, f"{kind}: recall {recall:.2f} < {floor_r}"
