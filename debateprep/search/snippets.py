"""Snippets: a short plain-text excerpt around the first match, with highlight spans.

Whoosh's own highlighter re-analyzes whole documents and returns marked-up strings; we need
plain text, spans to paint and the offset of the match in the source text (the reader jumps
there). So we run the index analyzer with ``chars=True`` over the stored text, compare each
token to the query's stemmed terms, phrases and prefixes, and stop reading shortly after the
window is full. Only the hits actually returned get snippets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .analysis import stem, tokens
from .query import ParsedQuery

SNIPPET_CHARS = 200
# Where the first match sits in the window: a little context before, most of it after.
CONTEXT_BEFORE = 60
ELLIPSIS = "…"
# Fields tried for a snippet when the body has no match; the title is already on screen.
FALLBACK_FIELDS = ("notes", "cite", "title")


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]
    offset: int | None  # char offset of the first match in the body, if it is in the body
    match_length: int


def make_snippet(
    stored: Mapping[str, Any], parsed: ParsedQuery | None, *, scan_chars: int | None = None
) -> Snippet:
    """Snippet for one hit from its stored fields (uses title, notes, cite, body).

    ``scan_chars`` bounds how far into each text matches are looked for: a type-ahead hit
    matched in its tag or cite, and reading a whole article to find nothing costs more than
    the search did; its snippet is then the text's beginning.
    """
    if parsed is not None:
        for name in ("body", *FALLBACK_FIELDS):
            text = str(stored.get(name) or "")
            if scan_chars is not None:
                text_to_scan = text[:scan_chars]
                spans = match_spans(text_to_scan, name, parsed) if text_to_scan else []
            else:
                spans = match_spans(text, name, parsed)
            if spans:
                first_start, first_end = spans[0]
                window_text, highlights = _window(text, spans)
                if name == "body":
                    return Snippet(window_text, highlights, first_start, first_end - first_start)
                return Snippet(window_text, highlights, None, 0)
    # Nothing to point at (blank query with filters): the beginning of the main text.
    for name in ("body", *FALLBACK_FIELDS):
        text = str(stored.get(name) or "")
        if text.strip():
            return Snippet(_window(text, [])[0], (), None, 0)
    return Snippet("", (), None, 0)


def match_spans(text: str, field: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Character spans of matched words in ``text``, in order, up to the snippet window."""
    terms = parsed.terms.get(field, set())
    phrases = parsed.phrases.get(field, set())
    prefixes = tuple(parsed.prefixes)
    if not (terms or phrases or prefixes):
        return []
    longest = max((len(p) for p in phrases), default=1)
    recent: list[tuple[str, int, int]] = []  # the last `longest` tokens, for phrase matching
    spans: set[tuple[int, int]] = set()
    stop_at: int | None = None
    for word, start, end in tokens(text):
        if stop_at is not None and start > stop_at:
            break
        stemmed = stem(word)
        recent.append((stemmed, start, end))
        del recent[:-longest]
        if stemmed in terms or (prefixes and word.startswith(prefixes)):
            spans.add((start, end))
        for phrase in phrases:
            n = len(phrase)
            if len(recent) >= n and tuple(t[0] for t in recent[-n:]) == phrase:
                spans.update((s, e) for _, s, e in recent[-n:])
        if spans and stop_at is None:
            # Read on only as far as the window can reach (plus a phrase's worth of slack).
            stop_at = min(spans)[0] + SNIPPET_CHARS + 40
    return sorted(spans)


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cut ~SNIPPET_CHARS around the first span at word boundaries; map spans into it."""
    anchor_start, anchor_end = spans[0] if spans else (0, 0)
    start = max(0, anchor_start - CONTEXT_BEFORE)
    end = min(len(text), start + SNIPPET_CHARS)
    start = max(0, min(start, end - SNIPPET_CHARS))
    # Don't show half words: move inwards to whitespace, never past the anchor match.
    if start > 0 and not text[start - 1].isspace():
        space = _find_space(text, start, anchor_start)
        start = space + 1 if space is not None else start
    if end < len(text) and not text[end].isspace():
        space = max(text.rfind(c, max(anchor_end, start), end) for c in " \n\t")
        end = space if space > start else end
    pieces: list[str] = []
    mapping: dict[int, int] = {}  # original index -> index in the snippet
    out_len = 0
    if start > 0:
        pieces.append(ELLIPSIS)
        out_len += len(ELLIPSIS)
    previous_space = True  # also drops leading whitespace
    for i in range(start, end):
        char = text[i]
        mapping[i] = out_len
        if char.isspace():
            # One plain space for any run of whitespace: snippets are one-line list rows.
            if previous_space:
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        pieces.append(char)
        out_len += 1
    snippet = "".join(pieces).rstrip()
    if end < len(text):
        snippet += ELLIPSIS
    highlights = tuple(
        (mapping[s], mapping[e - 1] + 1) for s, e in spans if s >= start and e <= end and e > s
    )
    return snippet, highlights


def _find_space(text: str, begin: int, limit: int) -> int | None:
    for i in range(begin, min(limit, len(text))):
        if text[i].isspace():
            return i
    return None
