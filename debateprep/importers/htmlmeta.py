"""A saved page's cite fields: title, author(s), ISO date, outlet and URL.

Each field is taken from the most explicit source that has it, best first:

- title: Dublin Core / Open Graph / Twitter / Parse.ly / Scholar meta tags, else ``<title>``
  (less the " | Site" suffix), else the article's first ``<h1>``;
- author: a Dublin Core ``dc:creator`` property, then trafilatura (JSON-LD, meta tags, byline
  elements), then the other author meta tags, then a visible "By Jane Doe" line of the article;
- date: a publication-date meta tag (unless htmldate finds an earlier first publication), the
  article's own ``<time datetime>``, trafilatura (JSON-LD, meta tags, htmldate's search), other
  date meta tags, then a date on a visible line near the top; always normalised to ISO;
- outlet: ``og:site_name`` and the like, then trafilatura's site name (JSON-LD publisher), then
  a dateline's agency ("WASHINGTON (Reuters) -"), then the URL's domain.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from debateprep.importers.dates import find_date, iso_date
from debateprep.importers.htmltext import Block, Page, collapse
from debateprep.importers.webmeta import WebMeta, library_metadata
from debateprep.text.article_lines import byline_author, dateline

_TITLE_KEYS = (
    "dc:title",
    "og:title",
    "twitter:title",
    "parsely-title",
    "citation_title",
    "dc.title",
    "dcterms.title",
)
_EXPLICIT_AUTHOR_KEYS = ("dc:creator", "dcterms:creator")
_AUTHOR_KEYS = (
    "author",
    "og:article:author",
    "article:author",
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
)
_PUBLISHED_KEYS = ("article:published_time", "citation_publication_date")
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
_BYLINE_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)
_WEB_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HTTP_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_VISIBLE_LINES = 12  # bylines and datelines sit in the first few blocks of an article
_LEAD_BLOCKS = 8  # blocks just above the article (its header) may hold the byline
MAX_JSON_LD_CHARS = 256 * 1024
_MAX_LD_NODES = 5000
_ARTICLE_TYPES = ("article", "posting", "report", "webpage", "blog")


@dataclass(frozen=True, slots=True)
class CiteFields:
    """The cite fields of one page; empty strings where nothing was found."""

    title: str
    author: str
    date: str
    outlet: str
    url: str


def page_fields(
    page: Page, blocks: list[Block], lead: list[Block], times: list[Block], markup: str
) -> CiteFields:
    """Combine meta tags, trafilatura's findings and the article's visible lines.

    ``lead`` are the few blocks just before the article's first one, where a byline often is.
    """
    url = _url(page)
    found = library_metadata(markup, url)
    top = [line for block in blocks[:_VISIBLE_LINES] for line in block.text.split("\n")]
    near = [line for block in lead[-_LEAD_BLOCKS:] for line in block.text.split("\n")] + top
    author = _first(page, _EXPLICIT_AUTHOR_KEYS) or found.author or _meta_author(page)
    if not author:
        author = next((name for name in map(byline_author, near) if name), "")
    if not author:
        author = _json_ld_author(page)
    date = _date(page, times, found.date) or _visible_date(top)
    outlet = _first(page, _OUTLET_KEYS) or found.sitename or _agency(top) or _domain(url)
    return CiteFields(
        title=_title(page, blocks, found, outlet),
        author=author,
        date=date,
        outlet=outlet,
        url=url,
    )


def _title(page: Page, blocks: list[Block], found: WebMeta, outlet: str) -> str:
    title = _strip_site(_first(page, _TITLE_KEYS) or page.title, outlet)
    if title:
        return title
    heading = next((block.text for block in blocks if block.h1), "")
    if heading:
        return collapse(heading)
    return found.title


def _date(page: Page, times: list[Block], library_date: str) -> str:
    published = iso_date(_first(page, _PUBLISHED_KEYS))
    generic = {iso_date(value) for key in _DATE_KEYS for value in page.meta.get(key, ())[:5]}
    if published and library_date and library_date < published and library_date not in generic:
        # Sites bump article:published_time when they edit; htmldate looks for the first
        # publication (in JSON-LD, the URL, the page), which is the date a cite wants. A
        # generic "date" meta tag it merely read back is no better than the published time.
        return library_date
    raw = published or next((t.text for t in times), "") or library_date
    return iso_date(raw or _first(page, _DATE_KEYS))


def _first(page: Page, keys: tuple[str, ...]) -> str:
    for key in keys:
        for value in page.meta.get(key, ()):
            if value:
                return value
    return ""


def _meta_author(page: Page) -> str:
    for key in _AUTHOR_KEYS:
        # Scholarly pages repeat citation_author once per author; keep them all, in order.
        # A dict keeps them in order without repeats; a list's "in" made a page of 100,000
        # author tags quadratic.
        names: dict[str, None] = {}
        for value in page.meta.get(key, ()):
            name = _BYLINE_PREFIX.sub("", value, count=1)
            if name and not _WEB_URL.fullmatch(name):
                names[name] = None
        if names:
            return ", ".join(names)
    return ""


def _visible_date(lines: list[str]) -> str:
    # Only short lines: a date inside a paragraph is usually about something else.
    return next((d for line in lines if len(line) < 120 and (d := find_date(line))), "")


def _agency(lines: list[str]) -> str:
    for line in lines:
        found = dateline(line)
        if found and found[1]:
            return found[1]
    return ""


def _domain(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _url(page: Page) -> str:
    candidates = [*page.canonical, *page.meta.get("og:url", ())]
    # Only web addresses belong in a cite; a relative or javascript: link does not.
    return next((url for url in candidates if _HTTP_URL.fullmatch(url)), "")


def _strip_site(title: str, site: str) -> str:
    """'Walls Work | The Daily' -> 'Walls Work' when the site is 'The Daily'; else unchanged."""
    if site:
        for separator in _SITE_SEPARATORS:
            head, found, tail = title.rpartition(separator)
            if found and head.strip() and tail.strip().casefold() == site.casefold():
                return head.strip()
    return title


def _json_ld_author(page: Page) -> str:
    """The author an article's JSON-LD names, person or organisation (which the library skips)."""
    for node in _ld_nodes(page):
        kind = str(node.get("@type", "")).lower()
        if any(word in kind for word in _ARTICLE_TYPES):
            names = _ld_names(node.get("author"))
            if names:
                return ", ".join(dict.fromkeys(names))
    return ""


def _ld_names(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:20]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not _WEB_URL.match(name.strip()):
            names.append(" ".join(name.split()))
    return names


def _ld_nodes(page: Page) -> list[dict[str, object]]:
    """Every JSON object in the page's JSON-LD, breadth first, up to a fixed number."""
    queue: list[object] = []
    for script in page.json_ld:
        if len(script) > MAX_JSON_LD_CHARS:
            continue
        script = script.strip()
        if script.startswith("<![CDATA["):  # XHTML habit: the JSON inside a CDATA section
            script = script.removeprefix("<![CDATA[").removesuffix("]]>")
        try:
            queue.append(json.loads(script))
        except (ValueError, RecursionError):
            continue  # broken structured data is common and says nothing about the article
    nodes: list[dict[str, object]] = []
    index = 0
    while index < len(queue) and len(nodes) < _MAX_LD_NODES:
        item = queue[index]
        index += 1
        if isinstance(item, dict):
            nodes.append(item)
            queue.extend(value for value in item.values() if isinstance(value, dict | list))
        elif isinstance(item, list):
            queue.extend(item)
    return nodes
