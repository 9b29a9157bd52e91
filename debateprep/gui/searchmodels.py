"""The search panel's list model and the delegate that draws each hit with its snippet.

The model is a plain adapter over ``SearchHit`` records (the facade's search results), shown
in groups (Sources, Evidence, Arguments) under a header row each; every row-to-hit question
goes through the model (``hit(row)`` is None on a header). The delegate renders title,
kind/side and the snippet with its highlight spans through a QTextDocument built from escaped
HTML, so text from sources can never inject markup.
"""

from __future__ import annotations

import html
import logging
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from debateprep.gui import colours
from debateprep.gui.mime import CARD_IDS_MIME, card_ids_mime
from debateprep.gui.search_groups import GroupHeader, Row, grouped_rows
from debateprep.search import SearchHit
from debateprep.text.bundleindex import short_side_name

logger = logging.getLogger(__name__)

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the SearchHit itself
META_ROLE = Qt.ItemDataRole.UserRole + 2  # "Evidence · Con · from <source>"
HEADER_ROLE = Qt.ItemDataRole.UserRole + 3  # "Sources (4)" on a group's header row, else None

Index = QModelIndex | QPersistentModelIndex

KIND_NAMES = {
    "source": "Source",
    "argument": "Argument",
    "counterargument": "Counterargument",
    "evidence": "Evidence",
}
# Marker-pen yellow with dark text reads as "found here" on light and dark palettes alike.
HIGHLIGHT_STYLE = "background-color:#ffe866; color:#1a1a1a; font-weight:600;"


def snippet_html(snippet: str, highlights: Sequence[tuple[int, int]]) -> str:
    """The snippet as HTML with each (start, end) span marked; everything else escaped."""
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(highlights):
        start, end = max(start, cursor), min(end, len(snippet))
        if start >= end:
            continue  # overlapping or out-of-range spans: never duplicate or lose text
        parts.append(html.escape(snippet[cursor:start]))
        parts.append(f'<span style="{HIGHLIGHT_STYLE}">{html.escape(snippet[start:end])}</span>')
        cursor = end
    parts.append(html.escape(snippet[cursor:]))
    return "".join(parts)


def hit_html(hit: SearchHit, meta: str, meta_color: str) -> str:
    """A result row as rich text: bold title, small kind line, highlighted snippet."""
    return (
        f"<b>{html.escape(hit.title)}</b>"
        f'<div style="color:{meta_color}; font-size:small;">{html.escape(meta)}</div>'
        f"<div>{snippet_html(hit.snippet, hit.highlights)}</div>"
    )


