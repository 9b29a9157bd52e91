"""The classroom packet laid out on printed pages by Qt's QTextDocument, for the PDF export.

:func:`layout_packet` takes the packet's HTML (with ``resources/packet_print.css``), restates
it in what QTextDocument reads (:mod:`.qt_html`), flows it onto pages with no heading left at
the foot of one (:mod:`.page_flow`) and cuts the map so that no row straddles two pages
(:mod:`.map_rows`). Both corrections take time linear in the packet's length, report progress
and can be stopped. :class:`PacketLayout` paints any page with its "Page n of m" footer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    QTextDocument,
)

from debateprep.errors import UserError
from debateprep.progress import Report, scaled
from debateprep.render.headless import gui_application
from debateprep.render.map_rows import CutPlanner, row_spans, straddling_row, tables_in
from debateprep.render.page_flow import BODY_FONT, laid_out_document
from debateprep.render.qt_html import BLANK_MARK, CELL_PADDING_PX, MM_PER_INCH, adapt_for_qt

PageSizeName = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
}
RESOLUTION = 300  # dots per inch the document is laid out at (the PDF itself is vector)
MARGINS_MM = QMarginsF(16, 15, 16, 12)  # left, top, right, bottom
FOOTER_MM = 10.0  # the strip at the bottom of the printable area that holds the footer
FOOTER_FONT = ("Helvetica Neue", "Arial", "DejaVu Sans", "sans-serif")
FOOTER_COLOUR = "#555555"

# Footers are reported to this hook as (page number, page count, footer text) when given.
FooterHook = Callable[[int, int, str], None]


def _mm_to_px(mm: float, dpi: float = RESOLUTION) -> float:
    return mm * dpi / MM_PER_INCH


def footer_text(page: int, pages: int) -> str:
    """The page number printed at the foot of every page."""
    return f"Page {page} of {pages}"


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
        """The first map row that runs over a page break, or None (see :func:`.straddling_row`)."""
        return straddling_row(self.document, self.body.height())

    def blank_cell_heights_mm(self) -> list[float]:
        """The laid-out height of each map row holding a worksheet blank, in millimetres."""
        layout = self.document.documentLayout()
        heights = []
        for table in tables_in(self.document.rootFrame()):
            spans = row_spans(table, layout)
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


# Whole layouts of the document at most: the first with every map row break planned; more
# only if a plan missed a row (each adds the rows it finds).
MAX_LAYOUT_ROUNDS = 6


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
    small trial tables (:class:`.CutPlanner`), and lay out again with them; a row the plan
    missed is cut the same way (rarely). ``progress`` hears the layout and may raise to stop
    it.
    """
    gui_application()
    page_layout = page_layout_for(page_size)
    paint_rect = page_layout.paintRectPixels(RESOLUTION)
    body = QSizeF(paint_rect.width(), paint_rect.height() - _mm_to_px(FOOTER_MM))
    underscores = _underscores(body.width(), device)
    trials = CutPlanner(html, underscores, device, body, scaled(progress, 45, 55, 100))
    # A packet with a map is usually laid out twice: the first layout finds where the map
    # starts to need cuts, the second has them all.
    first = scaled(progress, 0, 45 if trials.has_tables else 100, 100)
    breaks: frozenset[int] = frozenset()
    document = None
    for round_number in range(MAX_LAYOUT_ROUNDS):
        report = first if round_number == 0 else scaled(progress, 55, 100, 100)
        document = None  # free the last layout before making the next (memory)
        document = laid_out_document(device, body, adapt_for_qt(html, underscores, breaks), report)
        row = straddling_row(document, body.height())
        if row is None or row in breaks:
            break
        breaks = trials.plan(breaks, row)
    assert document is not None
    return PacketLayout(document, page_layout, body, title)


def _underscores(body_width: float, device: QPaintDevice) -> int:
    """How many underscores make a writing line across a map cell (half the page)."""
    font = QFont()
    font.setFamilies(list(BODY_FONT))
    font.setPointSizeF(9.5)  # the td font size in packet_print.css
    width = QFontMetricsF(font, device).horizontalAdvance("_")
    padding = 2 * CELL_PADDING_PX * RESOLUTION / 96 + _mm_to_px(1.5)  # and borders, spacing
    return max(8, int((body_width / 2 - padding) / width))
