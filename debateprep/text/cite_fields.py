"""Reading the free text users type into cite fields: names, years, dates, titles.

Every function guesses politely and never fails: a field it cannot read is handed back as
typed (or as nothing), so the citation styles in :mod:`debateprep.text.citations` can always print
what the user wrote.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from debateprep.text.markdown_text import collapse_whitespace

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
        # Newspapers and wire services quoted as speakers ("Washington Times").
        *("times", "journal", "tribune", "gazette", "herald", "magazine", "chronicle"),
        # Company suffixes, with or without their period ("Acme Inc.").
        *("inc", "llc", "ltd", "corp", "corporation", "company", "plc", "gmbh"),
    }
)
# Connectors between several authors, and "et al." after the first ones.
_AUTHOR_SEPARATOR = re.compile(r"\s+(?:and|&)\s+|\s*;\s*", re.IGNORECASE)
_ET_AL = re.compile(r",?\s+et\.?\s+al\b.*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_TRAILING_TWO_DIGIT_YEAR = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](\d{2})$")


def is_suffix(word: str) -> bool:
    return word.lower().rstrip(".") in _SUFFIXES


def is_organisation(name: str) -> bool:
    words = re.findall(r"[\w.'’-]+", name)
    if len(words) > 1 and words[0] == "The":
        return True  # "The Daily Beast": people's names do not start with an article
    return any(
        word.lower().rstrip(".") in _ORGANISATION_WORDS
        or (word.islower() and word not in _PARTICLES and word != "and")
        for word in words
    )


def _surname_of_ordered_name(name: str) -> str:
    """The last name of "First Middle Last Jr.": the last word, with its particles."""
    words = name.split()
    while len(words) > 1 and is_suffix(words[-1]):
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
    if is_organisation(author):
        return author
    first = _AUTHOR_SEPARATOR.split(author, maxsplit=1)[0].strip(" ,")
    parts = [part.strip() for part in first.split(",")]
    parts = [part for part in parts if part and not is_suffix(part)]
    if not parts:
        return ""
    if len(parts) == 1:
        return _surname_of_ordered_name(parts[0])
    # "Sessions, Jeff" or "de la Cruz, Maria": the part before the comma is the surname.
    # "Jeff Sessions, Jane Doe" is a list of full names: take the first one's surname.
    if len(parts[0].split()) == 1 or _is_given_name(parts[1]):
        return parts[0]
    return _surname_of_ordered_name(parts[0])


def year_span(date: str) -> tuple[int, int] | None:
    """Where the year sits in a free-text date: a four-digit year, else a d/m/yy ending."""
    match = _YEAR.search(date) or _TRAILING_TWO_DIGIT_YEAR.search(date)
    return match.span(1) if match else None


def short_year(date: str) -> str:
    """Two-digit year of a free-text date: "2018-03-07" and "March 2018" -> "18"; else ""."""
    date = collapse_whitespace(date or "")
    span = year_span(date)
    return date[span[1] - 2 : span[1]] if span else ""


def clean_field(value: str | None) -> str:
    """A field as one line, without the separators users leave at its end."""
    return collapse_whitespace(value or "").rstrip(",;:").rstrip()


_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def unquoted_title(title: str) -> str:
    """A title between quotes without the quotes users already typed around it.

    Only a matching pair around the whole title goes: a title may end with a quoted phrase
    of its own (… Threat To Public Safety’).
    """
    title = title.strip()
    if len(title) >= 2 and _QUOTE_PAIRS.get(title[0]) == title[-1]:
        return title[1:-1].strip()
    return title


MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
_MONTH_NUMBERS = {
    **{name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DATE_FORMS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # 2018-03-07, 2018/3/7, 2018-03, 2018-03-07T10:00:00Z
        r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?(?:[T ].*)?",
        # 3-7-18, 3/7/2018, 03.07.2018: American month first, as debaters write it
        r"(?P<month>\d{1,2})[-/.](?P<day>\d{1,2})[-/.](?P<year>\d{4}|\d{2})",
        r"(?P<month>\d{1,2})[-/.](?P<year>\d{4})",  # 3/2018
        _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+(?P<year>\d{4})",  # March 7, 2018
        _WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+(?P<year>\d{4})",  # 7 March 2018
        _MONTH + r",?\s+(?P<year>\d{4})",  # March 2018
        r"(?P<year>\d{4})",
    )
)
# Two-digit years: 00-49 are this century, 50-99 the last (a fixed rule keeps exports stable).
_CENTURY_PIVOT = 50


@dataclass(frozen=True, slots=True)
class CiteDate:
    """A date read from free text: the year, and the month and day when the text gave them."""

    year: int
    month: int | None = None
    day: int | None = None


def parse_date(text: str) -> CiteDate | None:
    """The date in a cite field ("2018-03-07", "3-7-18", "March 7, 2018", "2018"), or None.

    None when the text is not one of the forms we know (such text is printed as typed).
    A day-first date shows itself when the first number cannot be a month ("25/12/2018").
    """
    text = clean_field(text).rstrip(".")
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        fields = match.groupdict()
        year = int(fields["year"])
        if len(fields["year"]) == 2:
            year += 2000 if year < _CENTURY_PIVOT else 1900
        month_text = fields.get("month") or ""
        month = int(month_text) if month_text.isdigit() else _MONTH_NUMBERS.get(month_text.lower())
        day = int(fields["day"]) if fields.get("day") else None
        if month_text and month is None:
            return None
        if day is not None and month is not None and month > 12 and day <= 12:
            month, day = day, month
        try:
            datetime.date(year, month or 1, day or 1)
        except ValueError:
            return None
        return CiteDate(year, month, day)
    return None


@dataclass(frozen=True, slots=True)
class Person:
    """One author: a family name (or an organisation's whole name), given names, suffix."""

    family: str
    given: str = ""
    suffix: str = ""
    organisation: bool = False


def _strip_period(name: str) -> str:
    """A name without its final period, unless the period closes an initial ("J.")."""
    words = name.split()
    if words and len(words[-1].rstrip(".")) > 1:
        return name.rstrip(".").rstrip()
    return name


def _ordered_person(name: str) -> Person:
    """ "Jeff Beauregard Sessions III" -> family Sessions, given Jeff Beauregard, suffix III."""
    words = name.split()
    suffixes: list[str] = []
    while len(words) > 1 and is_suffix(words[-1]):
        suffixes.insert(0, words.pop())
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return Person(
        family=_strip_period(" ".join(words[start:])),
        given=_strip_period(" ".join(words[:start])),
        suffix=" ".join(suffixes),
    )


def read_authors(author: str) -> tuple[list[Person], bool]:
    """The authors named in a free-text author field, and whether it ended with "et al."

    Follows :func:`last_name`'s reading, so the first person's family name is the last name
    the debate cite puts in bold.
    """
    author = collapse_whitespace(author or "")
    et_al = bool(_ET_AL.search(author))
    author = _ET_AL.sub("", author).strip(" ,;")
    if not author:
        return [], et_al
    if is_organisation(author):
        return [Person(_strip_period(author), organisation=True)], et_al
    people: list[Person] = []
    for chunk in _AUTHOR_SEPARATOR.split(author):
        parts = [part.strip() for part in chunk.split(",") if part.strip()]
        while parts:
            if is_suffix(parts[0]):
                # "King, Martin Luther, Jr.": the suffix belongs to the person before it.
                if people and not people[-1].organisation:
                    last = people[-1]
                    suffix = f"{last.suffix} {parts[0]}".strip()
                    people[-1] = Person(last.family, last.given, suffix)
                parts.pop(0)
                continue
            if (
                len(parts) > 1
                and not is_suffix(parts[1])
                and (len(parts[0].split()) == 1 or _is_given_name(parts[1]))
            ):
                people.append(Person(_strip_period(parts[0]), _strip_period(parts[1])))
                del parts[:2]
            else:
                people.append(_ordered_person(parts.pop(0)))
    return [person for person in people if person.family], et_al


def initials(given: str) -> str:
    """APA initials: "Jeff Beauregard" -> "J. B.", "Jean-Paul" -> "J.-P.", "J.B." -> "J. B."."""
    out = []
    for word in given.replace(".", ". ").split():
        letters = [next((ch for ch in piece if ch.isalpha()), "") for piece in word.split("-")]
        initials = [
            (letter.upper() if len(letter.upper()) == 1 else letter) + "."
            for letter in letters
            if letter
        ]
        if initials:
            out.append("-".join(initials))
    return " ".join(out)
