"""Verbatim's layout: the paragraphs of a Word file of debate cards become cards.

A card in Verbatim is a Heading 4 tag (also Verbatim's "Tag" style, or any paragraph at outline
level 4), the next non-empty paragraph as its cite, then the card text until the next heading;
Heading 1-3 (Pocket, Hat, Block) give the card's place. Inside the card text Verbatim's three
read-aloud levels are kept: highlighted runs, "Emphasis" (bold underlined) runs and underlined
runs. Paragraphs in an "Analytic"
style after the card text are its notes; a tag with no cite and card text is an analytic and
is counted, not imported.

The card texts, in order and separated by blank lines, are the text of the source the cards
quote, so every quote is an exact span of it and its highlights are offsets inside the quote.
Reading the file itself, under its limits, is :mod:`debateprep.importers.verbatim_docx`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from debateprep.importers.cite_line import looks_like_cite, parse_cite_line
from debateprep.importers.document import title_from_name
from debateprep.importers.wordml import Paragraph
from debateprep.records import Cite, Highlight, ReadLevel
from debateprep.text.intervals import intersect_spans, merge_spans, subtract_spans
from debateprep.text.markdown_text import collapse_whitespace

Span = tuple[int, int]
Spans = tuple[Span, ...]

MAX_TITLE = 200
# Between two paragraphs of a card, and between two cards in the source's text.
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class VerbatimCard:
    """One evidence card read from the file; ``start``/``end`` index the document text."""

    tag: str
    cite: Cite
    cite_line: str  # the cite paragraph as written, one line
    cite_exact: bool  # ``cite`` renders back to exactly ``cite_line`` as a debate cite
    start: int
    end: int
    quote: str
    highlights: tuple[Highlight, ...]  # read-aloud ranges inside the quote, with levels
    notes: str = ""
    headings: tuple[str, str, str] = ("", "", "")  # the pocket, hat and block above it


@dataclass(frozen=True, slots=True)
class VerbatimDocument:
    """What a Verbatim file holds: the source text its cards quote, and the cards."""

    title: str
    text: str
    cards: tuple[VerbatimCard, ...]
    skipped: int = 0  # tags without a cite and card text (analytics)


def _cite_like(paragraph: Paragraph) -> bool:
    """A cite has a bold (Cite) run, or reads like one: a year, a URL or a quoted title."""
    return bool(paragraph.bold) or looks_like_cite(paragraph.text)


@dataclass(slots=True)
class _Builder:
    """The document text growing card by card."""

    pieces: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, quote: str) -> tuple[int, int]:
        if self.pieces:
            self.pieces.append(PARAGRAPH_BREAK)
            self.length += len(PARAGRAPH_BREAK)
        start = self.length
        self.pieces.append(quote)
        self.length += len(quote)
        return start, self.length


def assemble(paragraphs: list[Paragraph], name: str) -> VerbatimDocument:
    """The cards under the tags among ``paragraphs``; ``name`` titles a file with no heading."""
    title = ""
    headings = ["", "", ""]
    cards: list[VerbatimCard] = []
    skipped = 0
    text = _Builder()
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        index += 1
        if paragraph.title and not title and not cards:
            # A Title paragraph above the headings (our export) names the brief.
            title = collapse_whitespace(paragraph.text)[:MAX_TITLE]
            continue
        if not paragraph.level or not paragraph.text.strip():
            continue
        line = collapse_whitespace(paragraph.text)
        title = title or line[:MAX_TITLE]
        if paragraph.level < 4:
            headings[paragraph.level - 1] = line
            for deeper in range(paragraph.level, 3):
                headings[deeper] = ""
            continue
        following = []
        while index < len(paragraphs) and not (
            paragraphs[index].level and paragraphs[index].text.strip()
        ):
            following.append(paragraphs[index])
            index += 1
        card = _card(line, following, (headings[0], headings[1], headings[2]), text)
        if card is None:
            skipped += 1
        else:
            cards.append(card)
    return VerbatimDocument(
        title=title or title_from_name(name),
        text="".join(text.pieces),
        cards=tuple(cards),
        skipped=skipped,
    )


def _card(
    tag: str, following: list[Paragraph], headings: tuple[str, str, str], text: _Builder
) -> VerbatimCard | None:
    """The card under ``tag``, or None for an analytic (no cite and card text)."""
    # Indexes, not pop(0): thousands of empty paragraphs after a tag stay linear.
    first = next((i for i, p in enumerate(following) if p.text.strip()), len(following))
    if first == len(following) or following[first].analytic:
        return None
    cite = following[first]
    body: list[Paragraph] = []
    notes: list[Paragraph] = []
    for paragraph in following[first + 1 :]:
        if paragraph.analytic or notes:
            notes.append(paragraph)
        else:
            body.append(paragraph)
    filled = [index for index, paragraph in enumerate(body) if paragraph.text.strip()]
    if not filled:
        return None
    body = body[filled[0] : filled[-1] + 1]
    quote, read = _card_text(body)
    if not quote or not (_cite_like(cite) or any(p.underline or p.highlight for p in body)):
        return None
    parsed = parse_cite_line(cite.text, cite.bold)
    start, end = text.add(quote)
    return VerbatimCard(
        tag=tag,
        cite=parsed.cite,
        cite_line=collapse_whitespace(cite.text),
        cite_exact=parsed.exact,
        start=start,
        end=end,
        quote=quote,
        highlights=read,
        notes=PARAGRAPH_BREAK.join(paragraph.text for paragraph in notes).strip(),
        headings=headings,
    )


def _card_text(body: list[Paragraph]) -> tuple[str, tuple[Highlight, ...]]:
    """The card text (paragraphs joined by blank lines) and its read-aloud ranges by level.

    Highlighted runs are highlights; bold underlined ones ("Emphasis") emphasis; other
    underlined runs underline, except under a highlight, which Verbatim underlines anyway. A
    range running to the end of one paragraph and on from the start of the next is one range:
    the export splits a read passage that spans a paragraph break the same way.
    """
    pieces: list[str] = []
    spans: dict[ReadLevel, list[Span]] = {level: [] for level in ReadLevel}
    ends: set[int] = set()  # where a paragraph ends
    starts: set[int] = set()  # where one starts
    offset = 0
    for paragraph in body:
        if pieces:
            ends.add(offset)
            pieces.append(PARAGRAPH_BREAK)
            offset += len(PARAGRAPH_BREAK)
        starts.add(offset)
        plain_underline = subtract_spans(paragraph.underline, paragraph.bold)
        marks = {
            ReadLevel.HIGHLIGHT: paragraph.highlight,
            ReadLevel.EMPHASIS: intersect_spans(paragraph.bold, paragraph.underline),
            ReadLevel.UNDERLINE: subtract_spans(plain_underline, paragraph.highlight),
        }
        for level, found in marks.items():
            spans[level] += [(offset + s, offset + e) for s, e in found]
        pieces.append(paragraph.text)
        offset += len(paragraph.text)
    quote = "".join(pieces)
    # Quotes never start or end with white space (a cut card's span is trimmed the same way).
    lead = len(quote) - len(quote.lstrip())
    stripped = quote.strip()
    read: list[Highlight] = []
    for level, level_spans in spans.items():
        for start, end in _joined(quote, level_spans, starts, ends):
            start, end = max(0, start - lead), min(len(stripped), end - lead)
            if start < end:
                read.append(Highlight(start, end, level))
    order = list(ReadLevel)
    return stripped, tuple(sorted(read, key=lambda m: (m.start, m.end, order.index(m.level))))


def _joined(quote: str, spans: list[Span], starts: set[int], ends: set[int]) -> list[Span]:
    """Spans merged, and joined across paragraph breaks (and empty paragraphs) between them."""
    merged: list[Span] = []
    for start, end in merge_spans(spans):
        if (
            merged
            and merged[-1][1] in ends
            and start in starts
            and not quote[merged[-1][1] : start].strip("\n")
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
