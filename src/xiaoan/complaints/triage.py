"""Classify, place and link orders, in batches.

The import decides each batch's classification and place *before* it saves the
rows (`decide_batch`, so a new order is written once, with one history entry),
then links the saved batch to its likely duplicates (`link_duplicates`).
Orders already in the database (the re-classification command) go through
`classify_place_and_link`, which writes the changed ones in one bulk update
with their history entries.

Cheap per order: the dictionary and the area index are loaded once per batch
(one aggregate query each tells whether they changed) and each order's text is
segmented once. A person's decision (`classified_by` or `placed_by` manual) is
never replaced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from simple_history.utils import bulk_update_with_history

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.versioning import set_history_user

from .choices import ClassificationSource, PlacementSource
from .classification import classify_tokens, content_words, current_dictionary, tokens
from .duplicates import link_duplicates, text_of
from .models import Complaint
from .placing import AreaIndex, area_index

REASON = "自动分类、定位"
TRIAGE_FIELDS = [
    "fire_related",
    "hazard_category",
    "classified_by",
    "area",
    "placed_by",
    "version",
    "updated_at",
]


def place(complaint: Complaint, index: AreaIndex, scope: Area | None) -> None:
    """The deepest area the address (or, without one, the content) names; else the
    scope (the importer's area) and the 待定位 queue."""
    found = index.resolve(complaint.address or text_of(complaint))
    if found is not None:
        complaint.area_id = found
        complaint.placed_by = PlacementSource.AUTO
        return
    complaint.placed_by = PlacementSource.UNRESOLVED
    if scope is not None:
        complaint.area_id = scope.pk


def decide_batch(
    rows: Sequence[dict[str, Any]], existing: Mapping[str, Complaint], scope: Area | None
) -> dict[str, tuple[str, ...]]:
    """Add the classification and place to each row's values (`number`, `title`,
    `content`, `address` …) before it is recorded, leaving out what a person
    decided on the order already in the database. No query per row. Returns the
    words of each order it segmented (by number), for the duplicate check to reuse."""
    segmented: dict[str, tuple[str, ...]] = {}
    if not rows:
        return segmented
    dictionary = current_dictionary()
    index = area_index(scope)
    for values in rows:
        current = existing.get(values["number"])
        title, content = values.get("title", ""), values.get("content", "")
        if current is None or current.classified_by != ClassificationSource.MANUAL:
            words = segmented[values["number"]] = tokens(f"{title} {content}")
            result = classify_tokens(words, dictionary)
            values["fire_related"] = result.fire_related
            values["hazard_category"] = result.hazard_category
            values["classified_by"] = ClassificationSource.AUTO
        if current is None or current.placed_by != PlacementSource.MANUAL:
            found = index.resolve(values.get("address") or f"{title} {content}")
            if found is not None:
                values["area_id"], values["placed_by"] = found, PlacementSource.AUTO
            else:
                values["placed_by"] = PlacementSource.UNRESOLVED
                if scope is not None:
                    values["area_id"] = scope.pk
    return segmented


def state(c: Complaint) -> tuple[Any, ...]:
    return (c.fire_related, c.hazard_category, c.classified_by, c.area_id, c.placed_by)


def classify_place_and_link(
    complaints: Sequence[Complaint],
    *,
    acting_user: Any,
    scope: Area | None,
    place_orders: bool = True,
    link: bool = True,
) -> int:
    """Classify, place (within `scope`) and link `complaints`; returns how many changed."""
    unique = list({c.pk: c for c in complaints if c.pk}.values())
    if not unique:
        return 0
    dictionary = current_dictionary()
    index = area_index(scope) if place_orders else None
    words: dict[int, frozenset[str]] = {}
    changed = []
    for complaint in unique:
        text_tokens = tokens(text_of(complaint))
        words[complaint.pk] = content_words(text_tokens)
        before = state(complaint)
        if complaint.classified_by != ClassificationSource.MANUAL:
            result = classify_tokens(text_tokens, dictionary)
            complaint.fire_related = result.fire_related
            complaint.hazard_category = result.hazard_category
            complaint.classified_by = ClassificationSource.AUTO
        if index is not None and complaint.placed_by != PlacementSource.MANUAL:
            place(complaint, index, scope)
        if state(complaint) != before:
            complaint.version += 1
            complaint.updated_at = clock.now()
            set_history_user(complaint, acting_user, REASON)
            changed.append(complaint)
    if changed:
        bulk_update_with_history(
            changed,
            Complaint,
            TRIAGE_FIELDS,
            default_user=acting_user if getattr(acting_user, "pk", None) else None,
            default_change_reason=REASON,
        )
    if link:
        link_duplicates(unique, words)
    return len(changed)