class SearchResultsModel(QAbstractListModel):
    """Hits in groups under header rows; card rows can be dragged out as card ids. Header
    rows are neither enabled nor selectable, so clicks and the keyboard pass them by."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._side_names: dict[str, str] = {"A": "Side A", "B": "Side B"}
        self._source_titles: dict[int, str] = {}

    # -- our API ---------------------------------------------------------------------------

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._rows = grouped_rows(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        """The hit on ``row``; None on a group header or past the end."""
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, SearchHit) else None

    def hits(self) -> list[SearchHit]:
        """Every hit, in the order of the rows (group by group)."""
        return [row for row in self._rows if isinstance(row, SearchHit)]

    def hit_rows(self) -> list[tuple[int, SearchHit]]:
        """(row, hit) for every hit row, top to bottom."""
        return [(i, row) for i, row in enumerate(self._rows) if isinstance(row, SearchHit)]

    def headers(self) -> list[str]:
        """The group header labels, top to bottom ("Sources (4)", "Evidence (7)", ...)."""
        return [row.label for row in self._rows if isinstance(row, GroupHeader)]

    def first_hit_row(self) -> int | None:
        return self.nearest_hit_row(0, 1)

    def nearest_hit_row(self, row: int, step: int) -> int | None:
        """The first hit row from ``row`` on in the direction of ``step`` (+1 or -1), else
        the nearest the other way; None without hits."""
        for direction in (step, -step):
            at = row
            while 0 <= at < len(self._rows):
                if isinstance(self._rows[at], SearchHit):
                    return at
                at += direction
        return None

    def set_context(self, side_names: Mapping[str, str], source_titles: Mapping[int, str]) -> None:
        """Names used in the kind/side line; changing them only repaints."""
        self._side_names = dict(side_names)
        self._source_titles = dict(source_titles)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def meta_text(self, hit: SearchHit) -> str:
        """'Evidence · Con · from <source title>' style line under the title."""
        parts = [KIND_NAMES.get(hit.kind, hit.kind.title() or "Card")]
        if hit.side:
            parts.append(short_side_name(self._side_names.get(hit.side, hit.side)))
        if hit.doc_type == "card" and hit.source_id is not None:
            title = self._source_titles.get(hit.source_id)
            if title:
                parts.append(f"from {title}")
        return " · ".join(parts)

    # -- Qt overrides ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if isinstance(hit, GroupHeader):
            shown = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, HEADER_ROLE)
            return hit.label if role in shown else None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}\n{self.meta_text(hit)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}. {self.meta_text(hit)}. {hit.snippet}"
        if role == HIT_ROLE:
            return hit
        if role == META_ROLE:
            return self.meta_text(hit)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return Qt.ItemFlag.NoItemFlags  # a header: not clicked, selected or walked onto
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if hit.doc_type == "card":
            flags |= Qt.ItemFlag.ItemIsDragEnabled  # into the brief builder or onto a card
        return flags

    def mimeTypes(self) -> list[str]:
        return [CARD_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        hits = [self.hit(row) for row in rows]
        return card_ids_mime([h.id for h in hits if h is not None and h.doc_type == "card"])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


def view_of(delegate: QStyledItemDelegate) -> QAbstractItemView | None:
    """The view a delegate paints for (its parent).

    Delegates must not read ``QStyleOptionViewItem.widget``: in PySide6 6.12 reading it
    while it is null drops a reference to None each time, and after enough paints Python
    aborts ("deallocating None"). Our delegates are created with their view as parent.
    """
    parent = delegate.parent()
    return parent if isinstance(parent, QAbstractItemView) else None


class SearchHitDelegate(QStyledItemDelegate):
    """Draws a hit as rich text (bold title, grey kind line, highlighted snippet) and a group
    header as one quiet line ("Evidence (7)": small, bold, muted, on the alternate colour).

    Each row's laid-out document is kept (``DOC_CACHE`` of them) and reused by the next
    ``sizeHint`` or ``paint`` of the same hit, width, font and colours: parsing and laying out
    the HTML was most of the GUI thread's time when results arrived (issue 14, item 6).
    """

    MARGIN = 6
    HEADER_PAD = 3
    DOC_CACHE = 256  # a few pages of results, both colourings

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # key -> (the hit, so its id is not reused while cached; its document)
        self._docs: OrderedDict[tuple[Any, ...], tuple[SearchHit, QTextDocument]] = OrderedDict()
        self._muted: dict[tuple[int, bool], str] = {}

    def _meta_color(self, palette: QPalette, selected: bool) -> str:
        key = (palette.cacheKey(), selected)
        color = self._muted.get(key)
        if color is None:
            # The kind line is dimmed, but must stay readable on the selection colour too.
            color = self._muted[key] = colours.muted(palette, selected).name()
        return color

    def _document(
        self, option: QStyleOptionViewItem, index: Index, width: int, selected: bool = False
    ) -> QTextDocument:
        hit = index.data(HIT_ROLE)
        width = max(width, 80)
        if not isinstance(hit, SearchHit):
            doc = QTextDocument()
            doc.setTextWidth(width)
            return doc
        meta = str(index.data(META_ROLE) or "")
        meta_color = self._meta_color(option.palette, selected)
        key = (id(hit), meta, meta_color, width, option.font.key())
        cached = self._docs.get(key)
        if cached is not None and cached[0] is hit:
            self._docs.move_to_end(key)
            return cached[1]
        doc = QTextDocument()
        doc.setDocumentMargin(self.MARGIN)
        doc.setDefaultFont(option.font)
        doc.setHtml(hit_html(hit, meta, meta_color))
        doc.setTextWidth(width)
        self._docs[key] = (hit, doc)
        while len(self._docs) > self.DOC_CACHE:
            self._docs.popitem(last=False)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        label = index.data(HEADER_ROLE)
        if isinstance(label, str):
            self._paint_header(painter, opt, label)
            return
        rect = opt.rect
        view = view_of(self)
        style = view.style() if view is not None else QApplication.style()
        # Let the style draw the selection and focus background; we draw the text ourselves.
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, view)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        doc = self._document(opt, index, rect.width(), selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        doc.documentLayout().draw(painter, context)
        painter.restore()
        # A hairline between rows: wrapped snippets otherwise run into the next title.
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    @staticmethod
    def header_colors(palette: QPalette) -> tuple[QColor, QColor]:
        """(text, background) of a header row; the text reads (AA) on the background."""
        # Headers are disabled rows, painted from the normal colours: disabled grey is ~2:1.
        normal = QPalette(palette)
        normal.setCurrentColorGroup(QPalette.ColorGroup.Active)
        background = normal.color(QPalette.ColorRole.AlternateBase)
        return colours.muted(normal), background

    def _paint_header(self, painter: QPainter, opt: QStyleOptionViewItem, label: str) -> None:
        text, background = self.header_colors(opt.palette)
        rect = opt.rect
        painter.save()
        painter.fillRect(rect, background)
        painter.setPen(text)
        painter.setFont(self.header_font(opt.font))
        inner = rect.adjusted(self.MARGIN, 0, -self.MARGIN, 0)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(inner, int(flags), label)
        painter.setPen(opt.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    @staticmethod
    def header_font(font: QFont) -> QFont:
        """Bold and a little smaller than the hits: a label, not a result."""
        small = QFont(font)
        small.setBold(True)
        if font.pointSizeF() > 0:
            small.setPointSizeF(font.pointSizeF() * 0.9)
        return small

    def _width(self, option: QStyleOptionViewItem) -> int:
        widget = view_of(self)
        width = option.rect.width()
        if isinstance(widget, QAbstractItemView):
            # Rows wrap to the visible width. Reserve the scroll bar's room even before it
            # shows: rows laid out without it would overlap once it appears.
            width = widget.viewport().width()
            if not widget.verticalScrollBar().isVisible():
                width -= widget.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return max(width, 80)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # Exactly the viewport's width: paint wraps at the same width, and nothing scrolls
        # sideways.
        width = self._width(option)
        if isinstance(index.data(HEADER_ROLE), str):
            height = QFontMetrics(self.header_font(option.font)).height()
            return QSize(width, height + 2 * self.HEADER_PAD + 1)
        doc = self._document(option, index, width)
        return QSize(width, int(doc.size().height()) + 2)
