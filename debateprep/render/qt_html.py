"""The packet's print HTML restated in what Qt's QTextDocument reads, for the PDF layout.

QTextDocument reads only part of CSS: it sizes <h1>-<h4> its own way, ignores table borders
and column widths given in a stylesheet, knows no ``h2 ~ h2`` page break and cannot draw a
worksheet's writing lines. :func:`adapt_for_qt` says all of that in HTML attributes instead,
and cuts the map tables where the page layout (:mod:`.map_rows`) asks. Plain string work: the
layout that reads the result lives in :mod:`.page_flow` and :mod:`.pdf_layout`.
"""

from __future__ import annotations

import re

MM_PER_INCH = 25.4
CSS_PX_PER_MM = 96 / MM_PER_INCH  # Qt reads CSS lengths as 1/96 inch
# The worksheet's answer cells: "✎ Your answer:" and writing lines this far apart, so a cell
# is at least BLANK_MIN_MM tall, room for a sentence or two in handwriting.
BLANK_LINE_MM = 9.5
BLANK_LINES = 3
BLANK_MIN_MM = 35.0
BLANK_MARK = "✎"
CELL_PADDING_PX = 5.0  # CSS pixels, like all of Qt's HTML lengths
# Headings keep their level (1-4) in the block's user state, where the layout finds them.
HEADING_LEVELS = 4

_BLANK_SPAN = re.compile(r'<span class="answer-blank">(.*?)</span>', re.DOTALL)
_HEADING = re.compile(r"<h([1-4])>")
_HEADING_END = re.compile(r"</h[1-4]>")
_TABLE = re.compile(
    r"<table>\s*<thead>(?P<head>.*?)</thead>\s*<tbody>(?P<body>.*?)</tbody>\s*</table>",
    re.DOTALL,
)
_ROW = re.compile(r"<tr>.*?</tr>", re.DOTALL)
_BODY_OPEN = re.compile(r"<body[^>]*>")
TABLE_OPEN = (
    f'<table width="100%" border="1" cellspacing="0" cellpadding="{CELL_PADDING_PX:g}" '
    'style="border-collapse: collapse; border-color: #888888; border-style: solid; '
    'margin-top: 6px;{extra}">'
)
PAGE_BREAK = " page-break-before: always;"


def adapt_for_qt(html: str, underscores: int, breaks: frozenset[int] = frozenset()) -> str:
    """Say in HTML attributes what QTextDocument ignores in CSS.

    Each main part after the first starts a page (the browser stylesheet's ``h2 ~ h2``); the
    map table gets borders and two equal columns, and is cut before each body row numbered in
    ``breaks`` (counted from 0 over all tables) into a new table on a new page that repeats
    the side names, since QTextDocument would split such a row across pages; a worksheet blank
    becomes a paragraph whose writing lines are ``underscores`` long (as wide as the cell);
    ``<ins>`` (underlined read-aloud words) becomes ``<u>``.
    """
    h2_seen = 0

    def heading(match: re.Match[str]) -> str:
        # QTextDocument sizes <h1>-<h4> as multiples of the default font whatever the CSS
        # says, so headings become paragraphs styled by class; the user state keeps the level.
        nonlocal h2_seen
        level = match.group(1)
        style = f"-qt-user-state: {level};"
        if level == "2":
            h2_seen += 1
            if h2_seen > 1:
                style += PAGE_BREAK
        return f'<p class="h{level}" style="{style}">'

    row_number = 0

    def table(match: re.Match[str]) -> str:
        nonlocal row_number
        head = f"<thead>{match.group('head')}</thead>"
        parts = [TABLE_OPEN.format(extra="") + head + "<tbody>"]
        for position, row in enumerate(_ROW.findall(match.group("body"))):
            if position and row_number in breaks:
                parts.append("</tbody></table>")
                parts.append(TABLE_OPEN.format(extra=PAGE_BREAK) + head + "<tbody>")
            parts.append(row)
            row_number += 1
        parts.append("</tbody></table>")
        return "\n".join(parts)

    html = _HEADING_END.sub("</p>", _HEADING.sub(heading, html))
    # Qt's rich text knows <u> but not <ins>, the underline read-aloud level in our Markdown;
    # highlights (strong) and emphasis (em) print bold and italic as they are.
    html = html.replace("<ins>", "<u>").replace("</ins>", "</u>")
    html = _TABLE.sub(table, html)
    html = html.replace("<th>", '<th width="50%" align="left">')
    html = html.replace("<td>", '<td width="50%" valign="top">')
    line = "_" * underscores
    blank = f"{BLANK_MARK} Your answer:" + f"<br>{line}" * BLANK_LINES
    # A fixed line height in CSS pixels, which Qt scales to the printer like its margins.
    # (Setting it on the laid-out document instead leaves the rest of a table unlaid-out.)
    spacing = f"line-height: {BLANK_LINE_MM * CSS_PX_PER_MM:.1f}px; -qt-line-height-type: fixed;"
    return _BLANK_SPAN.sub(f'<p class="answer-blank" style="{spacing}">{blank}</p>', html)


def map_tables(html: str) -> list[tuple[str, list[str]]]:
    """Each map table's header and body rows, as :func:`adapt_for_qt` numbers them."""
    return [
        (match.group("head"), _ROW.findall(match.group("body"))) for match in _TABLE.finditer(html)
    ]


def up_to_body(html: str) -> str:
    """``html`` up to and including its <body> tag (its styles), or "" when it has none."""
    opening = _BODY_OPEN.search(html)
    return html[: opening.end() if opening else 0]
