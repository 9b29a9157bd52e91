"""How an argument-map cell is drawn: rich text wrapped to its column, flags in colour.

The map's cells hold several claims each, with answers, evidence counts and warnings, which
plain item text cannot show; :class:`MapDelegate` lays each cell out as a small rich-text
document and reports the height it takes, caching the documents it last laid out so that
measuring a row and then painting it, or repainting while scrolling, costs one layout.
"""

from __future__ import annotations

import html
from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from debateprep.exporters.argument_map import NO_EVIDENCE, UNANSWERED
from debateprep.gui.mapmodel import CellRole, MapCell
from debateprep.gui.maprows import UNPLACED_TITLE
from debateprep.gui.searchmodels import view_of
from debateprep.text.bundleindex import display_tag

Index = QModelIndex | QPersistentModelIndex
PADDING = 6  # pixels around a cell's text
# Warnings must stand out; they also start with "⚠" so colour is not the only signal.
FLAG_COLOR = "#b3261e"
MUTED_COLOR = "#5f6368"
DOC_CACHE = 256  # laid-out cells kept for repainting (a screenful is a few dozen)


def cell_html(cell: MapCell) -> str:
    """A cell as rich text: bold anchor, "↩ Answer:" answers, evidence counts and flags."""
    if cell.unanswered:
        return (
            f'<span style="color:{FLAG_COLOR}">{html.escape(UNANSWERED)}</span><br>'
            f'<span style="color:{MUTED_COLOR}">No counterargument answers this yet.</span>'
        )
    if not cell.claims:
        note = html.escape(cell.note)
        return f"<b>{note}</b>" if cell.note == UNPLACED_TITLE else f"<i>{note}</i>"
    blocks = []
    for claim in cell.claims:
        tag = html.escape(display_tag(claim.card))
        if claim.is_anchor:
            parts = [f"<b>{tag}</b>"]
        else:
            parts = [f'<span style="color:{MUTED_COLOR}">↩ <i>Answer:</i></span> {tag}']
        if claim.answers:
            answered = html.escape("; ".join(claim.answers))
            parts.append(f'<span style="color:{MUTED_COLOR}"><i>Answers:</i> {answered}</span>')
        if claim.supports:
            supported = html.escape("; ".join(claim.supports))
            parts.append(f'<span style="color:{MUTED_COLOR}"><i>Supports:</i> {supported}</span>')
        if claim.evidence:
            parts.append(f'<span style="color:{MUTED_COLOR}">{claim.evidence} evidence</span>')
        else:
            parts.append(f'<span style="color:{FLAG_COLOR}">{html.escape(NO_EVIDENCE)}</span>')
        blocks.append("<br>".join(parts))
    return "<br><br>".join(blocks)


class MapDelegate(QStyledItemDelegate):
    """Draws a cell's rich text wrapped to the column, and asks for the height that takes.

    Laid-out documents are kept for the cells last drawn or measured (measuring a row and
    then painting it, or repainting while scrolling, reuses them); ``clear`` forgets them
    when the model changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._docs: OrderedDict[tuple[int, int, int, str], QTextDocument] = OrderedDict()

    def clear(self) -> None:
        self._docs.clear()

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        width = option.rect.width()
        view = self.parent()  # never option.widget: see searchmodels.view_of
        if width <= 0 and isinstance(view, QTableView):
            width = view.columnWidth(index.column())
        key = (index.row(), index.column(), width, option.font.key())
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        cell = index.data(CellRole)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(cell_html(cell) if isinstance(cell, MapCell) else "")
        doc.setTextWidth(max(40, width - 2 * PADDING))
        self._docs[key] = doc
        if len(self._docs) > DOC_CACHE:
            self._docs.popitem(last=False)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the document below draws the text
        widget = view_of(self)
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(opt, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(opt.palette)
        if opt.state & QStyle.StateFlag.State_Selected:
            palette.setColor(
                QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.HighlightedText)
            )
        context.palette = palette
        rect = opt.rect
        painter.save()
        painter.translate(rect.topLeft() + QPoint(PADDING, PADDING))
        painter.setClipRect(0, 0, rect.width() - 2 * PADDING, rect.height() - 2 * PADDING)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()) + 2 * PADDING, int(doc.size().height()) + 2 * PADDING)
