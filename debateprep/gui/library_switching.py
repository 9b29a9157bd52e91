"""File > New Library, Open Library, Open Class Library and Open Recent: which library the
window shows.

A mixin of :class:`~debateprep.gui.mainwindow.MainWindow`. Switching opens a new window on the
other library (through the app's ``open_window``) and closes this one only when that worked,
so a library that cannot be opened leaves the student where they were.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu, QWidget

from debateprep.gui import dialogs
from debateprep.gui.class_connect import ClassUrlDialog, is_class_location

if TYPE_CHECKING:
    from debateprep.facade.library import Library

MAX_RECENT = 8


class _Window(Protocol):
    library: Library
    settings: QSettings
    _open_window: Callable[..., object] | None
    _recent_menu: QMenu

    def close(self) -> bool: ...

    def _switch_to(self, path: Path | str, empty: bool = False) -> None: ...

    def _recent(self) -> list[str]: ...


def _folder(path: Path | None) -> str:
    """Where file dialogs start: the open library's folder (a class library has none)."""
    return str(path.parent) if path is not None else ""


class LibrarySwitching:
    """New, Open and Open Recent library commands and the recent-libraries list."""

    def new_library(self: _Window) -> None:
        """Ask where, then whether it starts with the sample sources and map or empty."""
        path = dialogs.Ask.new_library(cast(QWidget, self), _folder(self.library.file))
        sample = dialogs.Ask.new_library_contents(cast(QWidget, self)) if path is not None else None
        if path is not None and sample is not None:
            self._switch_to(path, empty=not sample)

    def open_library(self: _Window) -> None:
        path = dialogs.Ask.library_to_open(cast(QWidget, self), _folder(self.library.file))
        if path is not None:
            self._switch_to(path)

    def open_class_library(self: _Window) -> None:
        """File > Open Class Library…: a class library's server address (see class_connect)."""
        url = ClassUrlDialog.ask(cast(QWidget, self), self.settings)
        if url is not None:
            self._switch_to(url)

    def _switch_to(self: _Window, path: Path | str, empty: bool = False) -> None:
        if self._open_window is None:
            return
        if self._open_window(path, empty=empty) is not None:
            self.close()

    def _update_recent_menu(self: _Window) -> None:
        here = self.library.location
        recent = [here] + [p for p in self._recent() if p != here]
        self.settings.setValue("recentLibraries", recent[:MAX_RECENT])
        self._recent_menu.clear()
        for entry in recent[1:MAX_RECENT]:
            action = self._recent_menu.addAction(entry)
            where = entry if is_class_location(entry) else Path(entry)  # a URL stays text
            action.triggered.connect(lambda _=False, p=where: self._switch_to(p))
        self._recent_menu.setEnabled(len(recent) > 1)

    def _recent(self: _Window) -> list[str]:
        value = self.settings.value("recentLibraries", [])
        if isinstance(value, str):
            return [value]
        return [str(item) for item in value] if isinstance(value, list) else []
