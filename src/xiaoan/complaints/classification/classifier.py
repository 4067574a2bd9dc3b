"""Deciding whether an order is about fire safety, and which hazard category.

Each distinct dictionary word in the order's title and content adds its weight
to the score; positive words that name a hazard category also add to that
category. Fire-related when the score reaches `THRESHOLD`; the category is the
one with the highest sum (ties: the first in the dictionary order of
categories), or 其他 when no category word occurs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xiaoan.hazards.choices import HazardCategory

from .dictionary import Dictionary

THRESHOLD = 2.5
CATEGORY_ORDER = {value: index for index, value in enumerate(HazardCategory.values)}


@dataclass(frozen=True)
class Classification:
    fire_related: bool
    hazard_category: str
    score: float
    matched: tuple[str, ...] = ()


def classify_tokens(words: Sequence[str], dictionary: Dictionary) -> Classification:
    weights, categories = dictionary.weights, dictionary.categories
    score = 0.0
    by_category: dict[str, float] = {}
    matched = []
    for word in set(words):
        weight = weights.get(word)
        if weight is None:
            continue
        matched.append(word)
        score += weight
        category = categories.get(word)
        if category and weight > 0:
            by_category[category] = by_category.get(category, 0.0) + weight
    if score < THRESHOLD:
        return Classification(False, "", score, tuple(sorted(matched)))
    category = HazardCategory.OTHER.value
    if by_category:
        category = max(by_category, key=lambda c: (by_category[c], -CATEGORY_ORDER.get(c, 99)))
    return Classification(True, category, score, tuple(sorted(matched)))


def classify_text(text: str, dictionary: Dictionary) -> Classification:
    from .segment import tokens

    return classify_tokens(tokens(text), dictionary)
