"""Character spans ``(start, end)`` over a text: joining the ones that overlap or touch."""

from __future__ import annotations

from collections.abc import Iterable

Span = tuple[int, int]


def merge_spans(spans: Iterable[Span], length: int | None = None) -> list[Span]:
    """Spans sorted, overlapping and touching ones joined, empty ones dropped.

    With ``length``, each span is first clamped to ``0..length`` (a span wholly outside the text
    becomes empty and is dropped).
    """
    if length is not None:
        spans = ((max(0, start), min(length, end)) for start, end in spans)
    merged: list[Span] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def intersect_spans(first: Iterable[Span], second: Iterable[Span]) -> list[Span]:
    """The parts covered by both ``first`` and ``second``, merged."""
    right = merge_spans(second)
    result: list[Span] = []
    for start, end in merge_spans(first):
        for other_start, other_end in right:
            low, high = max(start, other_start), min(end, other_end)
            if low < high:
                result.append((low, high))
    return merge_spans(result)


def subtract_spans(spans: Iterable[Span], removed: Iterable[Span]) -> list[Span]:
    """The parts of ``spans`` that ``removed`` does not cover, merged."""
    result = merge_spans(spans)
    for cut_start, cut_end in merge_spans(removed):
        kept: list[Span] = []
        for start, end in result:
            if end <= cut_start or start >= cut_end:
                kept.append((start, end))
                continue
            kept += [span for span in ((start, cut_start), (cut_end, end)) if span[0] < span[1]]
        result = kept
    return result
