"""The argument map panel: the current motion's arguments side by side with their answers.

Rows come from :mod:`debateprep.gui.maprows`: an argument beside the claims that answer
it; opening a row (its ▸ in the row header, or + and − in the map) shows each answer as a row
of its own, and counterarguments that answer nothing show under "Unplaced". Cells are drawn
as rich text by the delegate of :mod:`debateprep.gui.map_delegate`, whose size hint wraps to
the column width; dragging a cell onto another row reorders that side's arguments through the
controller (one undo step), and drags leaving the map carry card ids.

A motion can have hundreds of arguments, so the map is loaded on a worker thread (the claims
and evidence counts only, never the quotes) and its rows are measured as they come into view,
then the rest in small batches while the window is idle (:mod:`debateprep.gui.rowsizer`).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import UserError
from debateprep.gui import colours
from debateprep.gui.controller import CARDS, LINKS, MOTIONS, Controller
from debateprep.gui.map_delegate import PADDING, MapDelegate
from debateprep.gui.mapmodel import CardIdsRole, MapData, MapModel, build_map
from debateprep.gui.rowsizer import RowSizer
from debateprep.records import MotionRecord, Side
from debateprep.text.bundleindex import BundleIndex, side_label

if TYPE_CHECKING:
    from debateprep.facade.library import Library

OPEN_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)  # "=" is "+" without Shift on most layouts
CLOSE_KEYS = (Qt.Key.Key_Minus,)

logger = logging.getLogger(__name__)


def load_map(
    library: Library, motion_id: int | None, opened: Collection[int] = ()
) -> tuple[MotionRecord | None, MapData]:
    """The motion and its map, read on a worker thread: claims and evidence counts only.
    ``opened``: the claims whose answers show as rows of their own."""
    if motion_id is None:
        return None, MapData()
    try:
        bundle = library.claim_bundle(motion_id)
        counts = library.evidence_counts(motion_id)
        incomplete = library.incomplete_cite_counts(motion_id)
    except UserError:  # the motion went away (e.g. another library was opened)
        logger.info("motion %s not found; map shows nothing", motion_id)
        return None, MapData()
    return bundle.motion, build_map(BundleIndex.of(bundle), counts, opened, incomplete)


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
        self._shown_motion: int | None = None  # the motion whose map is on screen
        self._opened: set[int] = set()  # claims whose answers show as rows (see maprows)
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
        colours.mute(self.summary)
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
        colours.mute(self.placeholder)
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
        table.verticalHeader().sectionClicked.connect(self.toggle_row)
        table.installEventFilter(self)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """+ opens the current row's answers as rows, − closes them (the map only)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in OPEN_KEYS or key in CLOSE_KEYS:
                row = self.table.currentIndex().row()
                return self.set_row_open(row, key in OPEN_KEYS) or True
        return super().eventFilter(watched, event)

    # -- reading ---------------------------------------------------------------------------

    def _on_changed(self, topic: str) -> None:
        if topic in (CARDS, LINKS, MOTIONS):
            self.refresh()

    def refresh(self) -> None:
        """Reload the map of the current motion in the background; it shows when loaded,
        keeping the row at the top of the view and the selected card."""
        library = self.controller.library
        motion_id = self.controller.current_motion_id
        opened = frozenset(self._opened)
        self._reader.request(lambda: load_map(library, motion_id, opened))

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
        self.table.clearSpans()
        for row in self.model.heading_rows():
            self.table.setSpan(row, 0, 1, 2)
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
        arguments = len(self.model.anchor_ids(Side.A)) + len(self.model.anchor_ids(Side.B))
        unanswered = self.model.unanswered_count()
        bare = self.model.without_evidence_count()
        unplaced = self.model.unplaced_count()
        rows = self.model.rowCount()
        self.summary.setText(
            f"{arguments} argument{'s' if arguments != 1 else ''} · {unanswered} unanswered"
            f" · {bare} without evidence" + (f" · {unplaced} unplaced" if unplaced else "")
            if rows
            else ""
        )
        if not has_motion:
            self.placeholder.setText(
                "This library has no motion yet. Start one with Card › New Motion… "
                "(Ctrl+Shift+N); its arguments line up here side by side."
            )
        else:
            self.placeholder.setText(
                "No arguments yet. Write one with Card › New Argument (Ctrl+Shift+A); "
                "counterarguments that answer it line up beside it here."
            )
        self.stack.setCurrentWidget(self.table if rows else self.placeholder)

    def _selected_card(self) -> int | None:
        index = self.table.currentIndex()
        ids = index.data(CardIdsRole) if index.isValid() else None
        return ids[0] if ids else None

    def current_card_id(self) -> int | None:
        """The card in the current cell: what Delete acts on while the map has focus."""
        return self._selected_card()

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

    def add_cell_actions(self, actions: list[QAction]) -> None:
        """The window's claim commands, offered on a map cell's context menu."""
        self.table.addActions(actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def toggle_row(self, row: int) -> bool:
        """Open or close a row (its row header was clicked)."""
        info = self.model.row_info(row)
        return info is not None and self.set_row_open(row, not info.opened)

    def set_row_open(self, row: int, opened: bool) -> bool:
        """Show (or hide) the answers to this row's claim as rows of their own."""
        map_row = self.model.map_row(row)
        info = self.model.row_info(row)
        if map_row is None or info is None or not info.openable or info.opened == opened:
            return False
        if opened:
            self._opened.add(map_row.anchor.id)
        else:
            self._opened.discard(map_row.anchor.id)
        self._reselect = self._selected_card() or map_row.anchor.id
        self.refresh()
        return True

    def selected_claim(self, current_card: int | None = None) -> tuple[int, int] | None:
        """The claim the selected cell stands for, and the anchor of its row.

        The cell's claim shown in the card editor (``current_card``) if any, else its
        anchor, else its first claim; an empty cell beside an anchor stands for the anchor
        (answering it fills that cell). None when no claim cell is selected.
        """
        index = self.table.currentIndex()
        map_row = self.model.map_row(index.row()) if index.isValid() else None
        cell = self.model.cell(index.row(), index.column()) if index.isValid() else None
        if map_row is None or cell is None:
            return None
        ids = [claim.card.id for claim in cell.claims]
        anchor = map_row.anchor.id
        if current_card in ids:
            return current_card, anchor
        if not ids or anchor in ids:
            return anchor, anchor
        return ids[0], anchor

    def selected_side(self) -> Side | None:
        """The side of the selected cell's column (None when nothing is selected)."""
        index = self.table.currentIndex()
        if not index.isValid() or self.model.map_row(index.row()) is None:
            return None
        return Side.A if index.column() == 0 else Side.B

    def show_new_card(self, card_id: int, opening: int | None = None) -> None:
        """Select ``card_id`` once the map has reloaded; ``opening`` is a row's claim to
        open first, so that an answer to one of its answers has a row to show in."""
        if opening is not None and opening not in self._opened:
            self._opened.add(opening)
            self.refresh()
        self._reselect = card_id

    def _reorder(self, order: list[int], moved: int) -> None:
        self._reselect = moved  # keep the dragged argument selected in its new row
        if not self.controller.reorder_cards(order):
            self._reselect = None
