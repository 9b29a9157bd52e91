"""Citations: Verbatim debate cites, MLA 9 and APA 7 entries, short and in-text cites.

``cite_parts`` builds a cite in one of the three styles as plain text plus bold/italic spans,
for any renderer (Markdown, SVG, Word); ``format_cite``, ``format_reference``, ``debate_cite``
and ``full_reference`` return Markdown through the exporters' one escaping mechanism;
``short_cite`` and ``in_text_cite`` return plain text for callers to escape where they place
it. The fields are read by :mod:`debateprep.text.cite_fields` (``last_name``, ``short_year`` and
``parse_date`` are re-exported here), so every style degrades the same way on what users type.

MLA and APA have no place for an author's qualifications, and titles keep the capitalisation
the user typed (changing it would mangle proper nouns we cannot recognise).
"""

from __future__ import annotations

from dataclasses import dataclass

from debateprep.formats import CITE_STYLES, CiteStyle
from debateprep.records import Cite, SourceRecord
from debateprep.text.cite_fields import (
    MONTH_NAMES,
    CiteDate,
    Person,
    clean_field,
    initials,
    last_name,
    parse_date,
    read_authors,
    short_year,
    unquoted_title,
    year_span,
)
from debateprep.text.markdown_text import marked_inline, styled_inline

# Re-exported: callers have always asked this module for names and years.
__all__ = [
    "CITE_STYLES",
    "REFERENCES_HEADING",
    "CiteDate",
    "CiteStyle",
    "StyledText",
    "cite_parts",
    "debate_cite",
    "format_cite",
    "format_reference",
    "full_reference",
    "in_text_cite",
    "last_name",
    "parse_date",
    "short_cite",
    "short_year",
]

_SHORT_TITLE_WORDS = 4
# What a reference list is called in each style.
REFERENCES_HEADING: dict[CiteStyle, str] = {
    "debate": "References",
    "mla": "Works Cited",
    "apa": "References",
}


@dataclass(frozen=True, slots=True)
class StyledText:
    """Plain text and the (start, end) spans of it set in bold and in italics."""

    text: str
    bold: tuple[tuple[int, int], ...] = ()
    italic: tuple[tuple[int, int], ...] = ()

    def markdown(self) -> str:
        """The text as one escaped line of Markdown, spans marked."""
        return styled_inline(self.text, self.bold, self.italic)


def _debate_parts(cite: Cite) -> StyledText:
    """``Jeff Sessions, Attorney General, 3-7-2018, "Title," Outlet, URL, accessed 5-1-24``."""
    text = ""
    bold: list[tuple[int, int]] = []

    def add(field: str, separator: str = ", ", bold_span: tuple[int, int] | None = None) -> None:
        nonlocal text
        if not field:
            return
        if text:
            text += separator
        if bold_span is not None:
            bold.append((len(text) + bold_span[0], len(text) + bold_span[1]))
        text += field

    author = clean_field(cite.author)
    surname = last_name(author)
    at = author.rfind(surname) if surname else -1
    add(author, bold_span=(at, at + len(surname)) if at >= 0 else None)
    add(clean_field(cite.qualifications))
    date = clean_field(cite.date)
    add(date, bold_span=year_span(date) or (0, len(date)))
    title = unquoted_title(clean_field(cite.title))
    after_title = ", "
    if title:
        # American style keeps the comma inside the quotes; "?" and "!" replace it.
        followed = any(clean_field(value) for value in (cite.outlet, cite.url, cite.accessed))
        ending = "," if followed and title[-1] not in "?!" else ""
        add(f'"{title.rstrip(".,") if ending else title}{ending}"')
        after_title = " "
    rest = [clean_field(cite.outlet), clean_field(cite.url)]
    if clean_field(cite.accessed):
        rest.append("accessed " + clean_field(cite.accessed))
    for index, field in enumerate(value for value in rest if value):
        add(field, separator=after_title if index == 0 else ", ")
    return StyledText(text, bold=tuple(bold))


