"""A debate cite led by a quoted speaker, read back into the speaker's and the article's fields.

DebatePrep writes such a cite (text/citations.py ``_with_speaker``) as the speaker, their
qualifications, "quoted in", the article's short cite, then the article's own debate cite in
parentheses: ``Eric **Garcetti**, Mayor of Los Angeles, quoted in **Kraychik 17** (Robert
Kraychik, [2017], "Title")``. Only the speaker's last name and the short cite are bold, so the
article's cite comes without the bold name and year the exact reader (importers/cite_line.py)
is guided by; the short cite ("Surname YY", "Stand-in… YY", "… n.d.") tells where they sit.
Every guess is checked by rendering the whole line, so a line that only looks like the form
is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import islice, product

from debateprep.records import Cite
from debateprep.text.citations import cite_parts
from debateprep.text.cite_fields import is_suffix
from debateprep.text.cite_gaps import NO_DATE

Span = tuple[int, int]
# The plain exact reader: the readings that render ``text`` with these bold spans.
ExactReader = Callable[[str, tuple[Span, ...]], Iterator[Cite]]

_SEPARATOR = ", "
_QUOTED_IN = ", quoted in "
# Guesses at where the article's name and year sit, and ways to split the speaker from their
# qualifications: more would only be tried on lines no sensible fields give.
_MAX_MARKS = 48
_MAX_READINGS = 16
_MAX_SPEAKER_CUTS = 40
# A date without a year is bold whole; it may take this many ", "-separated pieces.
_MAX_DATE_PIECES = 3
_TWO_DIGIT_YEAR = re.compile(r" (\d\d)$")
_FULL_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_TRAILING_SHORT_YEAR = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](\d\d)(?!\d)")


def read_speaker_cite(text: str, bold: tuple[Span, ...], exact: ExactReader) -> Cite | None:
    """The fields, speaker included, that render ``text`` and ``bold`` as a debate cite led
    by a quoted speaker; None when the line is not one."""
    if not bold or not text.endswith(")"):
        return None
    start, end = bold[-1]
    if not text.startswith(" (", end) or not text[:start].endswith(_QUOTED_IN):
        return None
    lead, short, article = text[:start], text[start:end], text[end + 2 : -1]
    speakers = list(_speakers(lead, bold[:-1]))
    if not speakers:
        return None
    for marks in _article_marks(article, short):
        # Fields that give the same article cite may give another short cite: try several.
        for cite in islice(exact(article, marks), _MAX_READINGS):
            for article_cite, (speaker, quals) in product(_same_article(cite), speakers):
                found = replace(article_cite, speaker=speaker, speaker_quals=quals)
                parts = cite_parts(found, "debate")
                if parts.text == text and parts.bold == bold:
                    return found
    return None


def _same_article(cite: Cite) -> Iterator[Cite]:
    """Fields that may give the same article cite but another short cite: a bold lead read
    as an author may be a stand-in (a title's first words, likeliest when they match, or the
    outlet), and no date may be a typed "n.d."."""
    leads = [cite]
    if cite.author and not cite.qualifications and not cite.outlet:
        untitled = replace(cite, author="")
        leads = [untitled, cite, replace(untitled, outlet=cite.author)]
    for lead in leads:
        yield lead
        if not lead.date:
            yield replace(lead, date=NO_DATE)


def _speakers(lead: str, marks: tuple[Span, ...]) -> Iterator[tuple[str, str]]:
    """(speaker, qualifications) that give ``lead`` ("…, quoted in ") with the speaker's bold
    last name at ``marks``; the shortest speaker first, as names rarely hold a comma (the
    same line may come from both: either reading gives it back)."""
    head = lead[: -len(_QUOTED_IN)]
    cuts = [match.start() for match in re.finditer(_SEPARATOR, head)][:_MAX_SPEAKER_CUTS]
    cuts.append(len(head))
    # "Martin Luther King, Jr.": a suffix ends the name rather than starting the quals.
    cuts.sort(key=lambda cut: is_suffix(head[cut + len(_SEPARATOR) :].split(",")[0]))
    for cut in cuts:
        speaker, quals = head[:cut], head[cut + len(_SEPARATOR) :]
        parts = cite_parts(Cite(speaker=speaker, speaker_quals=quals), "debate")
        lead_bold = tuple(span for span in parts.bold if span[1] <= len(lead))
        if parts.text.startswith(lead) and lead_bold == marks:
            yield speaker, quals


def _pieces(text: str) -> list[Span]:
    """(start, end) of the ", "-separated pieces of ``text``."""
    spans: list[Span] = []
    start = 0
    for match in re.finditer(_SEPARATOR, text):
        spans.append((start, match.start()))
        start = match.end()
    return [*spans, (start, len(text))]


def _article_marks(article: str, short: str) -> Iterator[tuple[Span, Span]]:
    """Bold spans the article's own debate cite may have had: its name, then its date's year
    (or "n.d.", or a whole date without a year), as the short cite reads; likeliest first."""
    pieces = _pieces(article)
    tried = 0
    for name, dates in _short_readings(article, short, pieces):
        for name_span in _name_spans(article, name, pieces):
            for date_span in dates:
                if date_span[0] < name_span[1] + len(_SEPARATOR):
                    continue  # the date follows the name (and any qualifications)
                yield name_span, date_span
                tried += 1
                if tried >= _MAX_MARKS:
                    return


def _short_readings(article: str, short: str, pieces: list[Span]) -> list[tuple[str, list[Span]]]:
    """(name, where the date's bold may be) for each way to read the short cite."""
    readings: list[tuple[str, list[Span]]] = []
    if short.endswith(" " + NO_DATE):
        # No date: the article's cite has a bold "n.d." piece.
        spans = [(s, e) for s, e in pieces if article[s:e] == NO_DATE]
        readings.append((short[: -len(NO_DATE) - 1], spans))
    year = _TWO_DIGIT_YEAR.search(short)
    if year:
        digits = year.group(1)
        spans = [m.span() for m in _FULL_YEAR.finditer(article) if m.group().endswith(digits)]
        spans += [m.span(1) for m in _TRAILING_SHORT_YEAR.finditer(article) if m.group(1) == digits]
        readings.append((short[: year.start()], sorted(spans)))
    # A date without a year adds nothing to the short cite and is bold whole.
    whole = [
        (pieces[first][0], pieces[last][1])
        for first in range(len(pieces))
        for last in range(first, min(first + _MAX_DATE_PIECES, len(pieces)))
    ]
    readings.append((short, whole))
    return readings


def _name_spans(article: str, name: str, pieces: list[Span]) -> list[Span]:
    """Where the bold name may sit: wherever the short cite's name appears (the author's last
    name, or the whole stand-in), then a whole lead of a few pieces (an author whose last
    name cannot be read is bold whole, and the short cite names something else)."""
    spans = [(m.start(), m.start() + len(name)) for m in re.finditer(re.escape(name), article)]
    spans += [(0, end) for _start, end in pieces[:_MAX_DATE_PIECES]]
    return list(dict.fromkeys(span for span in spans if span[0] < span[1]))
