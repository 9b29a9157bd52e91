"""Text as a Word file can hold it: XML-safe characters, paragraph splits, run segments.

Pure helpers for the Verbatim .docx writer: which characters XML refuses and what replaces
them (offsets of highlights move to match), where text splits into Word paragraphs, and
where a card's runs start and end when several read-aloud layers overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise

from debateprep.text.intervals import merge_spans
from debateprep.text.markdown_text import collapse_whitespace

Spans = tuple[tuple[int, int], ...]

# Characters XML 1.0 cannot hold (besides tab, newline and carriage return, handled apart).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CARRIAGE_RETURN = re.compile("\r\n?")
_PARAGRAPH_BREAK = "\n\n"


def word_safe(text: str, spans: Iterable[tuple[int, int]] = ()) -> tuple[str, Spans]:
    """``text`` as a Word file can hold it, and ``spans`` moved to match.

    Line ends become "\\n" (Word knows one line break; "\\r\\n" would read back as two), and
    every other character XML cannot hold becomes U+FFFD, so offsets move only where a "\\r\\n"
    shrank. Spans left empty by the move are dropped.
    """
    pairs = [match.start() for match in re.finditer("\r\n", text)]
    text = _NOT_XML.sub("\ufffd", _CARRIAGE_RETURN.sub("\n", text))

    def moved(offset: int) -> int:
        # Each "\r\n" wholly before ``offset`` lost one character.
        return offset - bisect_right(pairs, offset - 2)

    result = []
    for start, end in spans:
        new_start, new_end = moved(start), moved(end)
        if new_start < new_end:
            result.append((new_start, new_end))
    return text, tuple(result)


def one_line(text: str, fallback: str) -> str:
    """A heading's text: one line, XML-safe, never empty."""
    line = word_safe(collapse_whitespace(text))[0]
    return line or fallback


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` splits into Word paragraphs: at every blank line ("\\n\\n").

    A third newline stays in the next paragraph as a line break, so joining the paragraphs
    with "\\n\\n" gives back exactly ``text``; that is what the importer does.
    """
    spans = []
    start = 0
    while True:
        gap = text.find(_PARAGRAPH_BREAK, start)
        if gap < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, gap))
        start = gap + len(_PARAGRAPH_BREAK)


def segments(
    length: int, layers: Mapping[str, Sequence[tuple[int, int]]]
) -> Iterator[tuple[int, int, frozenset[str]]]:
    """Cut ``0..length`` where any layer's span starts or ends: (start, end, layers on).

    One sweep with a pointer per layer, so a long quote with thousands of highlights costs
    no more than its runs.
    """
    spans = {name: merge_spans(layer, length) for name, layer in layers.items()}
    cuts = {0, length}
    for layer in spans.values():
        for start, end in layer:
            cuts.update((start, end))
    places = dict.fromkeys(spans, 0)
    for start, end in pairwise(sorted(cuts)):
        on = set()
        for name, layer in spans.items():
            place = places[name]
            while place < len(layer) and layer[place][1] <= start:
                place += 1
            places[name] = place
            if place < len(layer) and layer[place][0] <= start:
                on.add(name)
        yield start, end, frozenset(on)


def clip(spans: Iterable[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``spans`` inside ``start..end``, shifted to start at 0."""
    clipped = []
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s < e:
            clipped.append((s - start, e - start))
    return clipped
