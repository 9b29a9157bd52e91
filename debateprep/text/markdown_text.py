"""Turn user text into Markdown that renders literally: the one escaping mechanism of the exporters.

Every exporter writes user text (tags, notes, quotes, cites, titles) through this module so that
what a student typed or imported shows up as typed, in CommonMark/GFM (GitHub, Obsidian), in
Python-Markdown (our HTML packet) and through pandoc, and so that no raw HTML ever survives:
``<``, ``>`` and ``&`` always become entities, which is a security property because the
``markdown`` package passes raw HTML straight through.

Text is first *collapsed*: control characters dropped, every run of whitespace (newlines
included) turned into one space. A collapsed line can then only start a block at its very
beginning, so block syntax (``#``, ``-``, ``1.``, ``>``, ...) needs escaping there only; inline
syntax is escaped everywhere. Paragraph breaks (blank lines) are kept by callers that render
multi-paragraph text (quotes, notes, source texts) as one escaped line per paragraph.

Marked ranges (highlights, the bold author and year of a cite) are wrapped in ``**`` after
escaping; each range is first nudged inward so CommonMark's flanking rules still see emphasis.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby

# Backslash escapes that CommonMark *and* Python-Markdown both honour (Python-Markdown's
# ESCAPED_CHARS, plus "|" which its tables extension adds and we always enable).
_BACKSLASHED = frozenset("\\`*_[]{}#|")

# Characters neither a backslash nor silence can neutralise everywhere: HTML metacharacters
# (security), and "~" / "^" which GFM (strikethrough) and pandoc (sub/superscript) treat as
# markup while Python-Markdown would print a backslash before them. Numeric character
# references render as the character in every target.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;", "^": "&#94;"}

# A line that begins like a list item: "1." / "2)" (CommonMark), "a." / "iv." / "(b)" / "(@)"
# (pandoc's fancy and example lists). Only when followed by a space or the end of the line,
# so "1.5 million" or "Dr. Smith" stay readable.
_LIST_MARKER = re.compile(r"\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|@[\w-]*)[.)](?= |$)")

# What a line may not start with, and what to write instead: list bullets ("-", "+"), setext
# underlines ("="), pandoc definition lists and fenced divs (":").
_LINE_START = {"-": "\\-", "+": "\\+", "=": "&#61;", ":": "&#58;"}

# Everything escaped anywhere in a line, as one translation table.
_ESCAPES = str.maketrans({**{ch: "\\" + ch for ch in _BACKSLASHED}, **_ENTITIES})
# Any character _ESCAPES changes: most prose holds none, and searching is far cheaper than
# translating character by character.
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_BACKSLASHED) + "".join(_ENTITIES)) + "]")

# Control characters (other than whitespace) and lone surrogates never reach the output: they
# are invisible or invalid in HTML, and Python-Markdown uses STX/ETX as its own placeholders.
_DROPPED = re.compile(
    "["
    + re.escape(
        "".join(ch for ch in map(chr, [*range(0x20), *range(0x7F, 0xA0)]) if not ch.isspace())
    )
    + "\ud800-\udfff]"
)
# re's \s is exactly str.isspace(); the breaks are those of str.splitlines(), "\r\n" once.
_WHITESPACE = re.compile(r"\s+")
_GAP = re.compile(r"(?:\s|" + _DROPPED.pattern + ")+")
_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

STRONG = "**"


def collapse_whitespace(text: str) -> str:
    """One line: control characters dropped, whitespace runs (newlines too) made one space."""
    return " ".join(_DROPPED.sub("", text).split())


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets into ``text`` of its paragraphs, which blank lines separate.

    The offsets index the original text, so a card's ``start`` can be located in a paragraph.
    """
    spans: list[tuple[int, int]] = []
    lead = _GAP.match(text)
    start = lead.end() if lead else 0
    for gap_start, gap_end in _split_gaps(text, _GAP, 2):
        if gap_start > 0:
            spans.append((start, gap_start))
            start = gap_end
    if start < len(text):
        # A trailing gap ends the last paragraph whatever line breaks it holds.
        tail = len(text)
        while tail > start and _GAP.fullmatch(text, tail - 1, tail):
            tail -= 1
        spans.append((start, tail))
    return [(begin, end) for begin, end in spans if collapse_whitespace(text[begin:end])]


