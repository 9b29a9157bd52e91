"""A one-line cite read back into its fields: author, qualifications, date, title, outlet, URL.

Two readings, tried in order. The exact one looks for fields that give back this very line,
bold spans included, as DebatePrep's debate cite (``citations.cite_parts(..., "debate")``): it
splits the line at its ", " separators, guided by the bold last name and year, and checks every
guess by rendering it, so a cite DebatePrep wrote, a quoted speaker's too (read in
importers/speaker_cite.py), comes back to the same line. The loose one reads the cites people
type (a URL, "accessed ...", a quoted title, a date with a year, and Verbatim's ``Hardy 00
[Aaron Hardy, ...]`` short form) and is marked as a guess, so the caller keeps the line too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from debateprep.importers.speaker_cite import read_speaker_cite
from debateprep.records import Cite
from debateprep.text.cardtext import NO_CITATION
from debateprep.text.citations import cite_parts, raw_debate_parts
from debateprep.text.cite_gaps import NO_DATE, UNTITLED
from debateprep.text.intervals import merge_spans
from debateprep.text.markdown_text import collapse_whitespace

Span = tuple[int, int]

_SEPARATOR = ", "
_ACCESSED = "accessed "
# Beyond this many ", "-separated pieces the exact reading would try too many splits; such a
# line is not one DebatePrep wrote from sensible fields anyway.
_MAX_PIECES = 40
_MAX_TITLE_GUESSES = 12
_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)  # fmt: skip
_DATE_PIECE = re.compile(
    r"^(?:\d{1,4}(?:st|nd|rd|th)?|(?:" + "|".join(_MONTHS) + r")[a-z]*\.?(?: \d{1,2})?)$",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s\"“”<>]+", re.IGNORECASE)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:\S+|www\.\S+|[\w-]+(?:\.[\w-]+)+(?:/\S*)?)$", re.I)
_LOOSE_ACCESSED = re.compile(
    r"(?:date\s+)?(?:accessed|retrieved|DOA)\s*:?\s*([^,;\[\]()]+)", re.IGNORECASE
)
_LOOSE_TITLE = re.compile(r"[\"“]([^\"“”]+)[\"”]")
_YEARISH = re.compile(r"(?<!\d)(?:\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?!\d)")
_SHORT_FORM = re.compile(r"^(.{1,60}?)\s*[\[(](.+)[\])]\s*$")


@dataclass(frozen=True, slots=True)
class ParsedCite:
    """The fields read from a cite line; ``exact`` when they render back to the same line."""

    cite: Cite
    exact: bool


def parse_cite_line(text: str, bold: Sequence[Span] = ()) -> ParsedCite:
    """Read a cite line whose ``bold`` spans (the Cite-styled runs) are known.

    DebatePrep's "⚠ No citation" placeholder reads as an empty cite.
    """
    # Touching bold runs are one span.
    spans = tuple(merge_spans(bold, len(text)))
    if text == NO_CITATION:
        return ParsedCite(Cite(), exact=True)
    if not collapse_whitespace(text):
        return ParsedCite(Cite(), exact=True)
    exact = read_speaker_cite(text, spans, _exact) or next(_exact(text, spans), None)
    if exact is not None:
        return ParsedCite(exact, exact=True)
    return ParsedCite(_loose(collapse_whitespace(text)), exact=False)


def looks_like_cite(text: str) -> bool:
    """A line without bold that still reads as a cite: a year or date, a URL, a quoted title."""
    return (
        text == NO_CITATION
        or bool(_YEARISH.search(text) or _URL.search(text))
        or bool(_LOOSE_TITLE.search(text))
    )


# --- The exact reading -------------------------------------------------------------------


def _renders(cite: Cite, text: str, bold: tuple[Span, ...]) -> bool:
    parts = cite_parts(cite, "debate")
    return parts.text == text and parts.bold == bold


def _variants(cite: Cite) -> Iterator[Cite]:
    """A guess, and the readings of the stand-ins the debate cite leads with when there is
    no author: a title's first words or the bold outlet (read as a date with no year)."""
    yield cite
    if not cite.author and not cite.qualifications and cite.date:
        yield replace(cite, date="")
        if not cite.outlet:
            yield replace(cite, date="", outlet=cite.date)
    if not cite.title:
        yield replace(cite, title=UNTITLED)  # the "[Untitled]" placeholder alone


