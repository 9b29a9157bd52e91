"""MLA 9 and APA 7 entries: a cite's fields written out in each style's order and punctuation.

:mod:`debateprep.text.citations` chooses the style and renders the result; this module holds
what the two academic styles need beyond the debate line: their dates ("7 Mar. 2018",
"2018, March 7"), their author lists ("Sessions, Jeff, and Jane Doe"; "Sessions, J., & Doe,
J."), and the entries themselves. A field we cannot read stays as the user typed it.
"""

from __future__ import annotations

from debateprep.records import Cite
from debateprep.text.cite_fields import (
    MONTH_NAMES,
    Person,
    clean_field,
    initials,
    parse_date,
    read_authors,
    unquoted_title,
)
from debateprep.text.styled_text import EntryBuilder, StyledText, sentence

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


# --- Entries ----------------------------------------------------------------------------


def _quoted_sentence(title: str) -> str:
    """MLA's ``"Title."``: the period inside the quotes; "?", "!" or "…" replace it."""
    return f'"{sentence(title)}"'


def mla_parts(cite: Cite) -> StyledText:
    """``Sessions, Jeff. "Title." *Outlet*, 7 Mar. 2018, URL. Accessed 1 May 2024.``"""
    entry = EntryBuilder()
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
    # MLA 9's location: the pages ("pp. 12–13") before the URL.
    container = [_mla_date(cite.date), clean_field(cite.pages), clean_field(cite.url)]
    entry.add(outlet, italic=True)
    for index, piece in enumerate(piece for piece in container if piece):
        entry.add(piece, ", " if outlet or index else " ")
    if outlet or any(container):
        entry.end()
    if clean_field(cite.accessed):
        entry.add("Accessed " + _mla_date(cite.accessed))
        entry.end()
    return entry.styled()


def apa_parts(cite: Cite) -> StyledText:
    """``Sessions, J. (2018, March 7). Title. *Outlet*. URL``.

    Without an outlet the title is the work itself and goes in italics; without an author
    the title takes the author's place; with neither, the outlet does.
    """
    entry = EntryBuilder()
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
    if clean_field(cite.pages):
        # Where in the work the card's quote is ("pp. 12–13"), as APA's in-text cite gives it.
        entry.add(clean_field(cite.pages))
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
