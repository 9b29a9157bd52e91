"""View > Show Hidden Lines: a checkable action that shows the reader's hidden lines."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from debateprep.gui.app import create_main_window
from debateprep.gui.mainwindow import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(_starter_template: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = create_main_window(folder / "library.db", settings)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()


def test_view_menu_toggles_hidden_lines(window: MainWindow) -> None:
    action = window.actions_by_name["actionShowHidden"]
    assert action.isCheckable() and not action.isChecked()
    assert action in window.menus["View"].actions()
    text = "Headline\nADVERTISEMENT\nProse line."
    source = window.library.add_source(text, title="Hidden")
    window.reader.show_source(source.id)
    action.setChecked(True)
    assert window.reader._show_hidden
    action.setChecked(False)
    assert not window.reader._show_hidden
