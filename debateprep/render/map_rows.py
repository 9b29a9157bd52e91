"""Map rows kept whole on printed pages: finding a row that runs over a page break, and
planning where the map tables are cut so that none does.

QTextDocument has no ``break-inside: avoid``: it splits a map row across two pages. The
layout (:func:`.pdf_layout.layout_packet`) cuts a table before such a row instead (see
:func:`.qt_html.adapt_for_qt`); :class:`CutPlanner` finds the cuts that follow on small trial
tables, so the whole packet is laid out only once or twice however long the map is.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPaintDevice,
    QTextDocument,
    QTextFrame,
    QTextTable,
)

from debateprep.progress import Report
from debateprep.render.page_flow import laid_out_document, page_of
from debateprep.render.qt_html import adapt_for_qt, map_tables, up_to_body

# Map rows laid out in one trial table, to start with (doubled until a page is full).
TRIAL_ROWS = 8


def tables_in(frame: QTextFrame) -> list[QTextTable]:
    """The tables inside ``frame``, in document order."""
    found: list[QTextTable] = []
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            found.append(child)
        found += tables_in(child)
    return sorted(found, key=lambda table: table.firstPosition())


def row_spans(table: QTextTable, layout: QAbstractTextDocumentLayout) -> list[tuple[float, float]]:
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


def straddling_row(document: QTextDocument, page_height: float) -> int | None:
    """The first body row (numbered as in :func:`.qt_html.adapt_for_qt`) that runs over a
    page break and would fit on a page of its own, if any."""
    layout = document.documentLayout()
    number = 0
    for table in tables_in(document.rootFrame()):
        spans = row_spans(table, layout)
        for row in range(1, table.rows()):  # row 0 holds the side names
            top, bottom = spans[row]
            crosses = page_of(top, page_height) != page_of(bottom - 1, page_height)
            if crosses and row > 1 and bottom - top < page_height * 0.8:
                return number
            number += 1
    return None


@dataclass
class CutPlanner:
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
        self._prefix = up_to_body(self.html)
        self._suffix = "</body></html>"
        # Each table's header and body rows, numbered from 0 over all tables.
        self._tables = map_tables(self.html)

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
        document = laid_out_document(self.device, self.body, html)
        row = straddling_row(document, self.body.height())
        return None if row is None else row - 1
