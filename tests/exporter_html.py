"""Render exported Markdown as a reader's tool would, and inspect the HTML: shape and safety.

``render`` is what the packet uses (Python-Markdown with GFM tables). ``Page`` records every
element, attribute, text run, heading and table cell, so tests can assert that tables keep two
columns and that nothing executable survived: no script, no event handler, no script URL, no
element outside the short list our exporters produce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown

# Every element an export may contain once rendered (the head ones only in the HTML packet).
ALLOWED_ELEMENTS = frozenset(
    {
        *("html", "head", "meta", "title", "style", "body"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "strong", "em", "br", "blockquote"),
        "ins",  # the underline read-aloud level (text/readmarks.py)
        *("ol", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "span"),
        # The map's Mermaid diagram is a fenced code block: inert text on any renderer.
        *("pre", "code"),
    }
)
ALLOWED_ATTRIBUTES = frozenset({"class", "lang", "charset", "name", "content"})
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "fenced_code"])


@dataclass
class Table:
    header_rows: list[list[str]] = field(default_factory=list)
    body_rows: list[list[str]] = field(default_factory=list)


class Page(HTMLParser):
    """Everything the tests look at in one rendered document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []  # element, name, value
        self.texts: list[str] = []
        self.headings: list[tuple[str, str]] = []  # ("h4", text)
        self.blockquotes: list[str] = []  # text of each paragraph inside a blockquote
        self.tables: list[Table] = []
        self._open: list[str] = []
        self._capture: list[str] | None = None  # text of the heading/cell/paragraph we are in
        self._cell_row: list[str] | None = None
        self.feed(html)
        self.close()

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag in {"br", "meta"}:
            return  # void elements have no end tag
        self._open.append(tag)
        if tag == "table":
            self.tables.append(Table())
        elif tag == "tr":
            self._cell_row = []
            section = "thead" if "thead" in self._open else "tbody"
            rows = self.tables[-1].header_rows if section == "thead" else self.tables[-1].body_rows
            rows.append(self._cell_row)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6", "td", "th"} or (
            tag == "p" and "blockquote" in self._open
        ):
            self._capture = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass
        if self._capture is None:
            return
        captured = "".join(self._capture)
        if tag in {"td", "th"} and self._cell_row is not None:
            self._cell_row.append(captured)
        elif tag.startswith("h") and tag[1:].isdigit():
            self.headings.append((tag, captured))
        elif tag == "p":
            self.blockquotes.append(captured)
        else:
            return
        self._capture = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._capture is not None:
            self._capture.append(data)


def assert_inert(html: str) -> Page:
    """Fail unless the HTML holds only our own harmless elements and attributes."""
    assert "<script" not in html.lower()
    page = Page(html)
    unexpected = set(page.elements) - ALLOWED_ELEMENTS
    assert not unexpected, f"unexpected elements {unexpected}"
    for element, name, value in page.attributes:
        assert not name.lower().startswith("on"), (element, name, value)
        assert name.lower() in ALLOWED_ATTRIBUTES, (element, name, value)
        assert not value.strip().lower().startswith(SCRIPT_SCHEMES), (element, name, value)
    return page


def assert_two_column_tables(page: Page, rows: int | None = None) -> None:
    """Each table: one header row of two cells, body rows of exactly two cells."""
    assert page.tables, "no table rendered"
    for table in page.tables:
        assert [len(row) for row in table.header_rows] == [2]
        assert all(len(row) == 2 for row in table.body_rows), table.body_rows
        if rows is not None:
            assert len(table.body_rows) == rows
