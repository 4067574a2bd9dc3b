"""Linking likely duplicate orders: the same place, similar content, received
within a few days of each other (`XIAOAN_DUPLICATE_DAYS`, 3 by default).

"The same place" is the same area for orders placed on the tree, or the same
normalised address for orders still waiting to be placed. Content is compared
by the Jaccard similarity of the orders' meaningful jieba tokens. Orders are
linked, never merged: each stays an order of its own.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from django.conf import settings

from xiaoan.core import bulk, clock

from .choices import PlacementSource
from .classification import content_words, jaccard, tokens
from .models import Complaint, ComplaintDuplicate

#: Jaccard similarity from which two orders of the same area are likely duplicates
MIN_SIMILARITY = 0.5
#: …and of the same (normalised, non-empty) address
MIN_SIMILARITY_SAME_ADDRESS = 0.3
_ADDRESS_NOISE = re.compile(r"[\s,，.。、;；:：()（）\-—_#]+|^(.{2,8}?省)?(.{2,8}?市)?")


def window_days() -> int:
    return int(getattr(settings, "XIAOAN_DUPLICATE_DAYS", 3))


class Order(Protocol):
    """What the check reads of an order: a `Complaint`, or a `Candidate` row."""

    @property
    def pk(self) -> Any: ...
    @property
    def area_id(self) -> Any: ...
    @property
    def placed_by(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def received_at(self) -> dt.datetime: ...


class Candidate(NamedTuple):
    """An order of the window, read as a plain row (cheaper than a model instance)."""

    pk: int
    area_id: int | None
    placed_by: str
    address: str
    title: str
    content: str
    received_at: dt.datetime


@lru_cache(maxsize=65_536)
def normalised_address(address: str) -> str:
    """Cached: the same addresses come back in every window and every pair compared."""
    return _ADDRESS_NOISE.sub("", address)


def text_of(complaint: Order) -> str:
    return f"{complaint.title} {complaint.content}"


def place_key(complaint: Order) -> tuple[str, object] | None:
    if complaint.placed_by in (PlacementSource.AUTO, PlacementSource.MANUAL) and complaint.area_id:
        return ("area", complaint.area_id)
    address = normalised_address(complaint.address)
    return ("address", address) if address else None


def similarity(a: Order, b: Order, words_a: frozenset[str], words_b: frozenset[str]) -> float:
    score = jaccard(words_a, words_b)
    same_address = bool(a.address) and normalised_address(a.address) == normalised_address(
        b.address
    )
    needed = MIN_SIMILARITY_SAME_ADDRESS if same_address else MIN_SIMILARITY
    return score if score >= needed else 0.0


class PrefixIndex:
    """Prefix filtering for Jaccard similarity: with the words of every set in
    one order (rarest first), two sets with a Jaccard of at least `threshold`
    share a word among the first |s| - ⌈threshold·|s|⌉ + 1 words of each. So
    only orders sharing such a word are compared, instead of every pair of a
    busy area's window; the result is the same."""

    def __init__(self, rank: dict[str, int], threshold: float) -> None:
        self.rank, self.threshold = rank, threshold
        self.by_word: dict[str, list[Order]] = {}

    def prefix(self, words: frozenset[str]) -> list[str]:
        ordered = sorted(words, key=lambda w: (self.rank.get(w, 0), w))
        return ordered[: len(ordered) - math.ceil(self.threshold * len(ordered)) + 1]

    def add(self, order: Order, words: frozenset[str]) -> None:
        for word in self.prefix(words):
            self.by_word.setdefault(word, []).append(order)

    def candidates(self, words: frozenset[str]) -> list[Order]:
        found: dict[int, Order] = {}
        for word in self.prefix(words):
            for order in self.by_word.get(word, ()):
                found[order.pk] = order
        return list(found.values())


def prefix_index(bucket: Sequence[Order], words: Mapping[int, frozenset[str]]) -> PrefixIndex:
    frequency: dict[str, int] = {}
    for order in bucket:
        for word in words[order.pk]:
            frequency[word] = frequency.get(word, 0) + 1
    index = PrefixIndex(frequency, min(MIN_SIMILARITY, MIN_SIMILARITY_SAME_ADDRESS))
    for order in bucket:
        index.add(order, words[order.pk])
    return index


def link_duplicates(
    complaints: Sequence[Complaint], words: dict[int, frozenset[str]] | None = None
) -> int:
    """Link each of `complaints` to the likely duplicates among all orders
    (the batch itself included); returns the number of new links. Two queries.
    `words` (order id → content words) saves segmenting texts already
    segmented; the words of the other orders it segments are added to it."""
    batch = [c for c in complaints if c.pk and c.area_id and place_key(c)]
    if not batch:
        return 0
    words = words if words is not None else {}
    days = dt.timedelta(days=window_days())
    start = min(c.received_at for c in batch) - days
    end = max(c.received_at for c in batch) + days
    rows = Complaint.objects.filter(
        area_id__in={c.area_id for c in batch}, received_at__gte=start, received_at__lte=end
    ).values_list(*Candidate._fields)
    by_key: dict[tuple[str, object], list[Order]] = {}
    for candidate in map(Candidate._make, rows):
        key = place_key(candidate)
        if key is not None:
            by_key.setdefault(key, []).append(candidate)
    for bucket in by_key.values():
        for other in bucket:
            if other.pk not in words:
                words[other.pk] = content_words(tokens(text_of(other)))
    batch_by_key: dict[tuple[str, object], list[Order]] = {}
    for order in batch:
        batch_by_key.setdefault(place_key(order), []).append(order)  # type: ignore[arg-type]
    pairs: dict[tuple[int, int], float] = {}
    for key, orders in batch_by_key.items():
        bucket = by_key.get(key, [])
        probe = prefix_index(bucket, words)
        for mine_order in orders:
            mine = words.get(mine_order.pk) or content_words(tokens(text_of(mine_order)))
            for other in probe.candidates(mine):
                if (
                    other.pk == mine_order.pk
                    or abs(other.received_at - mine_order.received_at) > days
                ):
                    continue
                pair = (min(mine_order.pk, other.pk), max(mine_order.pk, other.pk))
                if pair in pairs:
                    continue
                score = similarity(mine_order, other, mine, words[other.pk])
                if score:
                    pairs[pair] = round(score, 3)
    if not pairs:
        return 0
    now = clock.now()
    bulk.insert_ignoring_conflicts(
        ComplaintDuplicate,
        ["first_id", "second_id", "similarity", "created_at"],
        [(a, b, s, now) for (a, b), s in pairs.items()],
    )
    return len(pairs)


def duplicates_of(complaint: Complaint) -> list[tuple[Complaint, float]]:
    """The orders linked to `complaint` as likely duplicates, most similar first."""
    links = ComplaintDuplicate.objects.filter(first=complaint).select_related("second__area")
    back = ComplaintDuplicate.objects.filter(second=complaint).select_related("first__area")
    found = [(link.second, link.similarity) for link in links]
    found += [(link.first, link.similarity) for link in back]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].pk))
