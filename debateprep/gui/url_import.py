"""File > Import from URL… and dropping links (or files) onto the window.

``UrlDialog`` asks for one web address, prefilled from the clipboard when it holds one;
``dropped_items`` reads what a drag carries (a ``text/uri-list`` of http(s) links or local
files, or plain text that is one address per line), and ``LinkDrop`` lets the whole window
take such a drop. The import itself runs as the window's import task (``filework``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove)


def is_web_address(text: str) -> bool:
    """An http(s) address with a host: what the dialog accepts and a dropped text may be."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in text


class UrlDialog(QDialog):
    """One field for the address; OK only once it reads as an http(s) address."""

    def __init__(self, parent: QWidget | None = None, initial: str = "") -> None:
        # The importers (lxml, pdfminer) load when asked for, not at the window's start.
        from debateprep.importers.reader import MAX_FILE_BYTES, human_size

        super().__init__(parent)
        self.setObjectName("importUrlDialog")
        self.setWindowTitle("Import from URL")
        layout = QVBoxLayout(self)
        label = QLabel("&Web address of an article, PDF or text file:")
        self.field = QLineEdit(initial)
        self.field.setObjectName("urlField")
        self.field.setPlaceholderText("https://")
        self.field.setMinimumWidth(460)
        label.setBuddy(self.field)
        note = QLabel(
            f"DebatePrep downloads it (up to {human_size(MAX_FILE_BYTES)}) and keeps its "
            "address and today's date as the access date for the cite."
        )
        note.setWordWrap(True)
        note.setObjectName("urlNote")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (label, self.field, note, self.buttons):
            layout.addWidget(widget)
        self.field.textChanged.connect(self._check)
        self._check(initial)
        self.field.selectAll()

    def _check(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(is_web_address(text))

    def url(self) -> str:
        return self.field.text().strip()


def clipboard_url() -> str:
    """The clipboard's text when it is one web address, else ''."""
    clipboard = QGuiApplication.clipboard()
    text = clipboard.text().strip() if clipboard is not None else ""
    return text if is_web_address(text) else ""


def ask_url(parent: QWidget) -> str | None:
    """Ask for the address (None: cancelled); a function so tests can replace it."""
    dialog = UrlDialog(parent, clipboard_url())
    return dialog.url() if dialog.exec() == QDialog.DialogCode.Accepted else None


def dropped_items(mime: QMimeData) -> list[Path | str]:
    """The web addresses (as text) and local files (as paths) a drag carries, in order."""
    items: list[Path | str] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                items.append(Path(url.toLocalFile()))
            elif url.scheme().lower() in ("http", "https"):
                items.append(url.toString())
        return items
    if mime.hasText():
        lines = [line.strip() for line in mime.text().splitlines() if line.strip()]
        if lines and all(is_web_address(line) for line in lines):
            items.extend(lines)
    return items


class LinkDrop(QObject):
    """Installed on the window: a drop of links or files anywhere without a drop of its own
    (the reader, the lists) imports them through ``handle``."""

    def __init__(self, window: QWidget, handle: Callable[[list[Path | str]], object]) -> None:
        super().__init__(window)
        self._handle = handle
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _DRAG_EVENTS and isinstance(event, QDragEnterEvent | QDragMoveEvent):
            if dropped_items(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            items = dropped_items(event.mimeData())
            if items:
                event.acceptProposedAction()
                self._handle(items)
                return True
        return super().eventFilter(watched, event)
