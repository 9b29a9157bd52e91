"""GUI test fixtures: offscreen Qt, a starter library copy, and the window's controller."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from debateprep.facade.library import Library
from debateprep.gui import deleting
from debateprep.gui.controller import Controller
from debateprep.gui.mainwindow import MainWindow
from tests.gui.windows import open_window


@pytest.fixture
def gui_library(_starter_template: Path, tmp_path: Path) -> Iterator[Library]:
    folder = tmp_path / "gui-lib"
    shutil.copytree(_starter_template, folder)
    library = Library.open(folder / "library.db")
    yield library
    library.close()


@pytest.fixture
def controller(qapp: object, gui_library: Library) -> Iterator[Controller]:
    controller = Controller(gui_library)
    yield controller
    controller.tasks.shutdown()  # as the window does before the library closes


@pytest.fixture(autouse=True)
def _empty_clipboard_after(qapp: object) -> Iterator[None]:
    """Mime data left on the offscreen clipboard crashes the interpreter at exit (Qt deletes
    it after Python has gone); a test that copies or pastes leaves it empty again."""
    yield
    QApplication.clipboard().clear()


@pytest.fixture
def window(_starter_template: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window on a fresh starter library (see ``tests.gui.windows.open_window``)."""
    main = open_window(_starter_template, tmp_path, qtbot)
    yield main
    main.close()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Questions the window asked before deleting; each is answered "Delete"."""
    asked: list[str] = []

    def confirm(_parent: QWidget, _title: str, question: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(deleting, "confirm", confirm)
    return asked
