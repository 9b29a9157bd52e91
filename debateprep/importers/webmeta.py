"""A web page's cite fields as trafilatura's metadata functions find them.

trafilatura (Apache-2.0) reads JSON-LD, a long list of meta tags, the elements sites use for
bylines, and (through htmldate) the publication date in all the places pages hide it. It finds
far more authors and dates on real saved pages than meta tags alone. We use only its metadata:
the article text stays our own extraction (``htmltext.py``), so the stored text is exactly the
text we chose. Any failure inside the library (it parses with lxml, which has limits of its
own) falls back to the meta tags: metadata is a bonus, never a reason to refuse a page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from debateprep.text.article_lines import is_name

logger = logging.getLogger(__name__)

# Pages above this size skip the library: a real article is well under it, and its extensive
# date search would cost seconds on a 20 MB file.
MAX_LIBRARY_MARKUP = 3 * 1024 * 1024
# Its cost grows with the number of elements (about 0.17 ms per paragraph); real saved pages
# have under 3,000 tags, so a page with more than this is skipped, bounding it to ~2 s.
MAX_LIBRARY_TAGS = 10_000
_AUTHOR_JUNK = frozenset({"username", "admin", "staff", "author", "editor", "unknown", "none"})
_HTTP = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WebMeta:
    """What the library found; empty strings where it found nothing."""

    title: str = ""
    author: str = ""
    date: str = ""  # ISO 'YYYY-MM-DD'
    sitename: str = ""


def library_metadata(markup: str, url: str = "") -> WebMeta:
    """trafilatura's title, authors, date and site name for ``markup``; empty on any failure."""
    if len(markup) > MAX_LIBRARY_MARKUP or not markup.strip():
        return WebMeta()
    if markup.count("<") > MAX_LIBRARY_TAGS:
        logger.info("page has over %d tags; cite fields from meta tags only", MAX_LIBRARY_TAGS)
        return WebMeta()
    try:
        # Imported here: it loads lxml, htmldate and dateparser, which the CLI's other
        # commands do not need.
        from trafilatura.metadata import extract_metadata

        found = extract_metadata(markup, default_url=url or None)
    except Exception:  # a library failure must never refuse a page we could read
        logger.warning("trafilatura could not read the page's metadata", exc_info=True)
        return WebMeta()
    return WebMeta(
        title=_text(found.title),
        author=clean_authors(_text(found.author)),
        date=_text(found.date)[:10],
        sitename=_text(found.sitename),
    )


def clean_authors(value: str) -> str:
    """'Jane Doe; JANE DOE; Username' -> 'Jane Doe': split, drop junk and repeats, join."""
    names: dict[str, str] = {}
    for part in re.split(r"\s*;\s*", value):
        name = " ".join(part.split())
        if not is_name(name) or name.casefold() in _AUTHOR_JUNK or _HTTP.match(name):
            continue  # "January 26, 2017" read off a byline's date is not an author
        names.setdefault(name.casefold(), name)
    return ", ".join(names.values())


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""
