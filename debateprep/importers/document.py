"""The result every importer returns, and the title fallbacks the formats share.

An ``ImportedDocument`` is plain data: the text exactly as it will be stored and quoted, plus
whatever citation metadata the file carried (empty string when unknown). The library turns it
into a source; importers never touch the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

MAX_TITLE_LINE = 200  # longer first lines are paragraphs, not titles
TITLE_WORDS = 12  # how many words of an opening paragraph make a stand-in title
MAX_STAND_IN = 90

_STEM_SEPARATORS = re.compile(r"[\s_\-]+")


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """One imported source: its quotable text and the citation fields found in the file."""

    text: str  # the article text as the user will quote it
    title: str = ""
    author: str = ""
    qualifications: str = ""
    outlet: str = ""  # site / publication
    date: str = ""  # as found; ISO 'YYYY-MM-DD' when a meta tag gave a full date/time
    url: str = ""
    accessed: str = ""
    lean: str = ""
    origin: str = ""  # the file name it came from (path.name)
    # PDF: the offset in ``text`` where each page's text starts, and its printed page number
    # ("1043"; the physical page "1", "2"... when none is printed), one per page.
    page_starts: tuple[int, ...] = ()
    page_labels: tuple[str, ...] = ()
    # Boilerplate part (issue 13): [start, end) spans of ``text`` hidden from the default
    # reader view, search snippets and packets (ads, "CLICK HERE", captions, copyright), and
    # what the import should tell the user (front matter read leniently...).
    hidden: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()


def title_from_name(name: str) -> str:
    """A readable title from a file name: 'border_wall-costs.txt' -> 'border wall costs'."""
    path = PurePath(name)
    stem = path.stem if path.suffix else path.name
    return _STEM_SEPARATORS.sub(" ", stem).strip() or path.name


def title_from_text(text: str, name: str) -> str:
    """The first non-empty line when it reads like a title, else a title from the file name.

    A line counts as a title when it is short and the text goes on after it; a one-line file
    or a first line that is a whole paragraph says nothing about the title.
    """
    lines = text.lstrip().split("\n", 1)
    first = lines[0].strip()
    rest = lines[1] if len(lines) > 1 else ""
    if first and len(first) <= MAX_TITLE_LINE and rest.strip():
        return first
    if len(first) > MAX_TITLE_LINE:
        # A text that opens with a paragraph: its first words name it better than a file
        # name such as "001_c8a0ed64.txt" would.
        opening = " ".join(first.split()[:TITLE_WORDS])
        if len(opening) > MAX_STAND_IN:
            opening = opening[:MAX_STAND_IN].rsplit(" ", 1)[0]
        return opening + "…"
    return title_from_name(name)


def base_name(name: str) -> str:
    """Just the file name, whether we were given a bare name or a path."""
    return PurePath(name).name or name
