"""The keyword dictionary the classifier reads: the active `ClassificationKeyword`
rows as two dicts, reloaded only when the table changed (one cheap query per
import batch, so an edit on the dictionary page takes effect in every worker)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Count, Max, Sum

from . import segment

DEFAULT_FILE = Path(__file__).with_name("default_keywords.json")


@dataclass(frozen=True)
class Dictionary:
    """word → weight, and word → hazard category for the words that name one."""

    weights: dict[str, float] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, entries: list[dict[str, Any]]) -> Dictionary:
        weights = {e["word"]: float(e["weight"]) for e in entries}
        categories = {e["word"]: e["hazard_category"] for e in entries if e["hazard_category"]}
        segment.teach(weights)
        return cls(weights, categories)


def default_entries() -> list[dict[str, Any]]:
    """The dictionary shipped with xiaoan (loaded into the table by a migration)."""
    entries: list[dict[str, Any]] = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    return entries


_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], Dictionary] | None = None


def current_dictionary() -> Dictionary:
    """The active words of the table (one aggregate query to see whether it changed)."""
    global _cached
    from ..models import ClassificationKeyword

    stamp_row = ClassificationKeyword.objects.aggregate(
        n=Count("id"), last=Max("updated_at"), versions=Sum("version")
    )
    stamp = (stamp_row["n"], stamp_row["last"], stamp_row["versions"])
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if not stamp_row["n"]:
        # words are disabled, never deleted: an empty table was never seeded (a
        # flushed database), so the shipped dictionary applies
        dictionary = Dictionary.from_entries(default_entries())
    else:
        rows = ClassificationKeyword.objects.filter(active=True).values(
            "word", "hazard_category", "weight"
        )
        dictionary = Dictionary.from_entries([dict(row) for row in rows])
    with _lock:
        _cached = (stamp, dictionary)
    return dictionary