def _without_stand_ins(
    text: str, bold: tuple[Span, ...]
) -> tuple[str, tuple[Span, ...], int | None]:
    """The line without the pieces the debate cite adds for missing fields: a bold "n.d."
    and "[Untitled]"; the fields are guessed on what is left, then checked on the whole. The
    third value is how many pieces precede a removed "n.d." (where the date was)."""
    kept: list[str] = []
    date_at: int | None = None
    new_bold: list[Span] = []
    at = 0
    for start, end in _pieces(text):
        piece = text[start:end]
        if piece == NO_DATE and (start, end) in bold:
            date_at = len(kept)
            continue
        if piece == UNTITLED:
            continue
        if kept:
            at += len(_SEPARATOR)
        new_bold += [(s - start + at, e - start + at) for s, e in bold if start <= s < end]
        kept.append(piece)
        at += len(piece)
    return _SEPARATOR.join(kept), tuple(new_bold), date_at


def _pieces(text: str, offset: int = 0) -> list[Span]:
    """(start, end) of the ", "-separated pieces of ``text``, shifted by ``offset``."""
    spans = []
    start = 0
    while True:
        at = text.find(_SEPARATOR, start)
        if at < 0:
            spans.append((offset + start, offset + len(text)))
            return spans
        spans.append((offset + start, offset + at))
        start = at + len(_SEPARATOR)


def _exact(text: str, bold: tuple[Span, ...]) -> Iterator[Cite]:
    """Every reading found that renders ``text`` and ``bold``, likeliest first."""
    if text != collapse_whitespace(text) or len(bold) > 2 or text.count(_SEPARATOR) >= _MAX_PIECES:
        return
    line, marks, date_at = _without_stand_ins(text, bold)
    for cite in _readings(line, marks, date_at):
        for variant in _variants(cite):
            if _renders(variant, text, bold):
                yield variant
    # Without an author the outlet, else a title's first words, leads in bold (commas and
    # all): read the rest, then put the outlet back (or let the title make the lead again).
    lead = marks[0][1] if marks and marks[0][0] == 0 else 0
    if lead and line.startswith(_SEPARATOR, lead):
        shift, count = lead + len(_SEPARATOR), len(_pieces(line[:lead]))
        rest = tuple((s - shift, e - shift) for s, e in marks[1:])
        after = date_at - count if date_at is not None and date_at >= count else None
        for cite in _readings(line[shift:], rest, after):
            for variant in (cite, replace(cite, outlet=line[:lead])):
                if not cite.author and not cite.outlet and _renders(variant, text, bold):
                    yield variant


def _readings(line: str, marks: tuple[Span, ...], date_at: int | None) -> Iterator[Cite]:
    for head_end, title, tail_start in _title_splits(line):
        if any(end > head_end for _start, end in marks):
            continue  # only the author and the date are bold, and both precede the title
        yield from _guesses(line, marks, head_end, title, tail_start, date_at)


def _title_splits(text: str) -> Iterator[tuple[int, str | None, int]]:
    """Ways to read a quoted title: (end of the fields before it, title, start of the rest).

    Without a title the whole line is "before" it. The title opens a piece (at the start or
    after ", ") and closes at the end of the line or before a space.
    """
    guesses = 0
    for match in re.finditer('"', text):
        start = match.start()
        if start and text[start - 2 : start] != _SEPARATOR:
            continue
        head_end = max(0, start - len(_SEPARATOR))
        for close in re.finditer('"', text[start + 1 :]):
            end = start + 1 + close.start()
            followed = end + 1 < len(text)
            if followed and text[end + 1] != " ":
                continue
            inner = text[start + 1 : end]
            if followed:
                # The debate cite puts a comma inside the quotes when more follows ("?" and
                # "!" take its place).
                if inner.endswith(","):
                    inner = inner[:-1]
                elif not inner.endswith(("?", "!")):
                    continue
            if not inner:
                continue
            yield head_end, inner, end + 2 if followed else len(text)
            guesses += 1
            if guesses >= _MAX_TITLE_GUESSES:
                return
    yield len(text), None, len(text)


