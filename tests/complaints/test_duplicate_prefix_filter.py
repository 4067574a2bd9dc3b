"""The prefix filter of the duplicate check never loses a pair the full
comparison would link (it only saves comparisons)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoan.complaints.classification import jaccard
from xiaoan.complaints.duplicates import MIN_SIMILARITY_SAME_ADDRESS, prefix_index
from xiaoan.complaints.models import Complaint

WORDS = [f"词{i}" for i in range(12)]
word_sets = st.lists(
    st.frozensets(st.sampled_from(WORDS), min_size=1, max_size=8), min_size=2, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(word_sets)
def test_every_similar_pair_is_a_candidate(sets: list[frozenset[str]]) -> None:
    orders = [Complaint(pk=i + 1) for i in range(len(sets))]
    words = {o.pk: s for o, s in zip(orders, sets, strict=True)}
    index = prefix_index(orders, words)
    for order in orders:
        candidates = {c.pk for c in index.candidates(words[order.pk])}
        for other in orders:
            if jaccard(words[order.pk], words[other.pk]) >= MIN_SIMILARITY_SAME_ADDRESS:
                assert other.pk in candidates
