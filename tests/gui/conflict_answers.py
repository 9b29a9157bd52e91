"""Answering the conflict dialog in GUI tests: it is modal, so the answer is queued first."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTextEdit

from debateprep.gui.conflict_dialog import ConflictDialog


class Answer:
    """Clicks a button of the conflict dialog once it is up, noting what it showed."""

    def __init__(self, button: str) -> None:
        self.button = button
        self.message = ""
        self.differing: list[str] = []
        self.quotes: list[str] = []
        self._tries = 300  # 3 s: a test that gets no dialog fails on what it saw, not hangs
        QTimer.singleShot(0, self._click)

    def _click(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            self._tries -= 1
            if self._tries > 0:
                QTimer.singleShot(10, self._click)
            return
        message = dialog.findChild(QLabel, "conflictMessage")
        assert message is not None
        self.message = message.text()
        self.differing = list(dialog.differing)
        self.quotes = [view.toPlainText() for view in dialog.findChildren(QTextEdit)]
        if self.button == "escape":
            dialog.reject()
        else:
            button = dialog.findChild(QPushButton, self.button)
            assert button is not None
            button.click()
