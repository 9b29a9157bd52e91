"""The questions the brief builder asks: a new brief's side and title, a new section's title.

Each question is a classmethod ``ask`` so tests can monkeypatch it instead of clicking
through a modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QWidget,
)

from debateprep.records import Side


class NewBriefDialog(QDialog):
    """Asks for a new brief's side and (optional) title."""

    def __init__(self, side_names: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newBriefDialog")
        self.setWindowTitle("New brief")
        self.side = QComboBox(self)
        self.side.setAccessibleName("Side")
        self.side.addItem(side_names[0], Side.A.value)
        self.side.addItem(side_names[1], Side.B.value)
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("Leave empty for “<side> brief”")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Side:", self.side)
        form.addRow("&Title:", self.title)
        form.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, side_names: tuple[str, str]) -> tuple[str, Side] | None:
        """(title, side), or None when cancelled; an empty title means the default."""
        dialog = cls(side_names, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.title.text().strip(), Side(dialog.side.currentData())


class SectionTitleDialog:
    """Asks for a new section's title."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str = "Add section") -> str | None:
        text, ok = QInputDialog.getText(parent, caption, "Title:")
        return text.strip() if ok and text.strip() else None
