"""Connecting the window to a class library: its address, a password, or a local library.

File > Open Class Library… asks for the server address (``postgresql://server/dbname``) with
an example and the recently used addresses (as the window title shows them: never with a
password). When the server wants a password libpq could not find (``.pgpass``,
``PGPASSWORD``, a service file), a prompt asks for it: the password goes to the connection
and the window's search process only, never to settings or logs. Any other failure is its
one-line message, with the offer to open a local library instead (the last one used, or the
default library) so a student whose server is down can still work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from debateprep import paths
from debateprep.errors import UserError

if TYPE_CHECKING:
    from debateprep.facade.library import Library

SCHEMES = ("postgresql", "postgres")
EXAMPLE = "postgresql://maria@school-server/debate_class?sslmode=require"
RECENT_KEY = "recentClassLibraries"
MAX_RECENT = 8
LOCAL_INSTEAD = "Open a Local Library Instead"


def is_class_location(location: object) -> bool:
    """True for a class library's ``postgresql://`` address (the window never imports the
    storage layer, so it recognises the scheme itself)."""
    if not isinstance(location, str):
        return False
    scheme, separator, _ = location.partition("://")
    return bool(separator) and scheme.split("+", 1)[0].lower() in SCHEMES


def recent_class_urls(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(item) for item in items if is_class_location(str(item))]


def remember_class_url(settings: QSettings, location: str) -> None:
    """Keep ``location`` (the library's display address: it never holds a password) first."""
    recent = [location] + [url for url in recent_class_urls(settings) if url != location]
    settings.setValue(RECENT_KEY, recent[:MAX_RECENT])


def last_local_library(settings: QSettings) -> Path:
    """The local library to fall back on: the last one opened, else the default library."""
    value = settings.value("recentLibraries", [])
    recent = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    last = settings.value("lastLibrary")
    for entry in [*(str(item) for item in recent), str(last) if last else ""]:
        if entry and not is_class_location(entry):
            return Path(entry)
    return paths.default_library_path()


class ClassUrlDialog(QDialog):
    """File > Open Class Library…: the server address, with an example and recent ones."""

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classUrlDialog")
        self.setWindowTitle("Open Class Library")
        self.field = QComboBox(self)
        self.field.setObjectName("classUrl")
        self.field.setEditable(True)
        self.field.setAccessibleName("Class library address")
        self.field.addItems(recent)
        self.field.setMinimumContentsLength(40)
        line = self.field.lineEdit()
        assert line is not None
        line.setPlaceholderText(EXAMPLE)
        label = QLabel("Class library &address:", self)
        label.setBuddy(self.field)
        hint = QLabel(
            f"For example {EXAMPLE} (your user name before the server, the class's "
            "database after it). A password is asked for when the server wants one; it "
            "is never saved.",
            self,
        )
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = QLabel(self)
        self.problem.setObjectName("classUrlProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.field, self.problem, hint, buttons):
            layout.addWidget(widget)

    def url(self) -> str:
        return self.field.currentText().strip()

    def accept(self) -> None:
        """Only a class library's address closes the dialog (a plain path would open or
        create a local library of that name instead)."""
        if is_class_location(self.url()):
            super().accept()
            return
        self.problem.setText(
            f"Not a class library's address: it starts postgresql://, as in {EXAMPLE}."
        )
        self.problem.show()

    @classmethod
    def ask(cls, parent: QWidget | None, settings: QSettings) -> str | None:
        dialog = cls(recent_class_urls(settings), parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.url():
            return None
        return dialog.url()


class PasswordDialog(QDialog):
    """The server asked for a password: typed hidden, handed to the connection only."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classPasswordDialog")
        self.setWindowTitle("Class library password")
        said = QLabel(message, self)
        said.setWordWrap(True)
        said.setTextFormat(Qt.TextFormat.PlainText)
        self.field = QLineEdit(self)
        self.field.setObjectName("classPassword")
        self.field.setAccessibleName("Password")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel("&Password:", self)
        label.setBuddy(self.field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (said, label, self.field, buttons):
            layout.addWidget(widget)

    @classmethod
    def ask(cls, parent: QWidget | None, message: str) -> str | None:
        dialog = cls(message, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        password = dialog.field.text()
        dialog.field.clear()
        dialog.deleteLater()
        return password if accepted else None


def offer_local_library(parent: QWidget | None, message: str) -> bool:
    """The class library could not be opened: its one-line message, and True if the user
    chose to open a local library instead."""
    box = QMessageBox(QMessageBox.Icon.Warning, "DebatePrep", message, parent=parent)
    box.setObjectName("classOpenFailed")
    local = box.addButton(LOCAL_INSTEAD, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is local


def connect(open_with: Callable[[str | None], Library], parent: QWidget | None) -> Library | None:
    """``open_with(password)`` until it opens; a password the server wants (or refused) is
    asked for again; None when the user cancels the prompt. Other UserErrors go up."""
    from debateprep.facade.library import PasswordNeeded

    password: str | None = None
    while True:
        try:
            return open_with(password)
        except PasswordNeeded as exc:
            password = PasswordDialog.ask(parent, exc.message)
            if password is None:
                return None


def open_class_or_local(
    open_with: Callable[[str | None], Library],
    open_local: Callable[[], Library],
    parent: QWidget | None,
) -> Library | None:
    """A class library (asking for a password if needed); when it cannot be opened (or the
    password prompt was cancelled), its message with the offer to open a local library
    instead: that one, or None if the user declines."""
    try:
        library = connect(open_with, parent)
    except UserError as exc:
        message = exc.message
    else:
        if library is not None:
            return library
        message = "The class library was not opened: no password was given."
    return open_local() if offer_local_library(parent, message) else None
