"""Opening the real main window (or a card editor) for a GUI test, and moving the keyboard
focus as a user does."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from debateprep.gui.app import create_main_window
from debateprep.gui.card_editor import CardEditor
from debateprep.gui.controller import Controller
from debateprep.gui.mainwindow import MainWindow


def open_window(template: Path, tmp_path: Path, qtbot: QtBot, name: str = "lib") -> MainWindow:
    """A window on a fresh copy of the starter library, 1280x800, shown, active (shortcuts
    need an active window) and with its panels loaded."""
    folder = tmp_path / name
    shutil.copytree(template, folder)
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    main = create_main_window(folder / "library.db", settings)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=3000)
    qtbot.waitUntil(lambda: main.map_view.is_idle() and main.library_panel.is_idle())
    return main


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus as Tab would, and wait until it has it."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def open_editor(controller: Controller, qtbot: QtBot, card_id: int | None) -> CardEditor:
    """A card editor on its own, docked-column sized, showing ``card_id``."""
    editor = CardEditor(controller)
    qtbot.addWidget(editor)
    editor.resize(360, 700)
    editor.show()
    qtbot.waitExposed(editor)
    editor.load(card_id)
    return editor