def _split_gaps(text: str, gap: re.Pattern[str], breaks: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each maximal run of ``gap`` characters holding ``breaks`` or more line
    breaks (``"\\r\\n"`` counting once), in order.

    Only the line breaks are visited, not every gap between words, so this costs little more
    than a regex scan; each run is widened to its full extent once.
    """
    group_start = group_end = -1  # the first and last break of the current run of breaks
    count = 0
    for found in _BREAK.finditer(text):
        between = found.start()
        if count and (between == group_end or gap.fullmatch(text, group_end, between)):
            group_end = found.end()  # only gap characters since the last break: same run
            count += 1
            continue
        if count >= breaks:
            yield _widen(text, gap, group_start, group_end)
        group_start, group_end, count = found.start(), found.end(), 1
    if count >= breaks:
        yield _widen(text, gap, group_start, group_end)


def _widen(text: str, gap: re.Pattern[str], start: int, end: int) -> tuple[int, int]:
    """The maximal run of ``gap`` characters around ``text[start:end]``."""
    while start > 0 and gap.fullmatch(text, start - 1, start):
        start -= 1
    after = gap.match(text, end)
    return start, after.end() if after else end


def paragraphs(text: str) -> list[str]:
    """The collapsed, non-empty paragraphs of ``text`` (split on blank lines)."""
    return [collapse_whitespace(text[start:end]) for start, end in paragraph_spans(text)]


def paragraph_at(text: str, offset: int) -> int | None:
    """Index of the paragraph holding ``offset`` (the next one when it falls between two)."""
    for index, (_start, end) in enumerate(paragraph_spans(text)):
        if offset < end:
            return index
    return None


def _line_start(line: str) -> list[str]:
    """The escaped characters of the beginning of a line, where block syntax could start."""
    match = _LIST_MARKER.match(line)
    size = match.end() if match else min(len(line), 1)
    pieces = [ch.translate(_ESCAPES) for ch in line[:size]]
    if pieces:
        pieces[0] = _LINE_START.get(line[0], pieces[0])
    if match:
        if line[0] == "(":
            pieces[0] = "\\("
        pieces[-1] = "\\" + line[size - 1]
    return pieces


def _is_punctuation(ch: str, *, broad: bool) -> bool:
    """CommonMark punctuation; ``broad`` also counts symbols (spec 0.31 does, cmark-gfm not)."""
    if ch.isascii():
        return not ch.isalnum() and not ch.isspace() and ch.isprintable()
    category = unicodedata.category(ch)
    return category.startswith("P") or (broad and category.startswith("S"))


def _safe_outside(ch: str | None) -> bool:
    """A neighbour next to which ``**`` flanks whatever is inside, in every CommonMark version."""
    return ch is None or ch == " " or _is_punctuation(ch, broad=False)


def _settle(line: str, flags: list[bool]) -> None:
    """Shrink each marked run until CommonMark would treat its ``**`` pair as emphasis.

    A ``**`` must not touch whitespace on its inner side, and when punctuation sits on the
    inner side a letter must not sit on the outer side (``foo**"bar"**`` is not emphasis), so
    such edge characters are left unmarked instead. Escaping keeps a character's class
    (``<`` becomes ``&lt;``: punctuation either way), so deciding on raw text is sound.
    """
    size = len(line)
    runs: list[tuple[int, int]] = []
    position = 0
    for flag, group in groupby(flags):
        length = sum(1 for _ in group)
        if flag:
            runs.append((position, position + length))
        position += length
    for start, end in runs:
        while start < end and (
            line[start] == " "
            or (
                _is_punctuation(line[start], broad=True)
                and not _safe_outside(line[start - 1] if start else None)
            )
        ):
            flags[start] = False
            start += 1
        while end > start and (
            line[end - 1] == " "
            or (
                _is_punctuation(line[end - 1], broad=True)
                and not _safe_outside(line[end] if end < size else None)
            )
        ):
            flags[end - 1] = False
            end -= 1


def _render(line: str, flags: Sequence[bool], marker: str) -> str:
    """Escape a collapsed line and wrap its marked runs in ``marker``."""
    head = _line_start(line)
    if not any(flags):
        return "".join(head) + _escape(line[len(head) :])
    settled = list(flags)
    _settle(line, settled)
    out: list[str] = []
    start = 0
    for flag, group in groupby(settled):
        end = start + sum(1 for _ in group)
        text = "".join(head[start:end]) + _escape(line[max(start, len(head)) : end])
        out.append(f"{marker}{text}{marker}" if flag else text)
        start = end
    return "".join(out)


def _escape(text: str) -> str:
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def _flags(length: int, ranges: Iterable[tuple[int, int]]) -> list[bool]:
    flags = [False] * length
    for start, end in ranges:
        start, end = max(start, 0), min(end, length)
        if start < end:
            flags[start:end] = [True] * (end - start)
    return flags


def _collapsed_runs(
    text: str, flags: Sequence[bool], breaks_to_split: int | None = 2
) -> list[tuple[str, list[bool]]]:
    """Split marked text into runs, collapsing whitespace but keeping each character's mark.

    A run ends at ``breaks_to_split`` line breaks in a row: 2 splits paragraphs (blank lines),
    1 splits lines, None never splits. A collapsed space is marked only when all the
    whitespace it replaces was.
    """
    if _DROPPED.search(text):
        kept = [index for index, ch in enumerate(text) if not _DROPPED.match(ch)]
        text, flags = "".join(text[index] for index in kept), [flags[index] for index in kept]
    pieces: list[tuple[int, int]] = []
    start = 0
    if breaks_to_split is not None:
        for gap_start, gap_end in _split_gaps(text, _WHITESPACE, breaks_to_split):
            pieces.append((start, gap_start))
            start = gap_end
    pieces.append((start, len(text)))
    result: list[tuple[str, list[bool]]] = []
    for start, end in pieces:
        marks = flags[start:end]
        if any(marks) and not all(marks):
            result += _collapsed_marked(text[start:end], marks)
            continue
        # Every character marked alike (most text: notes, tags, unhighlighted paragraphs):
        # collapse with str.split, which splits on exactly what \s matches, in C.
        line = " ".join(text[start:end].split())
        if line:
            result.append((line, [bool(marks) and marks[0]] * len(line)))
    return result


def _collapsed_marked(text: str, flags: Sequence[bool]) -> list[tuple[str, list[bool]]]:
    """One run of ``text`` (no split inside) collapsed word by word, keeping marks."""
    parts: list[str] = []
    marks: list[bool] = []
    space_mark: bool | None = None  # the mark of the space owed before the next word
    position = 0
    for gap in [*_WHITESPACE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        if end > position:  # a word
            if space_mark is not None and parts:
                parts.append(" ")
                marks.append(space_mark)
            parts.append(text[position:end])
            marks.extend(flags[position:end])
            space_mark = None
        if gap is None:
            break
        space_mark = all(flags[gap.start() : gap.end()])
        position = gap.end()
    return [("".join(parts), marks)] if parts else []


def marked_paragraphs(
    text: str, ranges: Iterable[tuple[int, int]] = (), marker: str = STRONG
) -> list[str]:
    """Escaped paragraphs of ``text`` (one line each), ``ranges`` (offsets into ``text``) marked."""
    flags = _flags(len(text), ranges)
    return [_render(line, marks, marker) for line, marks in _collapsed_runs(text, flags)]


def marked_inline(text: str, ranges: Iterable[tuple[int, int]] = (), marker: str = STRONG) -> str:
    """Like :func:`marked_paragraphs` but all on one line (paragraph breaks become spaces)."""
    runs = _collapsed_runs(text, _flags(len(text), ranges), breaks_to_split=None)
    return "".join(_render(line, marks, marker) for line, marks in runs)


def _touching(flags: Sequence[bool], other: Sequence[bool]) -> list[bool]:
    """``flags`` without what ``other`` marks and without each character that touches it.

    Two different markers side by side (``**a***b*``) form one delimiter run that CommonMark
    splits its own way, so a gap of at least one unmarked character is kept between them.
    """
    size = len(flags)
    return [
        flag
        and not other[index]
        and not (index and other[index - 1])
        and not (index + 1 < size and other[index + 1])
        for index, flag in enumerate(flags)
    ]


def styled_inline(
    text: str, bold: Iterable[tuple[int, int]] = (), italic: Iterable[tuple[int, int]] = ()
) -> str:
    """One escaped line of ``text`` with ``bold`` ranges in ``**`` and ``italic`` ones in ``*``.

    With only one kind of range this is exactly :func:`marked_inline`. Where the two overlap
    or touch, bold wins: italic is dropped there rather than risk markers that run together.
    """
    bold, italic = list(bold), list(italic)
    if not italic:
        return marked_inline(text, bold)
    if not bold:
        return marked_inline(text, italic, marker="*")
    # Collapsing depends on the text only, so both passes cut the same lines.
    strong_runs = _collapsed_runs(text, _flags(len(text), bold), breaks_to_split=None)
    em_runs = _collapsed_runs(text, _flags(len(text), italic), breaks_to_split=None)
    out: list[str] = []
    for (line, strong_flags), (_line, em_flags) in zip(strong_runs, em_runs, strict=True):
        settled_strong = list(strong_flags)
        _settle(line, settled_strong)
        settled_em = _touching(em_flags, settled_strong)
        _settle(line, settled_em)
        out.append(_render_styles(line, settled_strong, settled_em))
    return "".join(out)


def _render_styles(line: str, strong_flags: Sequence[bool], em_flags: Sequence[bool]) -> str:
    """Escape a collapsed line whose bold and italic runs are settled and apart."""
    head = _line_start(line)
    styles = [
        STRONG if is_strong else "*" if is_em else ""
        for is_strong, is_em in zip(strong_flags, em_flags, strict=True)
    ]
    out: list[str] = []
    start = 0
    for marker, group in groupby(styles):
        end = start + sum(1 for _ in group)
        text = "".join(head[start:end]) + line[max(start, len(head)) : end].translate(_ESCAPES)
        out.append(f"{marker}{text}{marker}")
        start = end
    return "".join(out)


def escape_inline(text: str) -> str:
    """``text`` as one line of Markdown that renders literally and holds no raw HTML."""
    return _render(collapse_whitespace(text), (), STRONG)


def strong(text: str) -> str:
    """``text`` escaped and in bold (``**...**``); empty when the text is blank."""
    return marked_inline(text, [(0, len(text))])


def escape_cell(text: str, *, bold: bool = False) -> str:
    """``text`` for a GFM table cell: its lines joined by ``<br>``, ``|`` escaped as ``\\|``.

    A cell cannot hold a raw newline, so each run of line breaks becomes one ``<br>`` (our own
    tag, the only HTML a cell gets); everything else is escaped as by :func:`escape_inline`.
    With ``bold`` each line is in bold.
    """
    runs = _collapsed_runs(text, [bold] * len(text), breaks_to_split=1)
    return "<br>".join(_render(line, marks, STRONG) for line, marks in runs)


def heading(level: int, text: str, fallback: str = "") -> str:
    """An ATX heading; its text is escaped, so a trailing ``#`` in it stays text.

    ``fallback`` stands in for text that is blank once collapsed, so no heading is empty.
    """
    return "#" * level + " " + escape_inline(text if collapse_whitespace(text) else fallback)


def document(blocks: Iterable[str]) -> str:
    """Markdown blocks separated by one blank line, ending with exactly one newline."""
    return "\n\n".join(block for block in blocks if block) + "\n"
