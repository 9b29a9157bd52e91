"""A card's quote in Markdown with Verbatim's three read-aloud levels, one documented convention.

Highlighted words (what is read aloud) are ``**bold**``, as they always were; emphasised words
are ``*italic*``; underlined words are ``<ins>underlined</ins>``, the one underline GitHub
renders (and Python-Markdown passes to the HTML packet as it is). Where levels overlap the
strongest wins: highlight over emphasis over underline. A quote with only highlights renders
exactly as :func:`~debateprep.text.markdown_text.marked_paragraphs` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby

from debateprep.records import Highlight, ReadLevel
from debateprep.text import markdown_text as md
from debateprep.text.intervals import merge_spans, subtract_spans

# Strongest first: (level, opening, closing).
MARKERS: tuple[tuple[ReadLevel, str, str], ...] = (
    (ReadLevel.HIGHLIGHT, "**", "**"),
    (ReadLevel.EMPHASIS, "*", "*"),
    (ReadLevel.UNDERLINE, "<ins>", "</ins>"),
)


def spans_of(highlights: Iterable[Highlight], level: ReadLevel) -> list[tuple[int, int]]:
    return [(mark.start, mark.end) for mark in highlights if mark.level is level]


def leveled_paragraphs(text: str, highlights: Sequence[Highlight]) -> list[str]:
    """Escaped paragraphs of ``text`` (one line each) with their read-aloud levels marked."""
    if all(mark.level is ReadLevel.HIGHLIGHT for mark in highlights):
        return md.marked_paragraphs(text, [(mark.start, mark.end) for mark in highlights])
    # Collapsing depends on the text only, so every level's pass cuts the same lines.
    passes = [
        md._collapsed_runs(text, md._flags(len(text), spans_of(highlights, level)))
        for level, _open, _close in MARKERS
    ]
    lines: list[str] = []
    for runs in zip(*passes, strict=True):
        line = runs[0][0]
        stronger = [False] * len(line)
        styles: list[int | None] = [None] * len(line)
        for index, (_line, flags) in enumerate(runs):
            settled = list(flags)
            if MARKERS[index][1].startswith("*"):
                # Markdown delimiters need flanking room and a gap from a stronger marker.
                settled = md._touching(settled, stronger)
                md._settle(line, settled)
            for position, flag in enumerate(settled):
                if flag and styles[position] is None:
                    styles[position] = index
            stronger = [bool(a or b) for a, b in zip(stronger, settled, strict=True)]
        lines.append(_render(line, styles))
    return lines


def _render(line: str, styles: Sequence[int | None]) -> str:
    head = md._line_start(line)
    out: list[str] = []
    start = 0
    for style, group in groupby(styles):
        end = start + sum(1 for _ in group)
        text = "".join(head[start:end]) + md._escape(line[max(start, len(head)) : end])
        if style is None:
            out.append(text)
        else:
            _level, opening, closing = MARKERS[style]
            out.append(f"{opening}{text}{closing}")
        start = end
    return "".join(out)


def toggle_level(
    highlights: Sequence[Highlight], start: int, end: int, level: ReadLevel
) -> tuple[list[Highlight], bool]:
    """Mark ``start:end`` at ``level``, or unmark it if that level already covers it all.

    Other levels are left alone. Returns the new marks and whether the range was added.
    """
    spans = merge_spans(spans_of(highlights, level))
    others = [mark for mark in highlights if mark.level is not level]
    if any(a <= start and end <= b for a, b in spans):
        kept = subtract_spans(spans, [(start, end)])
        added = False
    else:
        kept, added = merge_spans([*spans, (start, end)]), True
    return _ordered([*others, *(Highlight(a, b, level) for a, b in kept)]), added


def clear_levels(highlights: Sequence[Highlight], start: int, end: int) -> list[Highlight]:
    """Every level's marks without ``start:end`` (Verbatim's F12)."""
    result: list[Highlight] = []
    for level in ReadLevel:
        for a, b in subtract_spans(spans_of(highlights, level), [(start, end)]):
            result.append(Highlight(a, b, level))
    return _ordered(result)


def _ordered(marks: Iterable[Highlight]) -> list[Highlight]:
    order = list(ReadLevel)
    return sorted(marks, key=lambda mark: (mark.start, mark.end, order.index(mark.level)))
