"""Search > Aliases…: the acronyms search expands with, in a table, with Add and Remove.

Learned aliases come from the library's texts, built-in ones from the topic's list, the
user's from this dialog; each edit goes through the controller, so Edit > Undo reverts it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from debateprep.gui.controller import ALIASES, Controller
from debateprep.records import AliasEntry

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Short form", "Long form", "From")
ORIGINS = {"learned": "the sources", "built-in": "built-in list", "user": "you"}


class AliasModel(QAbstractTableModel):
    """The alias list, one row per (short, long) pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AliasEntry] = []

    def reset(self, entries: list[AliasEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.entries[index.row()]
        values = (entry.short, entry.long, ORIGINS.get(entry.origin, entry.origin))
        return values[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class AliasDialog(QDialog):
    """Lists every alias; Add takes a short and a long form, Remove the selected rows."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aliasDialog")
        self.setWindowTitle("Aliases")
        self.resize(620, 420)
        self._controller = controller
        self.model = AliasModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("aliasTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.short_edit = QLineEdit(self, placeholderText="Short form, e.g. JAG")
        self.long_edit = QLineEdit(self, placeholderText="Long form, e.g. Justice Assistance Grant")
        self.add_button = QPushButton("&Add", self)
        self.remove_button = QPushButton("&Remove", self)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.long_edit.returnPressed.connect(self.add)
        row = QHBoxLayout()
        for widget in (self.short_edit, self.long_edit, self.add_button, self.remove_button):
            row.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(buttons)
        controller.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        entries = self._controller.attempt(self._controller.library.aliases)
        self.model.reset(entries or [])

    def _on_changed(self, topic: str) -> None:
        if topic == ALIASES:  # an edit here, or its undo from the Edit menu
            self.refresh()

    def add(self) -> None:
        if self._controller.add_alias(self.short_edit.text(), self.long_edit.text()):
            self.short_edit.clear()
            self.long_edit.clear()

    def remove(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for entry in [self.model.entries[row] for row in rows]:
            self._controller.remove_alias(entry.short, entry.long)
