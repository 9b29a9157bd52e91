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
from debateprep.gui import colours
from debateprep.gui.mapmodel import CellRole, MapCell
from debateprep.gui.maprows import UNPLACED_TITLE
from debateprep.gui.searchmodels import view_of
from debateprep.text.bundleindex import display_tag

Index = QModelIndex | QPersistentModelIndex
PADDING = 6  # pixels around a cell's text
# Warnings must stand out; they also start with "⚠" so colour is not the only signal. These
# are the colours on a light row; painting derives readable ones from the row's palette.
FLAG_COLOR = colours.FLAG_LIGHT
MUTED_COLOR = "#5f6368"
DOC_CACHE = 256  # laid-out cells kept for repainting (a screenful is a few dozen)


def cell_html(cell: MapCell, muted: str = MUTED_COLOR, flag: str = FLAG_COLOR) -> str:
    """A cell as rich text: bold anchor, "↩ Answer:" answers, evidence counts and flags."""
    if cell.unanswered:
        return (
            f'<span style="color:{flag}">{html.escape(UNANSWERED)}</span><br>'
            f'<span style="color:{muted}">No counterargument answers this yet.</span>'
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
            parts = [f'<span style="color:{muted}">↩ <i>Answer:</i></span> {tag}']
        if claim.answers:
            answered = html.escape("; ".join(claim.answers))
            parts.append(f'<span style="color:{muted}"><i>Answers:</i> {answered}</span>')
        if claim.supports:
            supported = html.escape("; ".join(claim.supports))
            parts.append(f'<span style="color:{muted}"><i>Supports:</i> {supported}</span>')
        if claim.evidence:
            line = f'<span style="color:{muted}">{claim.evidence} evidence</span>'
            if claim.incomplete:
                # A flag, in the flag colour: the cites need an author, date or quals.
                line += f' · <span style="color:{flag}">{claim.incomplete} cite incomplete</span>'
            parts.append(line)
        else:
            parts.append(f'<span style="color:{flag}">{html.escape(NO_EVIDENCE)}</span>')
        blocks.append("<br>".join(parts))
    return "<br><br>".join(blocks)


def cell_colours(palette: QPalette, selected: bool) -> tuple[str, str]:
    """(muted, flag) colour names readable on a row of this palette, selected or not."""
    return colours.muted(palette, selected).name(), colours.flag(palette, selected).name()


class MapDelegate(QStyledItemDelegate):
    """Draws a cell's rich text wrapped to the column, and asks for the height that takes.

    Laid-out documents are kept for the cells last drawn or measured (measuring a row and
    then painting it, or repainting while scrolling, reuses them); ``clear`` forgets them
    when the model changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._docs: OrderedDict[tuple[int, int, int, str, bool], QTextDocument] = OrderedDict()

    def clear(self) -> None:
        self._docs.clear()

    def _document(
        self, option: QStyleOptionViewItem, index: Index, selected: bool = False
    ) -> QTextDocument:
        width = option.rect.width()
        view = self.parent()  # never option.widget: see searchmodels.view_of
        if width <= 0 and isinstance(view, QTableView):
            width = view.columnWidth(index.column())
        key = (index.row(), index.column(), width, option.font.key(), selected)
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        cell = index.data(CellRole)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        muted, flag = cell_colours(option.palette, selected)
        doc.setHtml(cell_html(cell, muted, flag) if isinstance(cell, MapCell) else "")
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
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        doc = self._document(opt, index, selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(opt.palette)
        if selected:
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
