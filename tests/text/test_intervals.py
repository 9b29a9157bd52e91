"""merge_spans, the one interval-merge helper of the importers and exporters."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from debateprep.text.intervals import Span, merge_spans

SPANS = st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)), max_size=12)


def test_overlapping_and_touching_spans_are_joined() -> None:
    assert merge_spans([(5, 8), (0, 2), (2, 3), (7, 10), (12, 12)]) == [(0, 3), (5, 10)]


def test_length_clamps_and_drops_what_lies_outside() -> None:
    assert merge_spans([(-3, 2), (8, 20), (30, 40)], 10) == [(0, 2), (8, 10)]


@given(SPANS, st.integers(0, 50))
def test_merged_spans_cover_the_same_characters(spans: list[Span], length: int) -> None:
    merged = merge_spans(spans, length)
    covered = {i for start, end in spans for i in range(max(0, start), min(length, end))}
    assert {i for start, end in merged for i in range(start, end)} == covered
    # Sorted, non-empty, and apart: no two could be joined further.
    assert all(start < end for start, end in merged)
    assert all(a[1] < b[0] for a, b in pairwise(merged))
