"""A combo box's choices as one list model: thousands of entries in one reset, not one insert
each (the search panel's source filter lists every source)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

_ROOT = QModelIndex()
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
USER = Qt.ItemDataRole.UserRole  # what QComboBox.currentData() and findData() read


class ChoiceModel(QAbstractListModel):
    """(label, value) rows for a combo box; the label is also the tooltip."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Any]] = []

    def set_choices(self, rows: list[tuple[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, value = self._rows[index.row()]
        if role in (DISPLAY, TOOLTIP):
            return label
        if role == USER:
            return value
        return None