def _guesses(
    text: str,
    bold: tuple[Span, ...],
    head_end: int,
    title: str | None,
    tail_start: int,
    date_at: int | None = None,
) -> Iterator[Cite]:
    """Field guesses for one title reading, likeliest first."""
    head = _pieces(text[:head_end]) if head_end else []
    if title is not None:
        tail_text = text[tail_start:]
        for author, qualifications, date in _heads(text, head, bold, len(head)):
            for outlet, url, accessed in _tails(tail_text):
                yield Cite(author, qualifications, date, title, outlet, url, accessed)
        return
    # No title: the pieces after the date (or the qualifications) are outlet, URL, accessed.
    splits = _head_lengths(text, head, bold)
    if date_at is not None and date_at <= len(head) and date_at not in splits:
        splits.append(date_at)  # the head ends where the "n.d." was
    for split in splits:
        tail_text = text[head[split][0] :] if split < len(head) else ""
        for author, qualifications, date in _heads(text, head, bold, split):
            for outlet, url, accessed in _tails(tail_text):
                yield Cite(author, qualifications, date, "", outlet, url, accessed)


def _piece_index(pieces: list[Span], offset: int) -> int:
    for index, (start, end) in enumerate(pieces):
        if start <= offset < end:
            return index
    return -1


def _date_like(text: str, pieces: list[Span], start: int, stop: int) -> bool:
    return all(_DATE_PIECE.match(text[s:e]) for s, e in pieces[start:stop])


def _head_lengths(text: str, pieces: list[Span], bold: tuple[Span, ...]) -> list[int]:
    """How many pieces author, qualifications and date may take when no title follows."""
    if not pieces:
        return [0]
    last = _piece_index(pieces, bold[-1][0]) if bold else -1
    options: list[int] = []
    if bold:
        # The last bold span is the date's year (or the author's name): the head ends at
        # most a few pieces later ("March 7, 2018" is two pieces).
        for stop in range(last + 1, min(len(pieces), last + 3) + 1):
            options.append(stop)
        options.append(last + 1)
    else:
        options.append(0)
    # Qualifications without a date run until something that looks like a URL.
    url_at = next(
        (i for i, (s, e) in enumerate(pieces) if _URL_LIKE.match(text[s:e]) or
         text[s:e].startswith(_ACCESSED)),
        len(pieces),
    )  # fmt: skip
    options += [url_at, len(pieces)]
    seen: list[int] = []
    for option in options:
        if option not in seen and 0 <= option <= len(pieces):
            seen.append(option)
    return seen


def _heads(
    text: str, pieces: list[Span], bold: tuple[Span, ...], stop: int
) -> Iterator[tuple[str, str, str]]:
    """(author, qualifications, date) from ``pieces[:stop]``, guided by the bold spans."""

    def join(start: int, end: int) -> str:
        return text[pieces[start][0] : pieces[end - 1][1]] if start < end else ""

    def author_ok(end: int) -> bool:
        author = join(0, end)
        parts = raw_debate_parts(Cite(author=author))
        return parts.text == author and parts.bold == (bold[0],)

    def date_ok(start: int) -> bool:
        date = join(start, stop)
        shift = pieces[start][0]
        parts = raw_debate_parts(Cite(date=date))
        return parts.text == date and parts.bold == ((bold[-1][0] - shift, bold[-1][1] - shift),)

    def dates(last: int) -> list[int]:
        # Where the date may start: at the year's piece or up to two pieces before it. Pieces
        # that read as parts of a date ("March 7, 2018") join it first, the longest date first.
        starts = range(max(0, last - 2), last + 1)
        likely = [s for s in starts if _date_like(text, pieces, s, last)]
        others = [s for s in reversed(starts) if s not in likely]
        return [s for s in [*likely, *others] if date_ok(s)]

    if stop == 0:
        yield "", "", ""
        return
    if not bold:
        yield "", join(0, stop), ""
        return
    first = _piece_index(pieces[:stop], bold[0][0])
    last = _piece_index(pieces[:stop], bold[-1][0])
    if first < 0 or last < 0:
        return
    if len(bold) == 2:
        for date_start in dates(last):
            for author_end in range(date_start, first, -1):  # the longest author first
                if author_ok(author_end):
                    yield join(0, author_end), join(author_end, date_start), join(date_start, stop)
        return
    # One bold span: the author's last name or the date's year. A date with a digit is the
    # likeliest reading, then an author, then a date without one ("n.d.", "Spring").
    as_date = dates(last)
    with_digit = [s for s in as_date if any(ch.isdigit() for ch in join(s, stop))]
    for start in with_digit:
        yield "", join(0, start), join(start, stop)
    for end in range(stop, first, -1):
        if author_ok(end):
            yield join(0, end), join(end, stop), ""
    for start in as_date:
        if start not in with_digit:
            yield "", join(0, start), join(start, stop)


