"""Turn a PDF's positioned text lines into prose: reading order, paragraphs, page offsets.

Pure geometry and text, no PDF parsing (``pdf.py`` reads the file): each page arrives as its
text lines with their boxes, in PDF points with y growing upwards. Here we

- drop the page furniture: lines in the top or bottom margin that repeat on many pages once
  their numbers are ignored (running heads such as "BORDER LAW REVIEW [Vol. 9:1043"), and lines
  there that are only a page number ("12", "- 12 -", "Page 3 of 9"), which give the page labels;
- read two-column pages column by column (a full-width title or figure caption splits them);
- join lines into paragraphs (a wider gap, an indent or a short line that ends a sentence
  starts a new one), across columns and pages too, repairing words hyphenated at a line end;
- record where each page's text starts in the result, for page cites.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

TEXT_MARGIN = 0.1  # the top and bottom tenth of a page hold running heads and page numbers
_RUNNING_SHARE = 0.3  # a margin line on this share of pages (alternating heads: ~half each)
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?[-–—(\[]?\s*(\d{1,5}|[ivxlc]{1,7})\s*[-–—)\]]?(?:\s+of\s+\d{1,5})?",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_NUMBER_ROWS = 2  # a page number at the top and one at the foot, at most
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_HYPHENS = ("-", "\u2010", "\xad")
# Compounds whose first part keeps its hyphen at a line end ("self-\nreliance").
_KEPT_PREFIXES = frozenset(
    [
        "self",
        "well",
        "ill",
        "all",
        "half",
        "cross",
        "ex",
        "quasi",
        "semi",
        "post",
        "anti",
        "pro",
        "co",
        "long",
        "short",
        "high",
        "low",
        "far",
        "full",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "first",
        "second",
        "third",
        "so",
        "mid",
    ]
)
_ROMAN = (
    *((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")),
    *((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")),
)
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text and its box (points; y grows upwards)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True, slots=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]
    pictures: bool = False  # the page shows images (a scan, when it has no lines)


@dataclass(frozen=True, slots=True)
class LaidOut:
    """The prose of a document, where each page's text starts in it, and its page labels."""

    text: str
    page_starts: tuple[int, ...]
    page_labels: tuple[str, ...]


def lay_out(pages: list[Page]) -> LaidOut:
    """The document's prose in reading order, furniture left out, pages located."""
    running = _running_keys(pages)
    numbers: list[int | None] = []
    flows: list[list[list[Line]]] = []
    for page in pages:
        body, number = _body(page, running)
        numbers.append(number)
        flows.append(_reading_order(body, page.width))
    writer = _Writer(_lexicon(pages), _line_step(flows))
    for page_flows in flows:
        writer.start_page()
        for flow in page_flows:
            writer.add_flow(flow)
    return LaidOut(writer.text(), tuple(writer.starts), _labels(numbers))


def _body(page: Page, running: frozenset[str]) -> tuple[list[Line], int | None]:
    """The page's lines less its furniture, and its printed number (None if not found).

    Furniture: margin lines that are a page number, that run on many pages, or that share
    the page number's line (a running head such as "Chapter 2: Syntax ... 3").
    """
    margin = [line for line in page.lines if _in_margin(line, page)]
    numbered = [line for line in margin if _page_number(line.text) is not None]
    number = _page_number(numbered[0].text) if numbered else None
    # Identities, not equality: a hostile page of 10,000 equal lines stays linear.
    left_out = {id(line) for line in numbered}
    rows = numbered[:_NUMBER_ROWS]
    for line in margin:
        if _key(line.text) in running or any(_same_row(line, other) for other in rows):
            left_out.add(id(line))
    return [line for line in page.lines if id(line) not in left_out], number


def _same_row(line: Line, other: Line) -> bool:
    return abs((line.y0 + line.y1) - (other.y0 + other.y1)) / 2 < (other.y1 - other.y0) / 2


def _in_margin(line: Line, page: Page) -> bool:
    middle = (line.y0 + line.y1) / 2
    return middle > page.height * (1 - TEXT_MARGIN) or middle < page.height * TEXT_MARGIN


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.casefold().split()))


