"""What an import did, file by file: the summary dialog after File > Import, a URL or a drop.

One row per file or address (its name, what happened, why), the totals above them; nothing
here stops or changes the import, it only reports it. ``ImportedSources`` makes the sources
an import added one undo step (undo deletes them while no card quotes them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import UserError
from debateprep.records import ImportOutcome, ImportStatus, SourceRecord

if TYPE_CHECKING:
    from debateprep.facade.library import Library

OUTCOME_WORDS = {
    ImportStatus.IMPORTED: "Imported",
    ImportStatus.DUPLICATE: "Already in the library",
    ImportStatus.FAILED: "Refused",
    ImportStatus.SKIPPED: "Left out",
}


def shown_name(outcome: ImportOutcome) -> str:
    """A file's name, or a URL as it is (its last part alone would say too little)."""
    if "://" in outcome.path:
        return outcome.path
    return PurePath(outcome.path).name or outcome.path


def reason(outcome: ImportOutcome) -> str:
    """The message without the leading "name: " the row already shows."""
    prefix = f"{shown_name(outcome)}: "
    if not outcome.message.startswith(prefix):
        return outcome.message
    rest = outcome.message.removeprefix(prefix)
    return rest[:1].upper() + rest[1:]  # "imported as …" begins the cell: "Imported as …"


def totals(outcomes: Sequence[ImportOutcome]) -> str:
    """``9 files: 5 imported, 1 already in the library, 3 refused.``"""
    counts = Counter(outcome.status for outcome in outcomes)
    parts = [
        f"{counts[status]} {OUTCOME_WORDS[status].lower()}"
        for status in OUTCOME_WORDS
        if counts[status] or status is ImportStatus.IMPORTED
    ]
    noun = "file" if len(outcomes) == 1 else "files"
    return f"{len(outcomes)} {noun}: {', '.join(parts)}."


class ImportSummary(QDialog):
    """The list of outcomes: file, outcome, reason (the reason's full text as a tooltip)."""

    def __init__(self, outcomes: Sequence[ImportOutcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle("Import finished")
        layout = QVBoxLayout(self)
        heading = QLabel(totals(outcomes))
        heading.setObjectName("importTotals")
        layout.addWidget(heading)
        self.table = QTableWidget(len(outcomes), 3)
        self.table.setObjectName("importOutcomes")
        self.table.setHorizontalHeaderLabels(["File", "Outcome", "Reason"])
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Reasons are sentences: wrapped in full, the row as tall as it needs.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        for row, outcome in enumerate(outcomes):
            cells = (shown_name(outcome), OUTCOME_WORDS[outcome.status], reason(outcome))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(outcome.message)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)


class ImportedSources:
    """One undo step for the sources an import added (Kialo motions and Verbatim cards are
    not in it: their cards would keep the sources from being deleted)."""

    def __init__(self, library: Library, sources: Sequence[SourceRecord]) -> None:
        from debateprep.facade.sources import SOURCE_FIELDS  # SQLAlchemy: not at start-up

        self._library = library
        self._ids = [source.id for source in sources]
        self._fields = [{name: getattr(s, name) for name in SOURCE_FIELDS} for s in sources]
        self._origins = [source.origin for source in sources]
        self._texts = [""] * len(sources)
        count = len(sources)
        self.text = f"Import “{sources[0].title}”" if count == 1 else f"Import {count} sources"

    def undo(self) -> None:
        quoted = [self._library.source(i) for i in self._ids]
        for source in quoted:
            if source.card_count:
                raise UserError(f"cards now quote “{source.title}”; delete them first.")
        for index, source_id in enumerate(self._ids):
            self._texts[index] = self._library.source_text(source_id)
            self._library.delete_source(source_id)

    def redo(self) -> None:
        for index, text in enumerate(self._texts):
            origin = self._origins[index]
            added = self._library.add_source(text, origin=origin, **self._fields[index])
            self._ids[index] = added.id
