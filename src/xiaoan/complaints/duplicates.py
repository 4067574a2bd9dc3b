"""Linking likely duplicate orders: the same place, similar content, received
within a few days of each other (`XIAOAN_DUPLICATE_DAYS`, 3 by default).

"The same place" is the same area for orders placed on the tree, or the same
normalised address for orders still waiting to be placed. Content is compared
by the Jaccard similarity of the orders' meaningful jieba tokens. Orders are
linked, never merged: each stays an order of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.conf import settings

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


def normalised_address(address: str) -> str:
    return _ADDRESS_NOISE.sub("", address)


def text_of(complaint: Complaint) -> str:
    return f"{complaint.title} {complaint.content}"


def place_key(complaint: Complaint) -> tuple[str, object] | None:
    if complaint.placed_by in (PlacementSource.AUTO, PlacementSource.MANUAL) and complaint.area_id:
        return ("area", complaint.area_id)
    address = normalised_address(complaint.address)
    return ("address", address) if address else None


def similarity(
    a: Complaint, b: Complaint, words_a: frozenset[str], words_b: frozenset[str]
) -> float:
    score = jaccard(words_a, words_b)
    same_address = bool(a.address) and normalised_address(a.address) == normalised_address(
        b.address
    )
    needed = MIN_SIMILARITY_SAME_ADDRESS if same_address else MIN_SIMILARITY
    return score if score >= needed else 0.0


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
    candidates = Complaint.objects.filter(
        area_id__in={c.area_id for c in batch}, received_at__gte=start, received_at__lte=end
    ).only("id", "area_id", "placed_by", "address", "title", "content", "received_at")
    by_key: dict[tuple[str, object], list[Complaint]] = {}
    for candidate in candidates:
        key = place_key(candidate)
        if key is not None:
            by_key.setdefault(key, []).append(candidate)
    pairs: dict[tuple[int, int], float] = {}
    for order in batch:
        mine = words.get(order.pk) or content_words(tokens(text_of(order)))
        for other in by_key.get(place_key(order), ()):  # type: ignore[arg-type]
            if other.pk == order.pk or abs(other.received_at - order.received_at) > days:
                continue
            pair = (min(order.pk, other.pk), max(order.pk, other.pk))
            if pair in pairs:
                continue
            theirs = words.get(other.pk)
            if theirs is None:
                theirs = words[other.pk] = content_words(tokens(text_of(other)))
            score = similarity(order, other, mine, theirs)
            if score:
                pairs[pair] = round(score, 3)
    if not pairs:
        return 0
    created = ComplaintDuplicate.objects.bulk_create(
        [ComplaintDuplicate(first_id=a, second_id=b, similarity=s) for (a, b), s in pairs.items()],
        ignore_conflicts=True,
    )
    return len(created)


def duplicates_of(complaint: Complaint) -> list[tuple[Complaint, float]]:
    """The orders linked to `complaint` as likely duplicates, most similar first."""
    links = ComplaintDuplicate.objects.filter(first=complaint).select_related("second__area")
    back = ComplaintDuplicate.objects.filter(second=complaint).select_related("first__area")
    found = [(link.second, link.similarity) for link in links]
    found += [(link.first, link.similarity) for link in back]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].pk))