def _page_number(text: str) -> int | None:
    """The number of a line that is only a page number; roman numerals count as found (0)."""
    match = _PAGE_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else 0


def _running_keys(pages: list[Page]) -> frozenset[str]:
    """Margin lines (numbers ignored) that recur on enough pages to be running heads/feet."""
    if len(pages) < 2:
        return frozenset()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(line.text) for line in page.lines if _in_margin(line, page)})
    # Three pages are enough in a long document: chapter titles run over a few pages each.
    needed = max(2, min(3, math.ceil(len(pages) * _RUNNING_SHARE)))
    return frozenset(key for key, count in counts.items() if count >= needed)


def _labels(numbers: list[int | None]) -> tuple[str, ...]:
    """Printed page numbers: the offset from the physical page most pages agree on."""
    offsets = Counter(number - index for index, number in enumerate(numbers) if number)
    if offsets:
        offset, votes = offsets.most_common(1)[0]
        found = sum(1 for number in numbers if number)
        # Two pages agreeing (or a one-page document's own number), and most found agreeing.
        agreed = votes >= 2 or (found == 1 and len(numbers) == 1)
        if agreed and votes * 2 >= found:
            # Pages before the printed page 1 are front matter: i, ii, iii...
            return tuple(
                str(index + offset) if index + offset > 0 else _roman(index + 1)
                for index in range(len(numbers))
            )
    return tuple(str(index + 1) for index in range(len(numbers)))


def _roman(number: int) -> str:
    """Lower-case roman numerals, as front matter is numbered (1 -> "i", 14 -> "xiv")."""
    result = ""
    for value, letters in _ROMAN:
        while number >= value:
            result += letters
            number -= value
    return result


