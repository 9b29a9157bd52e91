"""Citations the way debaters write them: last names, short years, Verbatim cite lines.

``last_name`` and ``short_year`` work on the free text users type into cite fields, so they
guess politely and never fail. ``debate_cite`` and ``full_reference`` return Markdown (through
the exporters' one escaping mechanism); ``short_cite`` returns plain text for callers to
escape where they place it.
"""

from __future__ import annotations

import re

from debateprep.exporters.markdown_text import collapse_whitespace, marked_inline
from debateprep.records import Cite, SourceRecord

# Name suffixes that are not the last name ("Martin Luther King, Jr.", "Jeff Sessions III").
_SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "v", "phd", "ph.d", "md", "m.d", "esq", "jd", "j.d"}
)
# Lowercase words that belong to a surname ("Maria de la Cruz" -> "de la Cruz").
_PARTICLES = frozenset({"de", "del", "della", "der", "di", "da", "du", "la", "le", "van", "von"})
# Words that mark an organisation, whose whole name stands in for a last name.
_ORGANISATION_WORDS = frozenset(
    {
        *("administration", "agency", "alliance", "association", "board", "bureau", "center"),
        *("centre", "coalition", "commission", "committee", "council", "court", "department"),
        *("editors", "editorial", "foundation", "group", "institute", "institution", "network"),
        *("news", "office", "organization", "organisation", "press", "project", "service"),
        *("services", "society", "staff", "union", "university"),
    }
)
# Connectors between several authors, and "et al." after the first ones.
_AUTHOR_SEPARATOR = re.compile(r"\s+(?:and|&)\s+|\s*;\s*", re.IGNORECASE)
_ET_AL = re.compile(r",?\s+et\.?\s+al\b.*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_TRAILING_TWO_DIGIT_YEAR = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](\d{2})$")
_SHORT_TITLE_WORDS = 4


def _is_suffix(word: str) -> bool:
    return word.lower().rstrip(".") in _SUFFIXES


def _is_organisation(name: str) -> bool:
    words = re.findall(r"[\w.'’-]+", name)
    return any(
        word.lower() in _ORGANISATION_WORDS
        or (word.islower() and word not in _PARTICLES and word != "and")
        for word in words
    )


def _surname_of_ordered_name(name: str) -> str:
    """The last name of "First Middle Last Jr.": the last word, with its particles."""
    words = name.split()
    while len(words) > 1 and _is_suffix(words[-1]):
        words.pop()
    if not words:
        return ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:])


def _is_given_name(text: str) -> bool:
    """True for "Jeff" or "J. B.": what follows the comma in "Sessions, Jeff"."""
    words = text.split()
    return len(words) == 1 or all(len(word.rstrip(".")) <= 1 for word in words)


def last_name(author: str) -> str:
    """The first author's last name: "Jeff Sessions", "Sessions, Jeff" -> "Sessions".

    Several authors ("A and B", "A; B", "A, B", "A et al.") give the first one's; suffixes
    (Jr., III) are skipped; an organisation keeps its whole name; blank gives "".
    """
    author = _ET_AL.sub("", collapse_whitespace(author or ""))
    if not author:
        return ""
    if _is_organisation(author):
        return author
    first = _AUTHOR_SEPARATOR.split(author, maxsplit=1)[0].strip(" ,")
    parts = [part.strip() for part in first.split(",")]
    parts = [part for part in parts if part and not _is_suffix(part)]
    if not parts:
        return ""
    if len(parts) == 1:
        return _surname_of_ordered_name(parts[0])
    # "Sessions, Jeff" or "de la Cruz, Maria": the part before the comma is the surname.
    # "Jeff Sessions, Jane Doe" is a list of full names: take the first one's surname.
    if len(parts[0].split()) == 1 or _is_given_name(parts[1]):
        return parts[0]
    return _surname_of_ordered_name(parts[0])


def _year_span(date: str) -> tuple[int, int] | None:
    """Where the year sits in a free-text date: a four-digit year, else a d/m/yy ending."""
    match = _YEAR.search(date) or _TRAILING_TWO_DIGIT_YEAR.search(date)
    return match.span(1) if match else None


def short_year(date: str) -> str:
    """Two-digit year of a free-text date: "2018-03-07" and "March 2018" -> "18"; else ""."""
    date = collapse_whitespace(date or "")
    span = _year_span(date)
    return date[span[1] - 2 : span[1]] if span else ""


def _clean(value: str | None) -> str:
    """A field as one line, without the separators users leave at its end."""
    return collapse_whitespace(value or "").rstrip(",;:").rstrip()


_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def _quoted_title(title: str) -> str:
    """A title between quotes without the quotes users already typed around it.

    Only a matching pair around the whole title goes: a title may end with a quoted phrase
    of its own (… Threat To Public Safety’).
    """
    title = title.strip()
    if len(title) >= 2 and _QUOTE_PAIRS.get(title[0]) == title[-1]:
        return title[1:-1].strip()
    return title


def debate_cite(cite: Cite) -> str:
    """The Verbatim/openCaselist one-line cite, in Markdown.

    ``Jeff **Sessions**, Attorney General, 3-7-**2018**, "Title," Outlet, URL, accessed 5-1-24``:
    the last name and the year inside the date are bold; missing fields are skipped.
    """
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

    author = _clean(cite.author)
    surname = last_name(author)
    at = author.rfind(surname) if surname else -1
    add(author, bold_span=(at, at + len(surname)) if at >= 0 else None)
    add(_clean(cite.qualifications))
    date = _clean(cite.date)
    add(date, bold_span=_year_span(date) or (0, len(date)))
    title = _quoted_title(_clean(cite.title))
    after_title = ", "
    if title:
        # American style keeps the comma inside the quotes; "?" and "!" replace it.
        followed = any(_clean(value) for value in (cite.outlet, cite.url, cite.accessed))
        ending = "," if followed and title[-1] not in "?!" else ""
        add(f'"{title.rstrip(".,") if ending else title}{ending}"')
        after_title = " "
    rest = [_clean(cite.outlet), _clean(cite.url)]
    if _clean(cite.accessed):
        rest.append("accessed " + _clean(cite.accessed))
    for index, field in enumerate(value for value in rest if value):
        add(field, separator=after_title if index == 0 else ", ")
    return marked_inline(text, bold)


def short_cite(cite: Cite) -> str:
    """Plain-text short cite: "Sessions 18", "Sessions", "Reuters 18", "Border wall costs… 18".

    Without an author the outlet stands in, then the title's first words; "Unknown source" only
    when every one of those is empty.
    """
    year = short_year(cite.date)
    name = last_name(cite.author) or _clean(cite.outlet)
    if not name:
        words = _quoted_title(_clean(cite.title)).split()
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
    author = _clean(source.author)
    qualifications = _clean(source.qualifications)
    if author:
        text = _sentence(f"{author} ({qualifications})" if qualifications else author) + " "
    title = _quoted_title(_clean(source.title))
    if title:
        text += f'"{_sentence(title)}" '
    outlet, date = _clean(source.outlet), _clean(source.date)
    if outlet:
        italic.append((len(text), len(text) + len(outlet)))
        text += outlet + (", " if date else "")
    text += date
    if outlet or date:
        text = _sentence(text) + " "
    if _clean(source.url):
        text += _sentence(_clean(source.url)) + " "
    if _clean(source.accessed):
        text += _sentence("Accessed " + _clean(source.accessed))
    return marked_inline(text.strip() or "Untitled source", italic, marker="*")
