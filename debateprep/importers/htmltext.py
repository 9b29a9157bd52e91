"""Read an HTML page into paragraph blocks and metadata, in one iterative pass.

A saved news page is mostly chrome: menus, share buttons, ads, related links. This parser
(stdlib ``html.parser``, which never recurses, so 10,000 nested divs are fine) throws away what
can never be article text (scripts, styles, form controls, navigation...) and turns the rest
into blocks, one per paragraph-like element, each tagged with where it sat: which ``<article>``
or ``<main>``, and which "chrome-looking" element (class or id such as ``share`` or ``ad``)
enclosed it. Choosing which blocks to keep happens afterwards in ``html.py``, because a
chrome-looking wrapper sometimes turns out to hold the whole article. Malformed markup is
handled the way browsers mostly do: unclosed tags close with their parent, stray end tags are
ignored, and text is never lost to a parse error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from debateprep.importers import htmltags as tags

_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_SPACES = re.compile(r"[ \t\n\r\f]+")  # ASCII only: U+00A0 is content, never collapsed
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
_BR = ("br", "\n")
MAX_JSON_LD = 20  # structured-data scripts kept per page; real pages have one to three
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Openers that html.parser cannot finish without a later terminator: comments, marked
# sections (CDATA, <![if]>: all end in ']...>'), and then every tag-like '<' (ends in '>').
_UNCLOSABLE = (("<!--", "-->"), ("<![", "]"), ("<", ">"))


@dataclass(slots=True)
class Block:
    """A paragraph of text and where it sat in the page (-1: not inside one)."""

    text: str
    article: int
    main: int
    dropper: int  # innermost chrome-looking element around it
    h1: bool = False


@dataclass(slots=True)
class Region:
    """An <article> or <main>: droppers numbered from ``floor`` on were opened inside it."""

    floor: int
    inside_dropper: bool


@dataclass(slots=True)
class Page:
    """Everything read from one page, before deciding which blocks are the article."""

    blocks: list[Block] = field(default_factory=list)
    times: list[Block] = field(default_factory=list)  # <time datetime> values, placed like text
    articles: list[Region] = field(default_factory=list)
    mains: list[Region] = field(default_factory=list)
    dropper_parent: list[int] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name -> contents
    canonical: list[str] = field(default_factory=list)
    title: str = ""
    json_ld: list[str] = field(default_factory=list)  # <script type="application/ld+json">


@dataclass(slots=True)
class _Open:
    tag: str
    hard: bool = False
    dropper: int = -1  # this element's own dropper id
    article: bool = False
    main: bool = False
    pre: bool = False

    @property
    def changes_context(self) -> bool:
        return self.dropper >= 0 or self.article or self.main


def read_page(markup: str) -> Page:
    """Parse ``markup`` (already decoded) into blocks and metadata; never raises on bad HTML."""
    parser = _PageParser()
    parser.feed(_defuse_unclosable(markup))
    parser.close()
    return parser.page


def _defuse_unclosable(markup: str) -> str:
    """Escape the '<' of constructs that have no terminator left, so they parse as text.

    html.parser rescans to the end of the document for every such opener, which is quadratic:
    600 KB of '</' took over a minute. Escaped, they read as the text html.parser would have
    shown for them anyway.
    """
    for opener, terminator in _UNCLOSABLE:
        last = markup.rfind(terminator)
        tail = 0 if last < 0 else last + len(terminator)
        if opener in markup[tail:]:
            markup = markup[:tail] + markup[tail:].replace(opener, "&lt;" + opener[1:])
    return markup


def collapse(text: str) -> str:
    """Collapse ASCII whitespace runs to one space, trim the ends, drop control characters."""
    return _STRAY_CONTROLS.sub("", _SPACES.sub(" ", text)).strip(" ")


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[_Open] = []
        self._open_counts: dict[str, int] = {}  # lets stray end tags be skipped in O(1)
        self._hard = 0
        self._headers = 0  # how many of the dropped elements open are <header>s
        self._pre = 0
        self._dropper = -1
        self._article = -1
        self._main = -1
        self._in_head = False
        self._in_title = False
        self._title_done = False
        self._title: list[str] = []
        self._pieces: list[tuple[str, str]] = []
        self._json_ld: list[list[str]] = []
        self._ld_script: _Open | None = None  # the open JSON-LD <script>, whose text we keep

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Titles hold only text; a tag inside one means its end tag went missing.
        self._end_title()
        attributes = {key: value or "" for key, value in attrs}
        if tag == "title":
            # Only the first <title> outside <svg> names the page.
            self._in_title = not self._hard and not self._title_done
            return
        if tag in ("html", "body", "head"):
            self._in_head = tag == "head"
            return
        if tag in ("meta", "link"):
            if not self._hard:
                self._read_meta(tag, attributes)
            return
        if self._in_head and tag not in tags.HEAD_ONLY:
            self._in_head = False  # the page forgot </head>; this is body content
        if tag == "br":
            if not self._hard:
                self._pieces.append(_BR)
            return
        if tag == "time" and attributes.get("datetime", "").strip() and self._dated_here():
            self.page.times.append(self._block(attributes["datetime"].strip()))
        if tag in tags.VOID:
            if tag == "hr":
                self._flush()
            return
        self._push(tag, attributes)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Read <div/> the XML way (opened and closed): it cannot then swallow the page.
        self.handle_starttag(tag, attrs)
        if tag not in tags.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._end_title()
        elif tag == "head":
            self._in_head = False
        elif self._open_counts.get(tag, 0) > 0:
            self._pop_to(tag)
        elif tag in tags.BLOCK:
            self._flush()  # a stray </p> still ends a paragraph in browsers

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
            return
        if self._hard:
            if self._stack and self._stack[-1] is self._ld_script:
                self._json_ld[-1].append(data)
            return
        if self._in_head:
            if not data.strip(" \t\n\r\f"):
                return
            self._in_head = False
        self._pieces.append(("pre" if self._pre else "text", data))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            # The stdlib asserts on unknown "<![word[" sections; browsers skip them as
            # bogus comments up to the next '>', and so do we.
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def close(self) -> None:
        super().close()
        self._end_title()
        self._flush()
        self.page.json_ld = ["".join(parts) for parts in self._json_ld[:MAX_JSON_LD]]

    def _push(self, tag: str, attributes: dict[str, str]) -> None:
        entry = _Open(
            tag,
            hard=tag in tags.NEVER_TEXT or _invisible(attributes),
            pre=tag in ("pre", "listing", "plaintext"),
        )
        if not self._hard and not entry.hard:
            if _looks_like_chrome(tag, attributes):
                entry.dropper = len(self.page.dropper_parent)
            elif tag == "article" and self._article < 0:
                entry.article = True
            elif tag == "main" and self._main < 0:
                entry.main = True
        if tag in tags.BLOCK or entry.changes_context:
            self._flush()
        if entry.dropper >= 0:
            self.page.dropper_parent.append(self._dropper)
            self._dropper = entry.dropper
        if entry.article or entry.main:
            region = Region(len(self.page.dropper_parent), inside_dropper=self._dropper >= 0)
            regions = self.page.articles if entry.article else self.page.mains
            regions.append(region)
            if entry.article:
                self._article = len(regions) - 1
            else:
                self._main = len(regions) - 1
        if tag == "script" and "ld+json" in attributes.get("type", "").lower():
            self._json_ld.append([])
            self._ld_script = entry
        self._hard += entry.hard
        self._headers += tag == "header"
        self._pre += entry.pre
        self._stack.append(entry)
        self._open_counts[tag] = self._open_counts.get(tag, 0) + 1

    def _pop_to(self, tag: str) -> None:
        # Closing an element closes everything still open inside it, as browsers do.
        while self._stack:
            entry = self._stack.pop()
            if entry.tag in tags.BLOCK or entry.changes_context:
                self._flush()
            self._open_counts[entry.tag] -= 1
            self._hard -= entry.hard
            self._headers -= entry.tag == "header"
            self._pre -= entry.pre
            if entry.dropper >= 0:
                self._dropper = self.page.dropper_parent[entry.dropper]
            if entry.article:
                self._article = -1
            if entry.main:
                self._main = -1
            if entry.tag == tag:
                return

    def _flush(self) -> None:
        if not self._pieces:
            return
        text = _render(self._pieces)
        self._pieces = []
        if text.strip():
            block = self._block(text)
            block.h1 = self._open_counts.get("h1", 0) > 0
            self.page.blocks.append(block)

    def _dated_here(self) -> bool:
        # An article's <header> is not text, but its <time> is the article's date; a site
        # header's <time> (today's date) is not, so only count headers inside an article.
        if self._hard == 0:
            return True
        return self._hard == self._headers and (self._article >= 0 or self._main >= 0)

    def _block(self, text: str) -> Block:
        return Block(text, self._article, self._main, self._dropper)

    def _end_title(self) -> None:
        if self._in_title:
            self._in_title = False
            self._title_done = True
            self.page.title = collapse("".join(self._title))

    def _read_meta(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "link":
            if "canonical" in attributes.get("rel", "").lower().split():
                self.page.canonical.append(attributes.get("href", "").strip())
            return
        content = collapse(attributes.get("content", ""))
        if not content:
            return
        for key in ("name", "property", "itemprop"):
            # RDFa lets one property attribute name several keys: "dc:creator twitter:creator".
            for label in attributes.get(key, "").lower().split()[:8]:
                self.page.meta.setdefault(label, []).append(content)


def _invisible(attributes: dict[str, str]) -> bool:
    """Hidden from every reader by the page itself: the hidden attribute or a hiding style."""
    if "hidden" in attributes:
        return True
    style = attributes.get("style", "")
    return bool(style) and _HIDING_STYLE.search(style) is not None


def _looks_like_chrome(tag: str, attributes: dict[str, str]) -> bool:
    if tag in tags.STRUCTURE or tag in tags.INLINE or not (attributes or tag == "form"):
        return False
    if tag == "form" or attributes.get("role", "").strip().lower() in tags.CHROME_ROLES:
        return True
    words = f"{attributes.get('class', '')} {attributes.get('id', '')}".lower()
    return not tags.CHROME_WORDS.isdisjoint(_TOKEN_SPLIT.split(words))


def _render(pieces: list[tuple[str, str]]) -> str:
    """Join a paragraph's pieces: collapse running text, keep <pre> text and <br> breaks."""
    merged: list[tuple[str, str]] = []
    run: list[str] = []  # joined once: a page of 500,000 stray '<' arrives as that many pieces
    for kind, text in pieces:
        if kind == "text":
            run.append(text)
            continue
        if run:
            merged.append(("text", "".join(run)))
            run = []
        merged.append((kind, text))
    if run:
        merged.append(("text", "".join(run)))
    parts: list[str] = []
    for index, (kind, text) in enumerate(merged):
        if kind == "text":
            text = _SPACES.sub(" ", text)
            if index == 0 or merged[index - 1][0] == "br":
                text = text.lstrip(" ")
            if index == len(merged) - 1 or merged[index + 1][0] == "br":
                text = text.rstrip(" ")
        elif kind == "pre":
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        parts.append(text)
    text = _STRAY_CONTROLS.sub("", "".join(parts))
    return _EXTRA_BLANK_LINES.sub("\n\n", text).strip("\n").rstrip(" \t")