def _reading_order(lines: list[Line], width: float) -> list[list[Line]]:
    """The page's flows of lines: full-width lines alone, two columns left then right."""
    ordered = sorted(lines, key=lambda line: (-line.y1, line.x0))
    gutter = _gutter(ordered, width)
    if gutter is None:
        return [ordered] if ordered else []
    flows: list[list[Line]] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in ordered:
        if line.x1 <= gutter:
            left.append(line)
        elif line.x0 >= gutter:
            right.append(line)
        else:  # a full-width line ends the columns above it
            flows.extend(flow for flow in (left, right) if flow)
            left, right = [], []
            flows.append([line])
    flows.extend(flow for flow in (left, right) if flow)
    return flows


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of a column gap crossed by few lines, with lines on both sides; None if none."""
    if len(lines) < 6:
        return None
    best: tuple[int, float] | None = None
    for step in range(int(width * 0.3), int(width * 0.7), 2):
        x = float(step)
        crossing = sum(1 for line in lines if line.x0 < x < line.x1)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    if best is None or best[0] > len(lines) * 0.2:
        return None
    x = best[1]
    left = sum(1 for line in lines if line.x1 <= x)
    right = sum(1 for line in lines if line.x0 >= x)
    return x if left >= 3 and right >= 3 else None


def _line_step(flows: list[list[list[Line]]]) -> float:
    """The usual distance between baselines of consecutive lines (points)."""
    steps = [
        upper.y0 - lower.y0
        for page in flows
        for flow in page
        for upper, lower in itertools.pairwise(flow)
        if upper.y0 > lower.y0
    ]
    # A low quantile, not the median: in a short text paragraph gaps may be half the steps.
    return sorted(steps)[int(len(steps) * 0.3)] if steps else 12.0


def _lexicon(pages: list[Page]) -> frozenset[str]:
    """Every word written whole somewhere in the document, to decide line-end hyphens."""
    return frozenset(
        word.casefold()
        for page in pages
        for line in page.lines
        for word in _WORD.findall(line.text)
    )


class _Writer:
    """Accumulates paragraphs and the offset where each page's text starts."""

    def __init__(self, lexicon: frozenset[str], step: float) -> None:
        self._lexicon = lexicon
        self._step = step
        self._parts: list[str] = []
        self._length = 0
        self._last: Line | None = None
        self._flow_left = 0.0
        self._flow_right = 0.0
        self._page_pending = False
        self.starts: list[int] = []

    def text(self) -> str:
        return "".join(self._parts)

    def start_page(self) -> None:
        self.starts.append(self._length)
        self._page_pending = True

    def add_flow(self, flow: list[Line]) -> None:
        left = min(line.x0 for line in flow)
        right = max(line.x1 for line in flow)
        previous = self._last
        for index, line in enumerate(flow):
            same_flow = index > 0
            if previous is None:
                glue = ""
            elif same_flow:
                glue = self._glue_within(previous, line, left, right)
            else:
                glue = self._glue_across(previous, line, left)
            self._write(glue, line.text)
            previous = line
        self._last = previous
        self._flow_left, self._flow_right = left, right

    def _glue_within(self, upper: Line, lower: Line, left: float, right: float) -> str:
        if upper.y0 - lower.y0 > self._step * 1.4 or _indented(lower, left, upper):
            return "\n\n"
        if _resized(upper, lower):
            return "\n\n"
        if upper.x1 < right - (right - left) * 0.15 and _SENTENCE_END.search(upper.text):
            return "\n\n"
        return self._join(upper.text, lower.text)

    def _glue_across(self, upper: Line, lower: Line, left: float) -> str:
        if _resized(upper, lower):
            return "\n\n"  # a heading above, or a caption or footnote below
        short = upper.x1 < self._flow_right - (self._flow_right - self._flow_left) * 0.15
        if _SENTENCE_END.search(upper.text) and (short or _indented(lower, left, None)):
            return "\n\n"
        if not _SENTENCE_END.search(upper.text) or lower.text[:1].islower():
            return self._join(upper.text, lower.text)
        return "\n\n"

    def _join(self, upper: str, lower: str) -> str:
        """ " " between lines, or "" after a line-end hyphen that splits a word (then the
        hyphen itself is taken back: see ``_write``)."""
        if not upper.endswith(_HYPHENS) or len(upper) < 2 or not upper[-2].isalpha():
            return " "
        if lower[:1].islower():
            if upper.endswith("\xad") or (
                upper[-2].islower() and not self._real_hyphen(upper, lower)
            ):
                return "\b"
            return "\a"
        # "Mexican-" + "American": the hyphen is real, and a soft one before a capital goes.
        return "\b" if upper.endswith("\xad") else ("\a" if lower[:1].isalpha() else " ")

    def _real_hyphen(self, upper: str, lower: str) -> bool:
        words = _WORD.findall(upper[:-1])
        head = words[-1].casefold() if words else ""
        tail_words = _WORD.findall(lower)
        tail = tail_words[0].casefold() if tail_words else ""
        if f"{head}-{tail}" in self._lexicon and f"{head}{tail}" not in self._lexicon:
            return True
        return head.rsplit("-", 1)[-1] in _KEPT_PREFIXES and f"{head}{tail}" not in self._lexicon

    def _write(self, glue: str, text: str) -> None:
        if glue == "\b":  # drop the hyphen the previous line ended with
            self._parts[-1] = self._parts[-1][:-1]
            self._length -= 1
            glue = ""
        elif glue == "\a":  # a real hyphen: the words join without a space
            glue = ""
        self._parts.append(glue)
        self._length += len(glue)
        if self._page_pending:
            self.starts[-1] = self._length
            self._page_pending = False
        self._parts.append(text)
        self._length += len(text)


def _resized(upper: Line, lower: Line) -> bool:
    """Lines whose type sizes differ by a fifth or more belong to different paragraphs."""
    high, low = upper.y1 - upper.y0, lower.y1 - lower.y0
    return abs(high - low) > 0.2 * max(min(high, low), 1.0)


def _indented(line: Line, left: float, upper: Line | None) -> bool:
    """A first-line indent: the line starts about an em or more right of its column."""
    em = max(line.y1 - line.y0, 6.0)
    if upper is not None and upper.x0 > left + em * 0.8:
        return False  # the line above was indented too: a block quote or a list, not a start
    return em * 0.8 < line.x0 - left < em * 6
