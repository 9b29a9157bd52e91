"""A keyboard path with no traps (issue 12, item 5): Tab leaves every list without opening
anything, never lands on a hidden widget, focus is outlined, Alt mnemonics are unique and
Ctrl+1..Ctrl+5 reach the panels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from debateprep.gui.deleting import inside
from debateprep.gui.mainwindow import MainWindow
from tests.gui.mnemonics import collisions, mnemonic
from tests.gui.windows import focus


def test_tab_leaves_the_source_table_without_opening_sources(
    window: MainWindow, qtbot: QtBot
) -> None:
    table = window.library_panel.table
    window.docks["Library"].raise_()
    shown = window.reader.current_source_id()
    focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
    assert window.reader.current_source_id() == shown
    focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not table
    assert window.reader.current_source_id() == shown


def test_tab_leaves_the_map(window: MainWindow, qtbot: QtBot) -> None:
    table = window.map_view.table
    focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table


def test_no_item_view_keeps_tab(window: MainWindow) -> None:
    views = window.findChildren(QAbstractItemView)
    assert len(views) >= 5
    trapping = [v.objectName() or type(v).__name__ for v in views if v.tabKeyNavigation()]
    assert trapping == []


def test_tab_never_lands_on_a_hidden_widget(window: MainWindow, qtbot: QtBot) -> None:
    focus(qtbot, window.reader.editor)
    visited: list[QWidget] = []
    for _ in range(60):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        visited.append(now)
    hidden = [w.objectName() or type(w).__name__ for w in visited if not w.isVisible()]
    assert hidden == []
    assert window.reader.editor in visited  # the chain comes round: no trap on the way


def test_focus_is_outlined_in_reader_map_and_tables(window: MainWindow, qtbot: QtBot) -> None:
    ring = window.focus_ring
    highlight = ring.palette().color(QPalette.ColorRole.Highlight)
    for widget in (window.reader.editor, window.map_view.table, window.library_panel.table):
        window.docks["Library"].raise_()
        focus(qtbot, widget)
        assert ring.isVisible() and ring.target() is widget
        assert ring.geometry() == widget.geometry()
        # The ring is drawn: the top-left pixel of the widget as grabbed is the highlight.
        image = window.grab().toImage()
        corner = widget.mapTo(window, QPoint(0, 0))
        assert image.pixelColor(corner + QPoint(1, 1)).name() == highlight.name()
    focus(qtbot, window.card_editor.tag)  # a line edit draws its own focus frame
    assert not ring.isVisible()


def test_alt_mnemonics_are_unique_in_the_window_and_each_menu(window: MainWindow) -> None:
    assert mnemonic("Cut fo&r:") == "r" and mnemonic("Q&&A") is None
    assert collisions(window) == {}


@pytest.mark.parametrize(
    ("key", "dock", "expected"),
    [
        (Qt.Key.Key_1, "Library", "sourceList"),
        (Qt.Key.Key_2, None, "readerView"),
        (Qt.Key.Key_3, "Card", "cardTag"),
        (Qt.Key.Key_4, "Argument map", "mapTable"),
        (Qt.Key.Key_5, "Brief", "briefTree"),
    ],
)
def test_ctrl_number_shows_the_panel_and_focuses_it(
    window: MainWindow, qtbot: QtBot, key: Qt.Key, dock: str | None, expected: str
) -> None:
    window.docks["Search"].raise_()  # hides the Library tab
    window.docks["Argument map"].raise_()
    focus(qtbot, window.search_panel.results)
    qtbot.keyClick(window.search_panel.results, key, Qt.KeyboardModifier.ControlModifier)
    focused = QApplication.focusWidget()
    assert focused is not None
    assert focused.objectName() == expected
    assert focused.isVisible()
    if dock is not None:
        assert inside(focused, window.docks[dock])


def test_help_lists_the_panel_keys(window: MainWindow) -> None:
    from debateprep.gui.actions import shortcut_rows

    rows = dict(shortcut_rows(window.actions_by_name))
    assert [rows[f"Go to {name}"] for name in ("Library", "Reader", "Card")] == [
        "Ctrl+1",
        "Ctrl+2",
        "Ctrl+3",
    ]
    assert rows["Go to Argument Map"] == "Ctrl+4" and rows["Go to Brief"] == "Ctrl+5"
