"""The library panel: the sources (filterable, sortable), a selected source's citation, and
the motions with their briefs.

Reads go through ``controller.library``; the only edit here, the citation form, goes through
``controller.edit_source`` (one undo step per apply, only the fields that changed). A field is
applied when editing finishes (Return or leaving it): every action saves at once.

A library can hold thousands of sources, so the table is loaded on a worker thread (titles and
counts only, never the texts), sorted by the model itself and filtered by a plain proxy; the
citation form (:mod:`debateprep.gui.citation_form`) re-reads just its one source at once after
an edit.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import UserError
from debateprep.gui import colours
from debateprep.gui.citation_form import CitationForm
from debateprep.gui.controller import BRIEFS, MOTIONS, SOURCES, Controller
from debateprep.gui.itemmodels import (
    BRIEF,
    FILTER_ROLE,
    ID_ROLE,
    KIND_ROLE,
    MOTION,
    FilterProxy,
    MotionBriefModel,
    SourceTableModel,
)
from debateprep.records import SourceRecord

logger = logging.getLogger(__name__)

# Pixels: a narrower table shows only title and card count (the tooltip and the citation
# form still show outlet and date), so titles stay readable in a narrow dock.
NARROW_TABLE = 380


class LibraryPanel(QWidget):
    """Sources, citation editing, motions and briefs."""

    sourceSelected = Signal(int)  # the user selected this source in the table
    briefSelected = Signal(int)  # the user selected this brief

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.setAccessibleName("Library")
        self.controller = controller
        self._selected_id: int | None = None
        self._quiet = False  # True while we restore selections ourselves
        self._loaded = False  # the source table has been filled at least once
        self._reader = controller.tasks.reader(self)
        self._reader.loaded.connect(self._show_sources)
        self._reader.failed.connect(controller.userError)

        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("sourceFilter")
        self.filter_box.setAccessibleName("Filter sources")
        self.filter_box.setPlaceholderText("Filter sources by title, author, outlet…")
        self.filter_box.setClearButtonEnabled(True)

        self.model = SourceTableModel(self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterKeyColumn(SourceTableModel.TITLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = self._build_table()
        self.details = self._build_details()
        self._build_layout()

        controller.changed.connect(self._on_changed)
        self.refresh()

    def _build_table(self) -> QTableView:
        """The source table: one-line rows, sorted by title, outlet and date kept narrow."""
        table = QTableView(self)
        table.setObjectName("sourceList")
        table.setAccessibleName("Sources")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        # One-line rows: a fixed height, so no row is ever measured.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(SourceTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        # Outlet and date get modest fixed widths (the user can drag them) so a long outlet
        # never squeezes the title, which matters most in a narrow dock.
        metrics = self.fontMetrics()
        for column, sample in (
            (SourceTableModel.OUTLET, "Outlet name"),
            (SourceTableModel.DATE, "2017-03-27"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 12)
        header.setSectionResizeMode(SourceTableModel.CARDS, QHeaderView.ResizeMode.ResizeToContents)
        # Fit the count column to the rows in view, not to all of them (thousands of data()
        # calls on every change); counts are short, so the width hardly varies.
        header.setResizeContentsPrecision(0)
        header.setHighlightSections(False)
        table.setSortingEnabled(True)
        table.sortByColumn(SourceTableModel.TITLE, Qt.SortOrder.AscendingOrder)
        table.activated.connect(self._open_index)
        table.selectionModel().selectionChanged.connect(self._source_selection_changed)
        return table

    def _build_details(self) -> QTabWidget:
        """The tabs under the table: the selected source's citation, the motions and briefs."""
        self.citation = CitationForm(self)
        self.citation.editingFinished.connect(self.apply_citation)
        citation_scroll = QScrollArea(self)
        citation_scroll.setWidgetResizable(True)
        citation_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        citation_scroll.setWidget(self.citation)

        self.motion_model = MotionBriefModel(self)
        self.motion_tree = QTreeView(self)
        self.motion_tree.setObjectName("motionList")
        self.motion_tree.setAccessibleName("Motions and briefs")
        self.motion_tree.setModel(self.motion_model)
        self.motion_tree.setHeaderHidden(True)
        self.motion_tree.setWordWrap(True)  # resolutions are long sentences
        self.motion_tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.motion_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.motion_tree.selectionModel().selectionChanged.connect(self._motion_selection_changed)
        self.motion_model.modelReset.connect(self.motion_tree.expandAll)

        details = QTabWidget(self)
        details.setObjectName("libraryDetails")
        details.setDocumentMode(True)
        details.addTab(citation_scroll, "Citation")
        details.addTab(self.motion_tree, "Motions && briefs")
        return details

    def _build_layout(self) -> None:
        """Filter, table and empty hint above a splitter handle; the details below it."""
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.filter_box)
        top_layout.addWidget(self.table)
        self.empty_hint = QLabel(
            "No sources yet. Paste an article with F2 (Edit › Paste as New Source) or use "
            "File › Import… (Ctrl+I).",
            self,
        )
        self.empty_hint.setObjectName("libraryEmptyHint")
        self.empty_hint.setWordWrap(True)
        colours.mute(self.empty_hint)  # a disabled label would be 1.5:1
        top_layout.addWidget(self.empty_hint)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._auto_split = True  # until the user drags the splitter
        self.splitter.splitterMoved.connect(self._stop_auto_split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

    # -- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._refresh_sources()
        self._refresh_motions()

    def _on_changed(self, topic: str) -> None:
        if topic == SOURCES:
            self._refresh_citation()
            self._refresh_sources()
        elif topic in (MOTIONS, BRIEFS):
            self._refresh_motions()

    def _refresh_sources(self) -> None:
        """Reload the table in the background; it changes when the sources arrive."""
        self._reader.request(self.controller.library.source_list)

    def is_idle(self) -> bool:
        """The newest source list is in the table."""
        return self._reader.is_idle()

    def wait_idle(self, timeout_ms: int = 10000) -> bool:
        """Run the event loop until the newest source list is shown (tests, benchmarks)."""
        return self._reader.wait(timeout_ms)

    def _show_sources(self, result: object) -> None:
        sources = (
            [s for s in result if isinstance(s, SourceRecord)] if isinstance(result, list) else []
        )
        self._loaded = True
        self._quiet = True
        try:
            self.model.set_rows(sources)
            if self._selected_id is not None and not self.select_source(self._selected_id):
                self._selected_id = None
        finally:
            self._quiet = False
        self.empty_hint.setVisible(not sources)
        self._fit_layout()
        if (
            self.citation.source_id is not None
            and self.model.row_of(self.citation.source_id) is None
        ):
            self.citation.load(None)

    def _refresh_citation(self) -> None:
        """Show the stored values of the source being edited (after an edit or an undo)."""
        source_id = self.citation.source_id
        if source_id is None:
            return
        try:
            current = self.controller.library.source(source_id)
        except UserError:  # deleted meanwhile
            self.citation.load(None)
            return
        self.citation.update_from(current)

    def _refresh_motions(self) -> None:
        library = self.controller.library
        self._quiet = True
        try:
            self.motion_model.set_data(
                library.motions(), library.briefs(), self.controller.current_motion_id
            )
        finally:
            self._quiet = False

    # -- layout ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = self.table.width() < NARROW_TABLE
        for column in (SourceTableModel.OUTLET, SourceTableModel.DATE):
            self.table.setColumnHidden(column, narrow)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_layout()

    def _stop_auto_split(self, _pos: int, _index: int) -> None:
        self._auto_split = False

    def _fit_layout(self) -> None:
        """Give the table room for its rows (up to eight) and the details the rest; later
        growth goes to the details (the splitter's stretch), until the user drags it."""
        if not self._auto_split or not self.isVisible():
            return
        rows = min(max(self.model.rowCount(), 3), 8)
        wanted = (
            self.filter_box.sizeHint().height()
            + self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
            + 8
        )
        if self.empty_hint.isVisibleTo(self):
            wanted += self.empty_hint.sizeHint().height()
        total = sum(self.splitter.sizes())
        self.splitter.setSizes([wanted, max(total - wanted, 1)])

    def current_source_id(self) -> int | None:
        return self._selected_id

    def select_source(self, source_id: int) -> bool:
        """Select a source's row without announcing it (False: not shown by the filter).

        Before the table's first load (or while a reload is on its way, as after a paste),
        the source is selected once the rows arrive.
        """
        row = self.model.row_of(source_id)
        if row is None:
            if not self._loaded or not self._reader.is_idle():
                self._selected_id = source_id
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        quiet, self._quiet = self._quiet, True
        try:
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
        finally:
            self._quiet = quiet
        self._selected_id = source_id
        if self.citation.source_id != source_id:
            self.citation.load(self.model.row_record(row))
        return True

    # -- user actions ----------------------------------------------------------------------

    def _source_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        if self._quiet:
            return
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._selected_id = None
            self.citation.load(None)
            return
        source_row = self.proxy.mapToSource(rows[0]).row()
        record = self.model.row_record(source_row)
        if record.id == self._selected_id:
            return
        self._selected_id = record.id
        self.citation.load(record)
        self.sourceSelected.emit(record.id)

    def _open_index(self, index: QModelIndex) -> None:
        source_id = self.proxy.data(index, ID_ROLE)
        if isinstance(source_id, int):
            self.controller.show_source(source_id)

    def apply_citation(self) -> bool:
        """Save the citation fields that changed as one undoable edit."""
        source_id = self.citation.source_id
        changes = self.citation.changes()
        if source_id is None or not changes:
            return False
        record = self.controller.edit_source(source_id, **changes)
        if record is None:  # refused (the controller showed why): show what is stored
            stored = self.controller.attempt(lambda: self.controller.library.source(source_id))
            self.citation.load(stored)
            return False
        self.citation.load(record)
        return True

    def _motion_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        if self._quiet or not selected.indexes():
            return
        index = selected.indexes()[0]
        kind = self.motion_model.data(index, KIND_ROLE)
        item_id = self.motion_model.data(index, ID_ROLE)
        motion_id = self.motion_model.motion_id_of(index)
        if motion_id is not None and motion_id != self.controller.current_motion_id:
            self.controller.current_motion_id = motion_id
            self.controller.changed.emit(MOTIONS)
        if kind == BRIEF and isinstance(item_id, int):
            self.briefSelected.emit(item_id)
        elif kind != MOTION:
            logger.debug("unexpected item in the motion tree: %r", kind)
