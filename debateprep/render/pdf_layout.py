"""The classroom packet laid out on printed pages by Qt's QTextDocument, for the PDF export.

The packet's HTML (with ``resources/packet_print.css``) is adapted for what QTextDocument
reads: headings become classed paragraphs (it sizes <h1>-<h4> its own way), tables get their
borders and two equal columns as attributes, each main part starts a page, the worksheet's
blanks get full-width writing lines. Then the layout is corrected where CSS would have said
``break-inside: avoid`` or ``break-after: avoid``: a map row never straddles two pages and a
heading never ends one. Both corrections take time linear in the packet's length
(:class:`_Sections`, :class:`_Trials`), report progress and can be stopped. :class:`PacketLayout`
paints any page with its "Page n of m" footer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPalette,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextFrame,
    QTextOption,
    QTextTable,
)

from debateprep.errors import UserError
from debateprep.progress import Report, ignore, scaled
from debateprep.render.headless import gui_application

PageSizeName = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
}
RESOLUTION = 300  # dots per inch the document is laid out at (the PDF itself is vector)
MARGINS_MM = QMarginsF(16, 15, 16, 12)  # left, top, right, bottom
FOOTER_MM = 10.0  # the strip at the bottom of the printable area that holds the footer
# The worksheet's answer cells: "✎ Your answer:" and writing lines this far apart, so a cell
# is at least BLANK_MIN_MM tall, room for a sentence or two in handwriting.
BLANK_LINE_MM = 9.5
BLANK_LINES = 3
BLANK_MIN_MM = 35.0
BLANK_MARK = "✎"
CELL_PADDING_PX = 5.0  # CSS pixels, like all of Qt's HTML lengths
BODY_FONT = ("Georgia", "DejaVu Serif", "Times New Roman", "serif")
FOOTER_FONT = ("Helvetica Neue", "Arial", "DejaVu Sans", "sans-serif")
FOOTER_COLOUR = "#555555"
MM_PER_INCH = 25.4
CSS_PX_PER_MM = 96 / MM_PER_INCH  # Qt reads CSS lengths as 1/96 inch

# Footers are reported to this hook as (page number, page count, footer text) when given.
FooterHook = Callable[[int, int, str], None]


def _mm_to_px(mm: float, dpi: float = RESOLUTION) -> float:
    return mm * dpi / MM_PER_INCH


def footer_text(page: int, pages: int) -> str:
    """The page number printed at the foot of every page."""
    return f"Page {page} of {pages}"


_BLANK_SPAN = re.compile(r'<span class="answer-blank">(.*?)</span>', re.DOTALL)
_HEADING = re.compile(r"<h([1-4])>")
_HEADING_END = re.compile(r"</h[1-4]>")
_TABLE = re.compile(
    r"<table>\s*<thead>(?P<head>.*?)</thead>\s*<tbody>(?P<body>.*?)</tbody>\s*</table>",
    re.DOTALL,
)
_ROW = re.compile(r"<tr>.*?</tr>", re.DOTALL)
TABLE_OPEN = (
    f'<table width="100%" border="1" cellspacing="0" cellpadding="{CELL_PADDING_PX:g}" '
    'style="border-collapse: collapse; border-color: #888888; border-style: solid; '
    'margin-top: 6px;{extra}">'
)
PAGE_BREAK = " page-break-before: always;"
HEADING_LEVELS = 4


def adapt_for_qt(html: str, underscores: int, breaks: frozenset[int] = frozenset()) -> str:
    """Say in HTML attributes what QTextDocument ignores in CSS.

    Each main part after the first starts a page (the browser stylesheet's ``h2 ~ h2``); the
    map table gets borders and two equal columns, and is cut before each body row numbered in
    ``breaks`` (counted from 0 over all tables) into a new table on a new page that repeats
    the side names, since QTextDocument would split such a row across pages; a worksheet blank
    becomes a paragraph whose writing lines are ``underscores`` long (as wide as the cell).
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
    html = _TABLE.sub(table, html)
    html = html.replace("<th>", '<th width="50%" align="left">')
    html = html.replace("<td>", '<td width="50%" valign="top">')
    line = "_" * underscores
    blank = f"{BLANK_MARK} Your answer:" + f"<br>{line}" * BLANK_LINES
    # A fixed line height in CSS pixels, which Qt scales to the printer like its margins.
    # (Setting it on the laid-out document instead leaves the rest of a table unlaid-out.)
    spacing = f"line-height: {BLANK_LINE_MM * CSS_PX_PER_MM:.1f}px; -qt-line-height-type: fixed;"
    return _BLANK_SPAN.sub(f'<p class="answer-blank" style="{spacing}">{blank}</p>', html)


@dataclass
class PacketLayout:
    """A packet laid out on pages of the writer's size; paints any page with its footer."""

    document: QTextDocument
    page_layout: QPageLayout
    body: QSizeF  # the area of each page the document flows through, in layout pixels
    title: str
    # The writer (and its buffer) the document was laid out for: the layout keeps a pointer
    # to it, so it must live as long as the layout does.
    keep_alive: tuple[object, ...] = ()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def paint_page(self, painter: QPainter, index: int, on_footer: FooterHook | None) -> None:
        """Paint page ``index`` (0-based) with the painter's origin at the printable area."""
        width, height = self.body.width(), self.body.height()
        painter.save()
        clip = QRectF(0, index * height, width, height)
        painter.translate(0, -index * height)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
        self.document.documentLayout().draw(painter, context)
        painter.restore()
        self._paint_footer(painter, index + 1, on_footer)

    def _paint_footer(self, painter: QPainter, page: int, on_footer: FooterHook | None) -> None:
        pages = self.page_count
        text = footer_text(page, pages)
        if on_footer is not None:
            on_footer(page, pages, text)
        painter.save()
        font = QFont()
        font.setFamilies(list(FOOTER_FONT))
        # Pixels of the layout resolution, not points: the same size on a PDF page and on a
        # preview image, whose own resolution would otherwise decide what a point is.
        font.setPixelSize(round(8.5 * RESOLUTION / 72))
        painter.setFont(font)
        colour = QColor(FOOTER_COLOUR)
        painter.setPen(QPen(colour, _mm_to_px(0.2)))
        top = self.body.height() + _mm_to_px(3)
        painter.drawLine(QPointF(0, top), QPointF(self.body.width(), top))
        strip = QRectF(0, top, self.body.width(), _mm_to_px(FOOTER_MM - 3))
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(strip, align | Qt.AlignmentFlag.AlignRight, text)
        # The motion on the left, cut short so it never runs into the page number.
        room = strip.width() - QFontMetricsF(font, painter.device()).horizontalAdvance(text) * 1.5
        title = QFontMetricsF(font, painter.device()).elidedText(
            self.title, Qt.TextElideMode.ElideRight, max(room, 0)
        )
        painter.drawText(strip, align | Qt.AlignmentFlag.AlignLeft, title)
        painter.restore()

    def straddling_row(self) -> int | None:
        """The first map row that runs over a page break, or None (see :func:`_split_row`)."""
        return _split_row(self.document, self.body.height())

    def blank_cell_heights_mm(self) -> list[float]:
        """The laid-out height of each map row holding a worksheet blank, in millimetres."""
        layout = self.document.documentLayout()
        heights = []
        for table in _tables(self.document.rootFrame()):
            spans = _row_spans(table, layout)
            for row in range(1, table.rows()):
                texts = (
                    table.cellAt(row, column).firstCursorPosition().block().text()
                    for column in range(table.columns())
                )
                if any(text.startswith(BLANK_MARK) for text in texts):
                    top, bottom = spans[row]
                    heights.append((bottom - top) * MM_PER_INCH / RESOLUTION)
        return heights


def page_layout_for(page_size: str) -> QPageLayout:
    if page_size not in PAGE_SIZES:
        raise UserError(f"Unknown page size {page_size!r}; use A4 or Letter.")
    return QPageLayout(
        QPageSize(PAGE_SIZES[page_size]),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _configured(document: QTextDocument) -> QTextDocument:
    # Nothing is undone here: an undo history would keep a copy of every change.
    document.setUndoRedoEnabled(False)
    # Margins come from the page layout; the document's own would repeat on every page.
    document.setDocumentMargin(0)
    font = QFont()
    font.setFamilies(list(BODY_FONT))
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    option = QTextOption()
    # A URL or a long token breaks inside itself rather than running out of its cell.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    return document


def _document(
    device: QPaintDevice, body: QSizeF, html: str, report: Report | None = None
) -> QTextDocument:
    """The HTML laid out on pages of ``body``'s size, headings kept with what they head.

    The HTML is read into a document that is never laid out; its content is then copied,
    a heading's section at a time, to the end of the one that is (see :class:`_Sections`).
    """
    source = _configured(QTextDocument())
    source.setHtml(html)
    document = _configured(QTextDocument())
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(body)
    document.rootFrame().setFrameFormat(source.rootFrame().frameFormat())
    _keep_headings_with_next(_Sections(source, document), body.height(), report or ignore)
    _finish_layout(document)
    return document


def _finish_layout(document: QTextDocument) -> None:
    """Lay out again, whole, a document whose incremental relayout left blocks unplaced.

    A format change inside a table can leave the blocks after it without lines, and no
    event loop runs here to finish them; a page would then come out blank.
    """
    block = document.begin()
    while block.isValid():
        if block.length() > 1 and not block.layout().lineCount():
            document.markContentsDirty(0, document.characterCount())
            document.documentLayout().documentSize()
            return
        block = block.next()


def _page_of(y: float, page_height: float) -> int:
    return int(y // page_height)


def _is_heading(block: QTextBlock) -> bool:
    """A heading, by the level :func:`adapt_for_qt` stored in the block's user state."""
    return 1 <= block.userState() <= HEADING_LEVELS


def _first_line_bottom(block: QTextBlock, layout: QAbstractTextDocumentLayout) -> float:
    rect = layout.blockBoundingRect(block)
    lines = block.layout()
    return rect.top() + (lines.lineAt(0).height() if lines.lineCount() else rect.height())


class _Sections:
    """Copies a document's content, a heading's section at a time, to the end of another.

    Laying out a packet of 2,000 sources in one piece and then moving headings that would
    end a page cost a layout of everything after each moved heading (quadratic: minutes).
    Here the laid-out document only ever holds what the heading pass has reached and one
    section more, so moving a heading lays out again just those few blocks. A section's
    layout never depends on what follows it, and the copy keeps every format (the same
    HTML comes out of both documents), so the result is the layout of the whole.
    """

    def __init__(self, source: QTextDocument, target: QTextDocument) -> None:
        self.source, self.target = source, target
        self._starts = [block.position() for block in _run_starts(source)]
        self._starts.append(source.characterCount() - 1)  # the end of the content
        self._copied = 0  # sections copied so far
        self._cursor = QTextCursor(target)

    def through(self, position: int) -> None:
        """Copy whole sections until the one holding ``position`` and the next are there."""
        # The first k sections end where section k starts (self._starts[k - 1]).
        while self._copied < len(self._starts) and (
            self._copied < 2 or self._starts[self._copied - 2] <= position
        ):
            self._copy_next()

    def everything(self) -> None:
        while self._copied < len(self._starts):
            self._copy_next()

    def _copy_next(self) -> None:
        start = self._starts[self._copied - 1] if self._copied else 0
        end = self._starts[self._copied]
        if end > start:
            selection = QTextCursor(self.source)
            selection.setPosition(start)
            selection.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self._cursor.movePosition(QTextCursor.MoveOperation.End)
            self._cursor.insertFragment(QTextDocumentFragment(selection))
            # Finish laying out the new part now: Qt's lazy layout, left to run in later
            # event-loop steps that never come here, misplaces what is changed meanwhile.
            self.target.documentLayout().documentSize()
        self._copied += 1

    def done(self) -> tuple[int, int]:
        """(characters copied, characters in all), for progress."""
        copied = self._starts[self._copied - 1] if self._copied else 0
        return copied, self._starts[-1]


def _run_starts(document: QTextDocument) -> list[QTextBlock]:
    """The first heading of each run of headings (the sections :class:`_Sections` copies)."""
    starts = []
    block, previous_heading = document.begin(), True
    while block.isValid():
        heading = _is_heading(block)
        if heading and not previous_heading:
            starts.append(block)
        previous_heading = heading
        block = block.next()
    return starts


def _keep_headings_with_next(
    sections: _Sections, page_height: float, report: Report = ignore
) -> None:
    """Move headings that would end a page to the next one, with what they head.

    QTextDocument has no ``break-after: avoid``: a card's tag and cite could sit at the foot
    of a page with the quote overleaf. A run of headings stays with the next paragraph and,
    when that is short (a cite line), with the first line of the one after it too. Each
    change moves what follows, so headings are taken in document order, as their sections
    are copied in. ``report`` hears (characters laid out, characters in all, "Laying out
    pages") and may raise to stop.
    """
    document = sections.target
    layout = document.documentLayout()
    sections.through(0)
    block = document.begin()
    while block.isValid():
        sections.through(block.position())
        if not _is_heading(block):
            block = block.next()
            continue
        last = block
        while last.next().isValid() and _is_heading(last.next()):
            last = last.next()
        kept = last.next()
        if kept.isValid() and kept.layout().lineCount() <= 2 and kept.next().isValid():
            kept = kept.next()
        top = layout.blockBoundingRect(block).top()
        at_page_top = top % page_height < page_height * 0.05
        bottom = _first_line_bottom(kept, layout) if kept.isValid() else top
        if not at_page_top and _page_of(top, page_height) != _page_of(bottom - 1, page_height):
            block_format = QTextBlockFormat(block.blockFormat())
            block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(block_format)
        report(*sections.done(), "Laying out pages")
        block = last.next()
    sections.everything()


def _tables(frame: QTextFrame) -> list[QTextTable]:
    """The tables inside ``frame``, in document order."""
    found: list[QTextTable] = []
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            found.append(child)
        found += _tables(child)
    return sorted(found, key=lambda table: table.firstPosition())


def _row_spans(table: QTextTable, layout: QAbstractTextDocumentLayout) -> list[tuple[float, float]]:
    """(top, bottom) of each row of ``table`` in document coordinates.

    A row runs from its text's top to the next row's (the last one to the table's bottom):
    block rectangles alone miss a cell's padding and the tail of fixed-height lines.
    """
    tops = [
        min(
            layout.blockBoundingRect(table.cellAt(row, column).firstCursorPosition().block()).top()
            for column in range(table.columns())
        )
        for row in range(table.rows())
    ]
    tops.append(layout.frameBoundingRect(table).bottom())
    return list(pairwise(tops))


def _split_row(document: QTextDocument, page_height: float) -> int | None:
    """The first body row (numbered as in :func:`adapt_for_qt`) that runs over a page break
    and would fit on a page of its own, if any."""
    layout = document.documentLayout()
    number = 0
    for table in _tables(document.rootFrame()):
        spans = _row_spans(table, layout)
        for row in range(1, table.rows()):  # row 0 holds the side names
            top, bottom = spans[row]
            crosses = _page_of(top, page_height) != _page_of(bottom - 1, page_height)
            if crosses and row > 1 and bottom - top < page_height * 0.8:
                return number
            number += 1
    return None


# Whole layouts of the document at most: the first with every map row break planned; more
# only if a plan missed a row (each adds the rows it finds).
MAX_LAYOUT_ROUNDS = 6
# Map rows laid out in one trial table, to start with (doubled until a page is full).
TRIAL_ROWS = 8


def layout_packet(
    html: str,
    page_size: str,
    device: QPaintDevice,
    title: str,
    progress: Report | None = None,
) -> PacketLayout:
    """Lay the print HTML out on pages of ``page_size`` for ``device`` (the PDF writer).

    Map rows that would straddle a page break start a new page instead (QTextDocument has no
    ``break-inside: avoid``): lay out, find the first such row, plan the cuts after it on
    small trial tables (:class:`_Trials`), and lay out again with them; a row the plan
    missed is cut the same way (rarely). ``progress`` hears the layout and may raise to stop
    it.
    """
    gui_application()
    page_layout = page_layout_for(page_size)
    paint_rect = page_layout.paintRectPixels(RESOLUTION)
    body = QSizeF(paint_rect.width(), paint_rect.height() - _mm_to_px(FOOTER_MM))
    underscores = _underscores(body.width(), device)
    trials = _Trials(html, underscores, device, body, scaled(progress, 45, 55, 100))
    # A packet with a map is usually laid out twice: the first layout finds where the map
    # starts to need cuts, the second has them all.
    first = scaled(progress, 0, 45 if trials.has_tables else 100, 100)
    breaks: frozenset[int] = frozenset()
    document = None
    for round_number in range(MAX_LAYOUT_ROUNDS):
        report = first if round_number == 0 else scaled(progress, 55, 100, 100)
        document = None  # free the last layout before making the next (memory)
        document = _document(device, body, adapt_for_qt(html, underscores, breaks), report)
        row = _split_row(document, body.height())
        if row is None or row in breaks:
            break
        breaks = trials.plan(breaks, row)
    assert document is not None
    return PacketLayout(document, page_layout, body, title)


_BODY_OPEN = re.compile(r"<body[^>]*>")


@dataclass
class _Trials:
    """Plans where map tables are cut by laying out small trial documents.

    A table cut before a row starts a new page (``adapt_for_qt``), so from that row on it is
    laid out exactly as in a trial document holding that table, cut the same way, and
    nothing else. So each cut is found on a trial of a page or two of rows, not by laying
    out the whole packet again per cut (38 layouts of a 2,000-card packet were 90% of its
    six minutes).
    """

    html: str
    underscores: int
    device: QPaintDevice
    body: QSizeF
    report: Report

    def __post_init__(self) -> None:
        opening = _BODY_OPEN.search(self.html)
        cut = opening.end() if opening else 0
        self._prefix = self.html[:cut]
        self._suffix = "</body></html>"
        # Each table's header and body rows, numbered from 0 over all tables.
        self._tables = [
            (match.group("head"), _ROW.findall(match.group("body")))
            for match in _TABLE.finditer(self.html)
        ]

    @property
    def has_tables(self) -> bool:
        return bool(self._tables)

    def plan(self, breaks: frozenset[int], row: int) -> frozenset[int]:
        """``breaks`` with a cut before ``row`` and the cuts that follow it in its table,
        up to the next cut already in ``breaks``."""
        first = 0
        for head, rows in self._tables:
            if first <= row < first + len(rows):
                known = {cut - first for cut in breaks}
                cuts = self._cuts_after(head, rows, row - first, known)
                return breaks | {row} | {first + cut for cut in cuts}
            first += len(rows)
        return breaks | {row}

    def _cuts_after(self, head: str, rows: list[str], start: int, known: set[int]) -> list[int]:
        """Where the table (``head``, ``rows``) is cut after a cut before row ``start``."""
        cuts: list[int] = []
        count = TRIAL_ROWS
        while start < len(rows):
            self.report(start, len(rows), "Fitting the map on pages")
            cut = self._first_straddling(head, rows[start : start + count])
            if cut is None:
                if start + count >= len(rows):
                    break
                count *= 2  # a page holds more rows than this trial had
                continue
            start += cut
            if start in known:
                break  # planned before, with what follows it
            cuts.append(start)
        return cuts

    def _first_straddling(self, head: str, rows: list[str]) -> int | None:
        """The first of ``rows`` (by index) that runs over a page break when the table
        starts a page, or None."""
        # A first copy of the first row goes in a table of its own, so the real trial
        # table is cut from it: it starts a page, as after a cut in the packet.
        table = f"<table><thead>{head}</thead><tbody>{rows[0]}{''.join(rows)}</tbody></table>"
        html = adapt_for_qt(self._prefix + table + self._suffix, self.underscores, frozenset({1}))
        document = _document(self.device, self.body, html)
        row = _split_row(document, self.body.height())
        return None if row is None else row - 1


def _underscores(body_width: float, device: QPaintDevice) -> int:
    """How many underscores make a writing line across a map cell (half the page)."""
    font = QFont()
    font.setFamilies(list(BODY_FONT))
    font.setPointSizeF(9.5)  # the td font size in packet_print.css
    width = QFontMetricsF(font, device).horizontalAdvance("_")
    padding = 2 * CELL_PADDING_PX * RESOLUTION / 96 + _mm_to_px(1.5)  # and borders, spacing
    return max(8, int((body_width / 2 - padding) / width))
