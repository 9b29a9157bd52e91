"""The argument map panel: the current motion's arguments side by side with their answers.

Rows come from ``exporters.side_rows``, the same layout the exported map uses, so the panel
and the Markdown file never disagree. Cells are drawn as rich text by a delegate whose size
hint wraps to the column width; dragging a cell onto another row reorders that side's
arguments through the controller (one undo step), and drags leaving the map carry card ids.

A motion can have hundreds of arguments, so the map is loaded on a worker thread (the claims
and evidence counts only, never the quotes) and its rows are measured as they come into view,
then the rest in small batches while the window is idle.
"""

from __future__ import annotations

import html
import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
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
from debateprep.facade.library import Library
from debateprep.gui.cardmodels import CardIdsRole, CellRole, MapCell, MapData, MapModel, build_map
from debateprep.gui.controller import CARDS, LINKS, MOTIONS, Controller
from debateprep.gui.searchmodels import view_of
from debateprep.records import MotionRecord, Side
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
PADDING = 6  # pixels around a cell's text
# Warnings must stand out; they also start with "⚠" so colour is not the only signal.
FLAG_COLOR = "#b3261e"
MUTED_COLOR = "#5f6368"
DOC_CACHE = 256  # laid-out cells kept for repainting (a screenful is a few dozen)
MEASURE_SLICE_S = 0.008  # idle row measuring yields to the event loop this often


def load_map(library: Library, motion_id: int | None) -> tuple[MotionRecord | None, MapData]:
    """The motion and its map, read on a worker thread: claims and evidence counts only."""
    if motion_id is None:
        return None, MapData()
    try:
        bundle = library.claim_bundle(motion_id)
        counts = library.evidence_counts(motion_id)
    except UserError:  # the motion went away (e.g. another library was opened)
        logger.info("motion %s not found; map shows nothing", motion_id)
        return None, MapData()
    return bundle.motion, build_map(side_rows(bundle), BundleIndex.of(bundle), counts)


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


