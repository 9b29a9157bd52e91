"""Import a saved web page (.html, .htm): the article's paragraphs and its citation metadata.

The text is the page's ``<article>`` (or ``<main>``, else the body) as plain paragraphs separated
by blank lines, with chrome such as menus, share bars and ads left out (see ``htmltext.py`` for
the parsing). Citation fields come from meta tags, JSON-LD and the visible byline (see
``htmlmeta.py``). Bytes are decoded like text files, except that a charset the page
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
from debateprep.importers.htmlmeta import page_fields
from debateprep.importers.htmltext import Block, Page, Region, read_page

logger = logging.getLogger(__name__)

_CHARSET_SNIFF_BYTES = 2048
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
# A chrome-looking element holding at least this share of a page's text is a layout wrapper
# (class="has-sidebar", an ASP.NET <form> around everything), not an ad: keep its text.
# Where a browser's clipboard HTML names its page: Chromium's "<!-- SourceURL: ... -->"
# (and the Windows clipboard header "SourceURL:..."), else a <base href> some pages carry.
_SOURCE_URL = re.compile(
    r"""(?:<!--\s*|^)SourceURL:\s*(https?://[^\s<>"]+)|<base\s[^>]*href=["'](https?://[^"']+)""",
    re.IGNORECASE | re.MULTILINE,
)
_WRAPPER_SHARE = 0.5
_REGION_SHARE = 0.2
# Pages without <article> or <main>: blocks shorter than this count against a run of text.
_SHORT_BLOCK = 80
_MIN_DENSE_RUN = 400


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
    first = next((index for index, block in enumerate(page.blocks) if keep(block)), 0)
    lead = page.blocks[max(0, first - 8) : first]
    fields = page_fields(page, blocks, lead, [t for t in page.times if keep(t)], markup)
    return ImportedDocument(
        text=text,
        title=fields.title or title_from_name(name),
        author=fields.author,
        outlet=fields.outlet,
        date=fields.date,
        url=fields.url,
        origin=base_name(name),
    )


def _chooser(page: Page) -> Callable[[Block], bool]:
    """Which blocks are the article: the biggest <article>, else <main>, else the whole body.

    Inside an article or main, chrome-looking elements opened within it are dropped; those
    around it are layout and ignored. Articles not inside chrome (a "related" rail of teaser
    articles, a comments list) win over those that are. A region holding only a small share
    of the page's open text is a teaser in a listing, not the article: the next kind is tried.
    """
    visible = sum(len(block.text) for block in page.blocks if block.dropper < 0)
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
            if kept[best] >= _REGION_SHARE * visible:
                return _in_region(regions[best], best, region_of)
    wrappers = _wrappers(page)
    open_text = [i for i, b in enumerate(page.blocks) if b.dropper < 0 or wrappers[b.dropper]]
    first, last = _densest_run([len(page.blocks[i].text) for i in open_text])
    if last < first:
        return lambda block: block.dropper < 0 or wrappers[block.dropper]
    chosen = {id(page.blocks[i]) for i in open_text[first : last + 1]}
    return lambda block: id(block) in chosen


def _densest_run(sizes: list[int]) -> tuple[int, int]:
    """The run of blocks whose text most outweighs its short lines (menus, link lists).

    Each block scores its length less ``_SHORT_BLOCK``, so paragraphs count for and one-line
    links against; the best-scoring run (Kadane's maximum subarray) is the article. A page
    whose best run is small is kept whole: it has no prose to tell apart from its chrome.
    Returns (first, last) indices, or (0, -1) to keep everything.
    """
    best, best_run = 0, (0, -1)
    total, start = 0, 0
    for index, size in enumerate(sizes):
        if total <= 0:
            total, start = 0, index
        total += size - _SHORT_BLOCK
        if total > best:
            best, best_run = total, (start, index)
    return best_run if best >= _MIN_DENSE_RUN else (0, -1)


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


def source_url_in(markup: str) -> str:
    """The page address a browser left in copied HTML, or "" when it left none."""
    found = _SOURCE_URL.search(markup[: _CHARSET_SNIFF_BYTES * 4])
    return next((group for group in found.groups() if group), "") if found else ""
