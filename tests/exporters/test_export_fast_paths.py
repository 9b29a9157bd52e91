"""The exporters' fast paths give exactly what the plain algorithms they replaced gave.

``paragraph_spans`` and the whitespace collapsing under ``marked_paragraphs`` /
``marked_inline`` / ``escape_cell`` visit only line breaks and split unmarked text with
``str.split``; escaping skips text with nothing to escape; the packet finds each quote's
paragraph from source texts split once. Below, the gap-by-gap originals are kept as oracles and
Hypothesis compares them on text dense in every kind of whitespace, line break, dropped control
character and Markdown syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from debateprep.exporters.packet import _ParagraphFinder
from debateprep.text import markdown_text
from debateprep.text.markdown_text import (
    _BREAK,
    _DROPPED,
    _ESCAPES,
    _GAP,
    _NEEDS_ESCAPE,
    _WHITESPACE,
    _collapsed_runs,
    collapse_whitespace,
    escape_cell,
    marked_inline,
    marked_paragraphs,
    paragraph_at,
    paragraph_spans,
)


def oracle_paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``paragraph_spans`` as first written: every gap between words visited."""
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _GAP.finditer(text):
        if gap.start() == 0:
            start = gap.end()
        elif gap.end() == len(text) or len(_BREAK.findall(gap.group())) >= 2:
            spans.append((start, gap.start()))
            start = gap.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(begin, end) for begin, end in spans if collapse_whitespace(text[begin:end])]


def oracle_collapsed_runs(
    text: str, flags: Sequence[bool], breaks_to_split: int | None = 2
) -> list[tuple[str, list[bool]]]:
    """``_collapsed_runs`` as first written: word by word, marks carried along."""
    if _DROPPED.search(text):
        kept = [index for index, ch in enumerate(text) if not _DROPPED.match(ch)]
        text, flags = "".join(text[index] for index in kept), [flags[index] for index in kept]
    result: list[tuple[str, list[bool]]] = []
    parts: list[str] = []
    marks: list[bool] = []
    space_mark: bool | None = None
    position = 0
    for gap in [*_WHITESPACE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        if end > position:
            if space_mark is not None and parts:
                parts.append(" ")
                marks.append(space_mark)
            parts.append(text[position:end])
            marks.extend(flags[position:end])
            space_mark = None
        if gap is None:
            break
        if breaks_to_split is not None and len(_BREAK.findall(gap.group())) >= breaks_to_split:
            if parts:
                result.append(("".join(parts), marks))
            parts, marks, space_mark = [], [], None
        else:
            space_mark = all(flags[gap.start() : gap.end()])
        position = gap.end()
    if parts:
        result.append(("".join(parts), marks))
    return result


# Every line break _BREAK knows (and "\r\n"), other whitespace, characters that are dropped,
# Markdown syntax, and plain words: dense enough that gaps of every shape occur.
PIECES = st.sampled_from(
    [
        "\n", "\r", "\r\n", "\n\n", "\r\n\r\n", "\r\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e",
        "\x85", "\u2028", "\u2029", " ", "  ", "\t", "\u00a0", "\u3000", "\x00", "\x07", "\x7f",
        "\x9f", "\ud800", "word", "Zoë", "a", "*", "#", "|", "<", "&", "1.", "- ", "~", "`",
    ]
)  # fmt: skip
TEXT = st.one_of(st.lists(PIECES, max_size=24).map("".join), st.text(max_size=30))


@st.composite
def marked(draw: st.DrawFn) -> tuple[str, list[bool]]:
    text = draw(TEXT)
    how = draw(st.sampled_from(["none", "all", "some"]))
    if how == "some":
        flags = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    else:
        flags = [how == "all"] * len(text)
    return text, flags


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_paragraph_spans_match_the_gap_by_gap_original(text: str) -> None:
    assert paragraph_spans(text) == oracle_paragraph_spans(text)


@settings(max_examples=600, deadline=None)
@given(marked(), st.sampled_from([2, 1, None]))
def test_collapsed_runs_match_the_word_by_word_original(
    sample: tuple[str, list[bool]], breaks: int | None
) -> None:
    text, flags = sample
    assert _collapsed_runs(text, flags, breaks) == oracle_collapsed_runs(text, flags, breaks)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.lists(st.tuples(st.integers(-2, 30), st.integers(-2, 30)), max_size=3))
def test_public_escapers_unchanged(text: str, ranges: list[tuple[int, int]]) -> None:
    slow_runs = markdown_text._collapsed_runs
    fast = (marked_paragraphs(text, ranges), marked_inline(text, ranges), escape_cell(text))
    markdown_text._collapsed_runs = oracle_collapsed_runs
    try:
        slow = (marked_paragraphs(text, ranges), marked_inline(text, ranges), escape_cell(text))
    finally:
        markdown_text._collapsed_runs = slow_runs
    assert fast == slow


def test_escaping_is_skipped_only_for_text_without_special_characters() -> None:
    changed = {chr(code) for code in _ESCAPES}
    found = {chr(code) for code in range(0x110000) if _NEEDS_ESCAPE.search(chr(code))}
    assert found == changed


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(-1, 40))
def test_packet_paragraph_finder_agrees_with_paragraph_at(text: str, offset: int) -> None:
    find = _ParagraphFinder({7: text})
    assert find(7, offset) == paragraph_at(text, offset)
    assert find(7, offset) == paragraph_at(text, offset)  # cached the second time


def test_long_whitespace_runs_stay_linear() -> None:
    # A paragraph break buried in a huge run of spaces: widening it must not rescan the run.
    text = "a" + " " * 200_000 + "\n\n" + " " * 200_000 + "b"
    assert paragraph_spans(text) == [(0, 1), (len(text) - 1, len(text))]
    assert marked_paragraphs(text) == ["a", "b"]
    assert re.fullmatch(r"\s+", text[1:-1])
