"""Fitting a table's row heights to rich-text contents without blocking the window.

Measuring a row lays out its text, and doing every row of a big table at once freezes the
window for a second; :class:`RowSizer` measures the rows in view at once and the rest in
short slices while the event loop is idle, estimating the others meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTableView

MEASURE_SLICE_S = 0.008  # idle row measuring yields to the event loop this often


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
