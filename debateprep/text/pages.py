"""Page cites from character spans: which printed pages a card's quote came from.

An imported PDF keeps, for its stored text, the offset where each page starts and the page's
printed number ("label"). A span ``[start, end)`` of that text then lies on one page ("p. 12")
or runs across several ("pp. 12–13", with an en dash). The page data travels as a small JSON
object in the library (``{"starts": [...], "labels": [...]}``); these helpers are pure.
"""

from __future__ import annotations

import json
from bisect import bisect_right


def page_at(starts: tuple[int, ...], offset: int) -> int:
    """The index of the page holding the character at ``offset`` (0 before the first start).

    Pages with no text share their start with the next page; the later one wins, as the
    character belongs to it.
    """
    return max(bisect_right(starts, offset) - 1, 0)


def page_cite(starts: tuple[int, ...], labels: tuple[str, ...], start: int, end: int) -> str:
    """ "p. 12" or "pp. 12–13" for the span ``[start, end)``; "" without usable page data."""
    if not starts or len(starts) != len(labels) or end <= start:
        return ""
    first = labels[page_at(starts, start)]
    last = labels[page_at(starts, end - 1)]
    if not first or not last:
        return ""
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


def dump_pages(starts: tuple[int, ...], labels: tuple[str, ...]) -> str:
    """The stored form of a source's pages: '' for a source without pages."""
    if not starts:
        return ""
    return json.dumps({"starts": list(starts), "labels": list(labels)}, ensure_ascii=False)


def load_pages(raw: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Page starts and labels from their stored form; empty for '' or anything malformed."""
    if not raw:
        return (), ()
    try:
        data = json.loads(raw)
        starts = tuple(int(value) for value in data["starts"])
        labels = tuple(str(value) for value in data["labels"])
    except (ValueError, TypeError, KeyError):
        return (), ()
    if len(starts) != len(labels) or list(starts) != sorted(starts):
        return (), ()
    return starts, labels