def debate_cite(cite: Cite) -> str:
    """The Verbatim/openCaselist one-line cite, in Markdown.

    ``Jeff **Sessions**, Attorney General, 3-7-**2018**, "Title," Outlet, URL, accessed 5-1-24``:
    the last name and the year inside the date are bold; missing fields are skipped.
    """
    parts = _debate_parts(cite)
    return marked_inline(parts.text, parts.bold)


def short_cite(cite: Cite) -> str:
    """Plain-text short cite: "Sessions 18", "Sessions", "Reuters 18", "Border wall costs… 18".

    Without an author the outlet stands in, then the title's first words; "Unknown source" only
    when every one of those is empty.
    """
    year = short_year(cite.date)
    name = last_name(cite.author) or clean_field(cite.outlet)
    if not name:
        words = unquoted_title(clean_field(cite.title)).split()
        name = " ".join(words[:_SHORT_TITLE_WORDS])
        if len(words) > _SHORT_TITLE_WORDS:
            name += "…"
    if not name:
        return f"Unknown source {year}".rstrip()
    return f"{name} {year}".rstrip()


def _sentence(text: str) -> str:
    return text if not text or text[-1] in ".?!…" else text + "."


def full_reference(source: SourceRecord) -> str:
    """A reference-list entry in Markdown, outlet in italics.

    ``Jeff Sessions (Attorney General). "Title." *Outlet*, March 7, 2018. URL. Accessed 5-1-24.``
    """
    text = ""
    italic: list[tuple[int, int]] = []
    author = clean_field(source.author)
    qualifications = clean_field(source.qualifications)
    if author:
        text = _sentence(f"{author} ({qualifications})" if qualifications else author) + " "
    title = unquoted_title(clean_field(source.title))
    if title:
        text += f'"{_sentence(title)}" '
    outlet, date = clean_field(source.outlet), clean_field(source.date)
    if outlet:
        italic.append((len(text), len(text) + len(outlet)))
        text += outlet + (", " if date else "")
    text += date
    if outlet or date:
        text = _sentence(text) + " "
    if clean_field(source.url):
        text += _sentence(clean_field(source.url)) + " "
    if clean_field(source.accessed):
        text += _sentence("Accessed " + clean_field(source.accessed))
    return marked_inline(text.strip() or "Untitled source", italic, marker="*")


# --- Dates -------------------------------------------------------------------------------

# MLA 9 abbreviates months longer than four letters ("Sept." is its own choice).
_MLA_MONTHS = (
    *("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct."),
    *("Nov.", "Dec."),
)


def _mla_date(text: str) -> str:
    """``7 Mar. 2018``, ``Mar. 2018``, ``2018``; text we cannot read stays as typed."""
    date = parse_date(text)
    if date is None:
        return clean_field(text)
    parts = [str(date.day) if date.day else "", _MLA_MONTHS[date.month - 1] if date.month else ""]
    return " ".join(part for part in [*parts, str(date.year)] if part)


def _apa_date(text: str) -> str:
    """``2018, March 7``, ``2018, March``, ``2018``; text we cannot read stays as typed."""
    date = parse_date(text)
    if date is None:
        # Brackets the user typed would double ours.
        return clean_field(text).strip("()[] ")
    if date.month is None:
        return str(date.year)
    month = MONTH_NAMES[date.month - 1]
    return f"{date.year}, {month} {date.day}" if date.day else f"{date.year}, {month}"


def _us_date(text: str) -> str:
    """``May 1, 2024`` (APA's retrieval date); text we cannot read stays as typed."""
    date = parse_date(text)
    if date is None or date.month is None:
        return clean_field(text)
    month = MONTH_NAMES[date.month - 1]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


# --- Authors -----------------------------------------------------------------------------


