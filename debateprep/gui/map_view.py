"""The argument map panel: the current motion's arguments side by side with their answers.

Rows come from ``exporters.side_rows``, the same layout the exported map uses, so the panel
and the Markdown file never disagree. Cells are drawn as rich text by a delegate whose size
hint wraps to the column width; dragging a cell onto another row reorders that side's
arguments through the controller (one undo step), and drags leaving the map carry card ids.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QPalette,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import UserError
from debateprep.exporters import side_rows
from debateprep.exporters.argument_map import NO_EVIDENCE, UNANSWERED
from debateprep.exporters.bundleindex import BundleIndex, display_tag, side_label
from debateprep.gui.cardmodels import CardIdsRole, CellRole, FlagsRole, MapCell, MapModel
from debateprep.gui.controller import CARDS, LINKS, MOTIONS, Controller
from debateprep.records import Side

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
PADDING = 6  # pixels around a cell's text
# Warnings must stand out; they also start with "⚠" so colour is not the only signal.
FLAG_COLOR = "#b3261e"
MUTED_COLOR = "#5f6368"


def cell_html(cell: MapCell) -> str:
    """A cell as rich text: bold anchor, "↩ Answer:" answers, evidence counts and flags."""
    if cell.unanswered:
        return (
            f'<span style="color:{FLAG_COLOR}">{html.escape(UNANSWERED)}</span><br>'
            f'<span style="color:{MUTED_COLOR}">No counterargument answers this yet.</span>'
        )
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
        if claim.evidence:
            parts.append(f'<span style="color:{MUTED_COLOR}">{claim.evidence} evidence</span>')
        else:
            parts.append(f'<span style="color:{FLAG_COLOR}">{html.escape(NO_EVIDENCE)}</span>')
        blocks.append("<br>".join(parts))
    return "<br><br>".join(blocks)


class MapDelegate(QStyledItemDelegate):
    """Draws a cell's rich text wrapped to the column, and asks for the height that takes."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        cell = index.data(CellRole)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(cell_html(cell) if isinstance(cell, MapCell) else "")
        width = option.rect.width()
        if width <= 0 and isinstance(option.widget, QTableView):
            width = option.widget.columnWidth(index.column())
        doc.setTextWidth(max(40, width - 2 * PADDING))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the document below draws the text
        widget = opt.widget
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


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" to fit; the tooltip has it all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(80)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(80, super().minimumSizeHint().height())

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, self.width()))


class MapView(QWidget):
    """Two columns headed by the motion's side names; a row per argument."""

    exportRequested = Signal()

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.setAccessibleName("Argument map")
        self.controller = controller
        self.model = MapModel(self)
        self._reselect: int | None = None  # the card whose cell to select after a refresh

        self.resolution = ElidedLabel(self)
        self.resolution.setObjectName("mapResolution")
        font = self.resolution.font()
        font.setBold(True)
        self.resolution.setFont(font)
        self.summary = QLabel(self)
        self.summary.setObjectName("mapSummary")
        self.summary.setStyleSheet(f"color: {MUTED_COLOR};")
        self.export_button = QPushButton("Export map…", self)
        self.export_button.setObjectName("mapExportButton")
        self.export_button.setToolTip("Write the map as a Markdown table")
        self.export_button.clicked.connect(self.exportRequested.emit)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.resolution, 1)
        bar.addWidget(self.summary)
        bar.addWidget(self.export_button)

        self.table = self._build_table()
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("mapPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"color: {MUTED_COLOR};")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.placeholder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(0)
        self._resize_timer.timeout.connect(self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._resize_timer.start())
        self.model.reorderRequested.connect(self._reorder)
        controller.changed.connect(self._on_changed)
        self.refresh()

    def sizeHint(self) -> QSize:
        # Room for a few rows when docked below the reader, even in a 900x600 window.
        return QSize(640, 260)

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("mapTable")
        table.setAccessibleName("Argument map rows")
        table.setModel(self.model)
        table.setItemDelegate(MapDelegate(table))
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setDragEnabled(True)
        table.setAcceptDrops(True)
        table.setDropIndicatorShown(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        # Copy, not move: a reorder is the controller's job, and the brief builder copies.
        table.setDefaultDropAction(Qt.DropAction.CopyAction)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setMinimumWidth(24)
        table.clicked.connect(self.open_index)
        table.activated.connect(self.open_index)
        return table

    # -- reading ---------------------------------------------------------------------------

    def _on_changed(self, topic: str) -> None:
        if topic in (CARDS, LINKS, MOTIONS):
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the rows from the library, keeping the scroll position and selection."""
        library = self.controller.library
        motion_id = self.controller.current_motion_id
        motion = bundle = None
        if motion_id is not None:
            try:
                bundle = library.motion_bundle(motion_id)
                motion = bundle.motion
            except UserError:  # the motion went away (e.g. another library was opened)
                logger.info("motion %s not found; map shows nothing", motion_id)
        scroll = self.table.verticalScrollBar().value()
        selected = self._reselect if self._reselect is not None else self._selected_card()
        self._reselect = None
        if bundle is None or motion is None:
            self.model.set_headers("Side A", "Side B")
            self.model.set_rows([])
            self.resolution.set_full_text("")
        else:
            self.model.set_headers(*(side_label(motion, side) for side in (Side.A, Side.B)))
            self.model.set_rows(side_rows(bundle), BundleIndex.of(bundle))
            self.resolution.set_full_text(motion.resolution)
        self.export_button.setEnabled(bundle is not None)
        self._update_summary(bundle is not None)
        self.table.resizeRowsToContents()
        self.table.verticalScrollBar().setValue(scroll)
        if selected is not None:
            self.select_card(selected)

    def _update_summary(self, has_motion: bool) -> None:
        rows = self.model.rowCount()
        cells = [self.model.index(row, column) for row in range(rows) for column in range(2)]
        flags = [flag for index in cells for flag in index.data(FlagsRole)]
        unanswered = flags.count(UNANSWERED)
        bare = flags.count(NO_EVIDENCE)
        self.summary.setText(
            f"{rows} row{'s' if rows != 1 else ''} · {unanswered} unanswered"
            f" · {bare} without evidence"
            if rows
            else ""
        )
        if not has_motion:
            self.placeholder.setText("This library has no motion yet, so there is no map.")
        else:
            self.placeholder.setText(
                "No arguments yet. Write one with Card ▸ New Argument; "
                "counterarguments that answer it line up beside it here."
            )
        self.stack.setCurrentWidget(self.table if rows else self.placeholder)

    def _selected_card(self) -> int | None:
        index = self.table.currentIndex()
        ids = index.data(CardIdsRole) if index.isValid() else None
        return ids[0] if ids else None

    def select_card(self, card_id: int) -> bool:
        """Make the cell holding this card current (and scroll to it); False if not shown."""
        for row in range(self.model.rowCount()):
            for column in range(2):
                index = self.model.index(row, column)
                if card_id in (index.data(CardIdsRole) or ()):
                    self.table.setCurrentIndex(index)
                    self.table.scrollTo(index)
                    return True
        return False

    # -- acting ----------------------------------------------------------------------------

    def open_index(self, index: QModelIndex) -> None:
        """Open the cell's anchor argument, or its first card, in the card editor."""
        cell = self.model.cell(index.row(), index.column()) if index.isValid() else None
        if cell is not None:
            self.controller.open_card(cell.open_card)

    def _reorder(self, order: list[int], moved: int) -> None:
        self._reselect = moved  # keep the dragged argument selected in its new row
        if not self.controller.reorder_cards(order):
            self._reselect = None