def _tails(tail: str) -> Iterator[tuple[str, str, str]]:
    """(outlet, url, accessed) from what follows the title or date, likeliest first."""
    if not tail:
        yield "", "", ""
        return
    pieces = [tail[s:e] for s, e in _pieces(tail)]
    endings: list[tuple[list[str], str]] = []
    if pieces[-1].startswith(_ACCESSED):
        endings.append((pieces[:-1], pieces[-1][len(_ACCESSED) :]))
    endings.append((pieces, ""))
    for rest, accessed in endings:
        splits = list(range(len(rest), -1, -1))
        # A URL-looking last piece is the URL; otherwise everything is the outlet.
        if rest and _URL_LIKE.match(rest[-1]):
            splits.remove(len(rest) - 1)
            splits.insert(0, len(rest) - 1)
        for split in splits:
            yield _SEPARATOR.join(rest[:split]), _SEPARATOR.join(rest[split:]), accessed


# --- The loose reading -------------------------------------------------------------------


def _loose(line: str) -> Cite:
    """Fields guessed from a cite people typed; whatever is not recognised is left out."""
    short = _SHORT_FORM.match(line)
    if short and _SEPARATOR in short.group(2):
        line = short.group(2)  # "Hardy 00 [Aaron Hardy, creator of Verbatim, ...]"
    url = ""
    urls = list(_URL.finditer(line))
    if urls:
        url = urls[-1].group().rstrip(".,;)]")
        line = line.replace(url, " ", 1)
    accessed = ""
    found = _LOOSE_ACCESSED.search(line)
    if found:
        accessed = found.group(1).strip(" .")
        line = line[: found.start()] + line[found.end() :]
    title = ""
    before, after = line, ""
    quoted = _LOOSE_TITLE.search(line)
    if quoted:
        title = quoted.group(1).strip(" ,.")
        before, after = line[: quoted.start()], line[quoted.end() :]
    pieces = [piece.strip(" .;:") for piece in before.split(",")]
    pieces = [piece for piece in pieces if piece]
    author = qualifications = date = ""
    date_at = next((i for i in range(len(pieces) - 1, -1, -1) if _YEARISH.search(pieces[i])), None)
    if date_at is not None:
        date = pieces[date_at]
        # "March 7, 2018": the month and day sit in the piece before the year.
        if date_at > 1 and _DATE_PIECE.match(pieces[date_at - 1]) and date.isdigit():
            date = f"{pieces[date_at - 1]}, {date}"
            date_at -= 1
        author = pieces[0] if date_at > 0 else ""
        qualifications = ", ".join(pieces[1:date_at])
        after = ", ".join(pieces[date_at + 1 + (date.count(",") or 0) :]) + ", " + after
    elif pieces:
        author = pieces[0]
        qualifications = ", ".join(pieces[1:])
    outlet = ", ".join(piece.strip(" .;:") for piece in after.split(",") if piece.strip(" .;:"))
    return Cite(
        author=author,
        qualifications=qualifications,
        date=date,
        title=title,
        outlet=outlet,
        url=url,
        accessed=accessed,
    )
