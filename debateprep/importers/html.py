"""Import a saved web page (.html, .htm): the article's paragraphs and its citation metadata.

The text is the page's ``<article>`` (or ``<main>``, else the body) as plain paragraphs separated
by blank lines, with chrome such as menus, share bars and ads left out (see ``htmltext.py`` for
the parsing). Citation fields come from the meta tags publishers add for social cards, Google
Scholar and Dublin Core. Bytes are decoded like text files, except that a charset the page
declares in its first 2 KB replaces Windows-1252 as the fallback when UTF-8 fails. The result
is plain text: no markup, script or link target survives, only what a reader would see.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from debateprep.errors import UserError
from debateprep.importers.decoding import decode_bytes
from debateprep.importers.document import ImportedDocument, base_name, title_from_name
from debateprep.importers.htmltext import Block, Page, Region, collapse, read_page

logger = logging.getLogger(__name__)

_CHARSET_SNIFF_BYTES = 2048
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_TITLE_KEYS = ("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title")
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
)
_DATE_KEYS = (
    "article:published_time",
    "citation_publication_date",
    "date",
    "dc.date",
    "dcterms.date",
    "pubdate",
)
_OUTLET_KEYS = ("og:site_name", "citation_journal_title", "application-name")
_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ")
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d.*)?")  # date, then maybe a time
_BYLINE = re.compile(r"^by\s+", re.IGNORECASE)
_WEB_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HTTP_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# A chrome-looking element holding at least this share of a page's text is a layout wrapper
# (class="has-sidebar", an ASP.NET <form> around everything), not an ad: keep its text.
# Where a browser's clipboard HTML names its page: Chromium's "<!-- SourceURL: ... -->"
# (and the Windows clipboard header "SourceURL:..."), else a <base href> some pages carry.
_SOURCE_URL = re.compile(
    r"""(?:<!--\s*|^)SourceURL:\s*(https?://[^\s<>"]+)|<base\s[^>]*href=["'](https?://[^"']+)""",
    re.IGNORECASE | re.MULTILINE,
)
_WRAPPER_SHARE = 0.5


def parse_html(data: bytes, name: str) -> ImportedDocument:
    """Decode a web page and extract its article text and citation metadata."""
    declared = _CHARSET.search(data[:_CHARSET_SNIFF_BYTES])
    markup = decode_bytes(data, name, declared=declared.group(1).decode() if declared else None)
    try:
        page = read_page(markup)
    except AssertionError:
        # html.parser still asserts on a few malformed constructs; that is the file's fault.
        logger.warning("html.parser gave up on %s", name, exc_info=True)
        raise UserError(
            f"{name} is too badly malformed to read as HTML; open it in a browser, copy the "
            "article's text into a .txt file and import that."
        ) from None
    keep = _chooser(page)
    blocks = [block for block in page.blocks if keep(block)]
    text = "\n\n".join(block.text for block in blocks)
    if not text.strip():
        raise UserError(
            f"{name} has no article text that DebatePrep can find; open it in a browser, copy the "
            "article's text into a .txt file and import that."
        )
    outlet = _first(page, _OUTLET_KEYS)
    title = _strip_site(_first(page, _TITLE_KEYS) or page.title, outlet)
    if not title:
        heading = next((block.text for block in blocks if block.h1), "")
        title = collapse(heading) or title_from_name(name)
    date = _first(page, _DATE_KEYS) or next((t.text for t in page.times if keep(t)), "")
    return ImportedDocument(
        text=text,
        title=title,
        author=_author(page),
        outlet=outlet,
        date=_date_part(date),
        url=_url(page),
        origin=base_name(name),
    )


def _chooser(page: Page) -> Callable[[Block], bool]:
    """Which blocks are the article: the biggest <article>, else <main>, else the whole body.

    Inside an article or main, chrome-looking elements opened within it are dropped; those
    around it are layout and ignored. Articles not inside chrome (a "related" rail of teaser
    articles, a comments list) win over those that are.
    """
    for regions, region_of in (
        (page.articles, _article_of),
        (page.mains, _main_of),
    ):
        kept = [0] * len(regions)
        for block in page.blocks:
            index = region_of(block)
            if index >= 0 and block.dropper < regions[index].floor:
                kept[index] += len(block.text)
        candidates = [index for index, size in enumerate(kept) if size]
        if candidates:
            best = max(candidates, key=lambda i: (not regions[i].inside_dropper, kept[i]))
            return _in_region(regions[best], best, region_of)
    wrappers = _wrappers(page)
    return lambda block: block.dropper < 0 or wrappers[block.dropper]


def _article_of(block: Block) -> int:
    return block.article


def _main_of(block: Block) -> int:
    return block.main


def _in_region(
    region: Region, index: int, region_of: Callable[[Block], int]
) -> Callable[[Block], bool]:
    return lambda block: region_of(block) == index and block.dropper < region.floor


def _wrappers(page: Page) -> list[bool]:
    """For each chrome-looking element: is it (and every one around it) really a wrapper?"""
    parents = page.dropper_parent
    sizes = [0] * len(parents)
    for block in page.blocks:
        if block.dropper >= 0:
            sizes[block.dropper] += len(block.text)
    # Children are numbered after their parents, so one backward pass totals each subtree.
    for index in range(len(parents) - 1, -1, -1):
        if parents[index] >= 0:
            sizes[parents[index]] += sizes[index]
    total = sum(len(block.text) for block in page.blocks)
    wrapper = [False] * len(parents)
    for index, parent in enumerate(parents):
        big = sizes[index] >= _WRAPPER_SHARE * total
        wrapper[index] = big and (parent < 0 or wrapper[parent])
    return wrapper


def _first(page: Page, keys: tuple[str, ...]) -> str:
    for key in keys:
        for value in page.meta.get(key, ()):
            if value:
                return value
    return ""


def _author(page: Page) -> str:
    for key in _AUTHOR_KEYS:
        # Scholarly pages repeat citation_author once per author; keep them all, in order.
        # A dict keeps them in order without repeats; a list's "in" made a page of 100,000
        # author tags quadratic.
        names: dict[str, None] = {}
        for value in page.meta.get(key, ()):
            name = _BYLINE.sub("", value, count=1)
            if name and not _WEB_URL.fullmatch(name):
                names[name] = None
        if names:
            return ", ".join(names)
    return ""


def _url(page: Page) -> str:
    candidates = [*page.canonical, *page.meta.get("og:url", ())]
    # Only web addresses belong in a cite; a relative or javascript: link does not.
    return next((url for url in candidates if _HTTP_URL.fullmatch(url)), "")


def _date_part(value: str) -> str:
    match = _ISO_DATE.fullmatch(value)
    return match.group(1) if match else value


def _strip_site(title: str, site: str) -> str:
    """'Walls Work | The Daily' -> 'Walls Work' when the site is 'The Daily'; else unchanged."""
    if site:
        for separator in _SITE_SEPARATORS:
            head, found, tail = title.rpartition(separator)
            if found and head.strip() and tail.strip().casefold() == site.casefold():
                return head.strip()
    return title


def source_url_in(markup: str) -> str:
    """The page address a browser left in copied HTML, or "" when it left none."""
    found = _SOURCE_URL.search(markup[: _CHARSET_SNIFF_BYTES * 4])
    return next((group for group in found.groups() if group), "") if found else ""