class RowSizer(QObject):
    """Fits a table's rows to their contents lazily: rows in view at once, the rest while idle.

    Measuring a row lays out its rich text; doing all of a big map's rows at once blocks the
    window for a second. Until measured, a row has an estimated height (from its text's
    length), so the scroll bar is about right from the start. Rows measured above the top
    of the view keep the top row where it was on screen, so nothing jumps while scrolling up.
    """

    def __init__(self, table: QTableView, estimate: Callable[[int, int], int]) -> None:
        super().__init__(table)
        self._table = table
        self._estimate = estimate  # (row, column width) -> pixels
        self._unmeasured: set[int] = set()
        self._busy = False  # measuring moves the scroll bar: no re-entry from its signal
        self._idle = QTimer(self)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._measure_some)
        table.verticalScrollBar().valueChanged.connect(lambda _value: self.measure_visible())

    def reset(self) -> None:
        """Every row estimated again (new rows or new column widths), those in view measured."""
        table = self._table
        model = table.model()
        rows = model.rowCount() if model is not None else 0
        width = table.columnWidth(0)
        top = table.rowAt(0)
        offset = table.rowViewportPosition(top) if top >= 0 else 0
        self._busy = True
        try:
            for row in range(rows):
                table.setRowHeight(row, self._estimate(row, width))
            if 0 <= top < rows:  # the row the user was looking at stays where it was
                position = table.verticalHeader().sectionPosition(top)
                table.verticalScrollBar().setValue(position - offset)
        finally:
            self._busy = False
        self._unmeasured = set(range(rows))
        self.measure_visible()
        if self._unmeasured:
            self._idle.start()

    def is_done(self) -> bool:
        return not self._unmeasured

    def finish(self) -> None:
        """Measure every row now (tests, and before an exact layout is needed)."""
        self._measure(sorted(self._unmeasured))
        self._idle.stop()

    def measure_visible(self) -> None:
        if self._busy or not self._unmeasured:
            return
        for _ in range(8):  # measured rows may shrink and bring more rows into view
            viewport = self._table.viewport().height()
            top = max(self._table.rowAt(0), 0)
            bottom = self._table.rowAt(max(viewport - 1, 0))
            if bottom < 0:
                bottom = self._table.model().rowCount() - 1
            wanted = [row for row in range(top, bottom + 1) if row in self._unmeasured]
            if not wanted:
                return
            self._measure(wanted)

    def _measure_some(self) -> None:
        if not self._unmeasured:
            self._idle.stop()
            return
        deadline = time.perf_counter() + MEASURE_SLICE_S
        batch: list[int] = []
        for row in sorted(self._unmeasured):
            batch.append(row)
            if len(batch) % 4 == 0:
                self._measure(batch)
                batch = []
                if time.perf_counter() > deadline:
                    return
        self._measure(batch)

    def _measure(self, rows: list[int]) -> None:
        if not rows:
            return
        table = self._table
        top = table.rowAt(0)
        offset = table.rowViewportPosition(top) if top >= 0 else 0
        self._busy = True
        try:
            for row in rows:
                table.resizeRowToContents(row)
                self._unmeasured.discard(row)
            if top >= 0 and rows[0] < top:
                # Rows above the view changed height: keep the top row where the user sees it.
                position = table.verticalHeader().sectionPosition(top)
                table.verticalScrollBar().setValue(position - offset)
        finally:
            self._busy = False


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
        self._shown_motion: int | None = None  # the motion whose map is on screen
        self._reader = controller.tasks.reader(self)
        self._reader.loaded.connect(self._show_map)
        self._reader.failed.connect(self.controller.userError)

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

        self.sizer = RowSizer(self.table, self._estimate_height)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(0)
        self._resize_timer.timeout.connect(self._columns_resized)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._resize_timer.start())
        self.model.modelReset.connect(self.delegate.clear)
        self.model.reorderRequested.connect(self._reorder)
        controller.changed.connect(self._on_changed)
        self.placeholder.setText("Loading the argument map…")
        self.stack.setCurrentWidget(self.placeholder)
        self.refresh()

    def sizeHint(self) -> QSize:
        # Room for a few rows when docked below the reader, even in a 900x600 window.
        return QSize(640, 260)

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("mapTable")
        table.setAccessibleName("Argument map rows")
        table.setModel(self.model)
        self.delegate = MapDelegate(table)
        table.setItemDelegate(self.delegate)
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
        """Reload the map of the current motion in the background; it shows when loaded,
        keeping the row at the top of the view and the selected card."""
        library = self.controller.library
        motion_id = self.controller.current_motion_id
        self._reader.request(lambda: load_map(library, motion_id))

    def shown_motion_id(self) -> int | None:
        """The motion whose map is on screen (None: none yet, or no motion)."""
        return self._shown_motion

    def is_idle(self) -> bool:
        """The newest map is on screen (its rows may still be being measured)."""
        return self._reader.is_idle()

    def wait_idle(self, timeout_ms: int = 10000) -> bool:
        """Run the event loop until the newest map is shown (tests, benchmarks)."""
        return self._reader.wait(timeout_ms)

    def _show_map(self, result: object) -> None:
        motion, data = result if isinstance(result, tuple) else (None, MapData())
        assert isinstance(data, MapData)
        same_motion = motion is not None and motion.id == self._shown_motion
        top = self.table.rowAt(0) if same_motion else -1
        offset = self.table.rowViewportPosition(top) if top >= 0 else 0
        selected = self._reselect if self._reselect is not None else self._selected_card()
        self._reselect = None
        self._shown_motion = motion.id if motion is not None else None
        if motion is None:
            self.model.set_headers("Side A", "Side B")
            self.model.set_map(MapData())
            self.resolution.set_full_text("")
        else:
            self.model.set_headers(*(side_label(motion, side) for side in (Side.A, Side.B)))
            self.model.set_map(data)
            self.resolution.set_full_text(motion.resolution)
        self.export_button.setEnabled(motion is not None)
        self._update_summary(motion is not None)
        self.sizer.reset()
        if 0 <= top < self.model.rowCount():
            position = self.table.verticalHeader().sectionPosition(top)
            self.table.verticalScrollBar().setValue(position - offset)
        if selected is not None and same_motion:
            self.select_card(selected)

    def _columns_resized(self) -> None:
        self.delegate.clear()
        self.sizer.reset()

    def _estimate_height(self, row: int, width: int) -> int:
        """A row's height guessed from its text's length (exact once measured)."""
        metrics = self.table.fontMetrics()
        per_line = max(10, (width - 2 * PADDING) // max(1, metrics.averageCharWidth()))
        lines = 1
        for column in (0, 1):
            cell = self.model.cell(row, column)
            if cell is None or cell.unanswered:
                lines = max(lines, 2)
                continue
            count = 0
            for claim in cell.claims:
                count += sum(-(-len(line) // per_line) for line in claim.lines()) + 1
            lines = max(lines, count - 1)
        return lines * metrics.lineSpacing() + 2 * PADDING

    def _update_summary(self, has_motion: bool) -> None:
        rows = self.model.rowCount()
        unanswered = self.model.unanswered_count()
        bare = self.model.without_evidence_count()
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
        where = self.model.position_of(card_id)
        if where is None:
            return False
        index = self.model.index(*where)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

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
