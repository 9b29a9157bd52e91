"""View > Show Hidden Lines: a checkable action that shows the reader's hidden lines."""

from __future__ import annotations

import pytest

from debateprep.gui.mainwindow import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


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