def _mla_name(person: Person, *, first: bool) -> str:
    """MLA: the first author inverted ("Sessions, Jeff, Jr."), later ones in order."""
    if person.organisation or not person.given:
        return ", ".join(part for part in (person.family, person.suffix) if part)
    if first:
        return ", ".join(part for part in (person.family, person.given, person.suffix) if part)
    name = f"{person.given} {person.family}"
    return f"{name}, {person.suffix}" if person.suffix else name


def _mla_authors(author: str) -> str:
    """``Sessions, Jeff``; ``Sessions, Jeff, and Jane Doe``; ``Sessions, Jeff, et al.``."""
    people, et_al = read_authors(author)
    if not people:
        return ""
    first = _mla_name(people[0], first=True)
    if et_al or len(people) > 2:
        return f"{first}, et al."
    if len(people) == 2:
        return f"{first}, and {_mla_name(people[1], first=False)}"
    return first


def _apa_name(person: Person) -> str:
    if person.organisation:
        return person.family
    letters = initials(person.given)
    return ", ".join(part for part in (person.family, letters, person.suffix) if part)


# APA 7 lists up to 20 authors; beyond that the first 19, an ellipsis, and the last.
_APA_MAX_AUTHORS = 20


def _apa_authors(author: str) -> str:
    """``Sessions, J.``; ``Sessions, J., & Doe, J.``; ``A, A., B, B., & C, C.``."""
    people, et_al = read_authors(author)
    names = [_apa_name(person) for person in people]
    if not names:
        return ""
    if et_al:
        return ", ".join(names) + ", et al."
    if len(names) > _APA_MAX_AUTHORS:
        return ", ".join(names[: _APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


# --- Building an entry -------------------------------------------------------------------

_SENTENCE_ENDS = ".?!…"


class _Entry:
    """Plain text grown piece by piece, keeping punctuation single where pieces meet."""

    def __init__(self) -> None:
        self.text = ""
        self.italic: list[tuple[int, int]] = []

    def add(self, piece: str, separator: str = " ", *, italic: bool = False) -> None:
        if not piece:
            return
        if self.text:
            # A title ending "?" or "!" takes the place of the comma or period after it, and
            # an abbreviation's period ("Inc.", "Jr.") that of a sentence's.
            last = self.text[-1]
            if (separator[:1] == "." and last in _SENTENCE_ENDS) or (
                separator[:1] == "," and last in "?!"
            ):
                separator = separator[1:] or " "
            self.text += separator
        if italic:
            self.italic.append((len(self.text), len(self.text) + len(piece)))
        self.text += piece

    def end(self) -> None:
        """Close the sentence with a period unless it already ends with one (or ? or !)."""
        if self.text and self.text[-1] not in _SENTENCE_ENDS:
            self.text += "."

    def styled(self) -> StyledText:
        return StyledText(self.text, italic=tuple(self.italic))


def _quoted_sentence(title: str) -> str:
    """MLA's ``"Title."``: the period inside the quotes; "?", "!" or "…" replace it."""
    return f'"{_sentence(title)}"'


def _mla_parts(cite: Cite) -> StyledText:
    """``Sessions, Jeff. "Title." *Outlet*, 7 Mar. 2018, URL. Accessed 1 May 2024.``"""
    entry = _Entry()
    outlet = clean_field(cite.outlet)
    authors = _mla_authors(cite.author)
    if authors and authors.casefold() == outlet.casefold():
        # MLA: a work an organisation both wrote and published starts with its title.
        authors = ""
    entry.add(authors)
    entry.end()
    title = unquoted_title(clean_field(cite.title))
    if title:
        entry.add(_quoted_sentence(title))
    # The container sentence: outlet, date and URL separated by commas.
    container = [_mla_date(cite.date), clean_field(cite.url)]
    entry.add(outlet, italic=True)
    for index, piece in enumerate(piece for piece in container if piece):
        entry.add(piece, ", " if outlet or index else " ")
    if outlet or any(container):
        entry.end()
    if clean_field(cite.accessed):
        entry.add("Accessed " + _mla_date(cite.accessed))
        entry.end()
    return entry.styled()


def _apa_parts(cite: Cite) -> StyledText:
    """``Sessions, J. (2018, March 7). Title. *Outlet*. URL``.

    Without an outlet the title is the work itself and goes in italics; without an author
    the title takes the author's place; with neither, the outlet does.
    """
    entry = _Entry()
    authors = _apa_authors(cite.author)
    title = unquoted_title(clean_field(cite.title))
    outlet = clean_field(cite.outlet)
    if authors and authors.casefold() == outlet.casefold():
        outlet = ""  # APA: a publisher that is also the author is not repeated
    date = _apa_date(cite.date)
    lead, lead_italic = authors, False
    if not lead and title:
        lead, lead_italic, title = title, not outlet, ""
    elif not lead and outlet:
        lead, lead_italic, outlet = outlet, True, ""
    if lead:
        entry.add(lead, italic=lead_italic)
        entry.end()
        entry.add(f"({date or 'n.d.'})")
        entry.end()
    elif date:
        entry.add(f"({date})")
        entry.end()
    if title:
        entry.add(title, italic=not outlet)
        entry.end()
    if outlet:
        entry.add(outlet, italic=True)
        entry.end()
    url, accessed = clean_field(cite.url), clean_field(cite.accessed)
    if accessed:
        # APA gives a retrieval date only for pages that change; users who typed one want it.
        entry.add(f"Retrieved {_us_date(accessed)}" + (f", from {url}" if url else ""))
        if not url:
            entry.end()
    elif url:
        entry.add(url)  # APA: no period after a URL, which might be read as part of it
    return entry.styled()


def cite_parts(cite: Cite, style: CiteStyle) -> StyledText:
    """The cite in ``style``: the debate line (bold last name and year), MLA 9 or APA 7.

    Every style skips what is missing; an empty cite gives empty text.
    """
    if style == "debate":
        return _debate_parts(cite)
    if style == "mla":
        return _mla_parts(cite)
    if style == "apa":
        return _apa_parts(cite)
    raise ValueError(f"unknown citation style {style!r}")


def format_cite(cite: Cite, style: CiteStyle = "debate") -> str:
    """The cite in ``style`` as one line of escaped Markdown (empty when the cite is)."""
    return cite_parts(cite, style).markdown()


def format_reference(source: SourceRecord, style: CiteStyle = "debate") -> str:
    """A reference-list entry in Markdown: :func:`full_reference` for debate, else the style's
    full entry (which is already a reference-list entry); "Untitled source" when empty."""
    if style == "debate":
        return full_reference(source)
    return format_cite(source.cite, style) or "Untitled source"


def in_text_cite(cite: Cite, style: CiteStyle = "debate") -> str:
    """A plain-text short cite: debate "Sessions 18", MLA "Sessions", APA "Sessions, 2018".

    Two authors are joined ("Sessions and Doe"; APA "Sessions & Doe"), more become "et al.";
    without an author the outlet or the title's first words stand in, as in :func:`short_cite`.
    """
    if style == "debate":
        return short_cite(cite)
    people, et_al = read_authors(cite.author)
    families = [person.family for person in people]
    if et_al or len(families) > 2:
        name = f"{families[0]} et al."
    elif len(families) == 2:
        name = f"{families[0]} {'&' if style == 'apa' else 'and'} {families[1]}"
    elif families:
        name = families[0]
    else:
        name = short_cite(Cite(outlet=cite.outlet, title=cite.title))
        name = "" if name == "Unknown source" else name
        if not clean_field(cite.outlet) and name:
            name = f'"{name}"'  # MLA and APA quote a title standing in for an author
    if style == "mla":
        return name or "Unknown source"
    date = parse_date(cite.date)
    year = str(date.year) if date else (clean_field(cite.date) or "n.d.")
    return f"{name or 'Unknown source'}, {year}"
