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
