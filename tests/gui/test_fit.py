"""The window at 900x600 and 1024x768: no sideways scrolling in the card editor, a toolbar
whose width does not depend on the undo text, a Search dock that keeps its width, a status
summary that stays, and tints that follow the current motion (issue 12, item 6 and others)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStatusTipEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from debateprep.gui.mainwindow import MainWindow
from debateprep.records import CardKind, Side


def _fit(window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    window._default_proportions()  # the layout a first start at this size gets
    for _ in range(5):
        QApplication.processEvents()


def _editor_scroll(window: MainWindow) -> QScrollArea:
    scroll = window.card_editor.stack.widget(1)
    assert isinstance(scroll, QScrollArea)
    return scroll


@pytest.mark.parametrize(("width", "height"), [(900, 600), (1024, 768)])
def test_an_evidence_card_needs_no_sideways_scroll(
    window: MainWindow, width: int, height: int
) -> None:
    evidence = next(card for card in window.library.cards() if card.is_evidence)
    window.open_card(evidence.id)
    _fit(window, width, height)
    scroll = _editor_scroll(window)
    form = scroll.widget()
    assert form is not None and window.card_editor.evidence.isVisible()
    assert not scroll.horizontalScrollBar().isVisible()
    assert form.minimumSizeHint().width() <= scroll.viewport().width()
    assert form.width() <= scroll.viewport().width()  # nothing clipped on the right


def test_long_side_names_do_not_widen_the_editor(window: MainWindow) -> None:
    long_name = "for a federal programme that " + "pays cities to cooperate " * 4
    window.controller.create_motion("Resolved: a long motion", long_name, "against " + long_name)
    card = window.controller.create_card(CardKind.ARGUMENT, Side.A, "An argument")
    assert card is not None
    window.open_card(card.id)
    _fit(window, 900, 600)
    scroll = _editor_scroll(window)
    assert long_name.strip() in window.card_editor.side.currentText()
    assert not scroll.horizontalScrollBar().isVisible()


def test_a_long_undo_text_leaves_the_exports_on_the_toolbar(window: MainWindow) -> None:
    card = window.controller.create_card(CardKind.ARGUMENT, Side.A, "Short")
    assert card is not None
    long_text = "Edit tag " + "very long tag " * 15
    assert len(long_text) > 200
    assert window.controller.edit_card(card.id, text=long_text, tag="Changed")
    _fit(window, 900, 600)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    undo = window.action("actionUndo")
    assert long_text in undo.text()  # the menu still says what Undo undoes
    assert long_text in undo.toolTip()
    undo_button = toolbar.widgetForAction(undo)
    assert isinstance(undo_button, QToolButton) and undo_button.text() == "Undo"
    for name in ("actionExportMap", "actionExportBrief"):
        button = toolbar.widgetForAction(window.action(name))
        assert button is not None and button.isVisible(), name
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()


def test_typing_a_search_keeps_the_dock_width(window: MainWindow, qtbot: QtBot) -> None:
    _fit(window, 900, 600)
    window.focus_search()
    for _ in range(5):
        QApplication.processEvents()
    dock = window.docks["Search"]
    before = dock.width()
    qtbot.keyClicks(window.search_panel.box, "sanctuary cities cooperate with ICE")
    window.search_panel.status.setText("42 in tags, titles and cites — searching quotes " * 3)
    for _ in range(10):
        QApplication.processEvents()
    assert dock.width() == before
    status = window.search_panel.status
    assert status.width() <= dock.width()


def test_the_status_summary_survives_hovering_a_toolbar_button(window: MainWindow) -> None:
    qt_wait = window.tasks.wait
    assert qt_wait()
    for _ in range(20):
        QApplication.processEvents()
    summary = window.summary_label
    assert "saved automatically" in summary.text()
    # What hovering a toolbar button does: its status tip, then an empty one on leaving.
    window.action("actionImport").showStatusText(window)
    QApplication.sendEvent(window, QStatusTipEvent(""))
    assert summary.isVisible()
    assert "saved automatically" in summary.text()


def test_switching_motion_retints_the_reader_and_clears_the_editor(window: MainWindow) -> None:
    assert window.current_card_id is not None  # the starter argument, shown at start
    backgrounds = [
        s for s in window.reader.editor.extraSelections() if s.format.background().style()
    ]
    assert backgrounds  # the open source's cards are tinted by side
    window.controller.create_motion("Resolved: a new motion", "Aff", "Neg")
    tinted = [
        s
        for s in window.reader.editor.extraSelections()
        if s.format.background().style() != Qt.BrushStyle.NoBrush
    ]
    assert tinted == []  # the new motion has no cards in this source
    assert window.current_card_id is None
    assert window.card_editor.card is None
