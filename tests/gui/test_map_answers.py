"""Kialo-style map: Answer/Support this from a selected cell, opened rows, Unplaced, new claims."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from debateprep.exporters.argument_map import UNANSWERED
from debateprep.gui.link_picker import LinkPicker
from debateprep.gui.mainwindow import MainWindow
from debateprep.gui.mapmodel import CardIdsRole, FlagsRole, RowKind
from debateprep.gui.maprows import UNPLACED_TITLE
from debateprep.records import CardKind, LinkKind, Side
from tests.gui.starter_cards import BETTER_TREATMENT, GRANT_CUTS, leave_unanswered

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _unanswered_row(window: MainWindow) -> tuple[int, int]:
    """(row, column of its empty cell) of the first argument nobody answers, once the answers
    to two starter arguments (one per side) are unlinked: the starter answers every one."""
    for words in (GRANT_CUTS, BETTER_TREATMENT):
        leave_unanswered(window.controller, words)
    assert window.map_view.wait_idle()
    model = window.map_view.model
    assert model.unanswered_count() == 2
    for row in range(model.rowCount()):
        for column in (0, 1):
            if UNANSWERED in model.index(row, column).data(FlagsRole):
                return row, column
    raise AssertionError("the map flags no unanswered argument")


def _select(window: MainWindow, qtbot: QtBot, row: int, column: int) -> None:
    """Click a map cell, as a student does, and leave focus in the map."""
    table = window.map_view.table
    index = window.map_view.model.index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    assert table.currentIndex() == index


def _links(window: MainWindow, card_id: int) -> set[tuple[int, int, LinkKind]]:
    return {(k.from_id, k.to_id, k.kind) for k in window.library.links(card_id)}


def _wait_selected(window: MainWindow, qtbot: QtBot, card_id: int) -> tuple[int, int]:
    view = window.map_view
    assert view.wait_idle()
    where = view.model.position_of(card_id)
    assert where is not None, "the new card shows in the map"
    qtbot.waitUntil(lambda: view.table.currentIndex().row() == where[0])
    index = view.table.currentIndex()
    assert (index.row(), index.column()) == where
    assert card_id in index.data(CardIdsRole)
    return where


def test_answer_this_key_on_a_selected_row(window: MainWindow, qtbot: QtBot) -> None:
    assert window.action("actionAnswerThis").objectName() == "actionAnswerThis"
    row, empty = _unanswered_row(window)
    anchor = window.map_view.model.map_row(row)
    assert anchor is not None
    _select(window, qtbot, row, 1 - empty)  # the argument's own cell
    depth = window.controller.undo_stack.count()
    before = {c.id for c in window.library.cards()}
    qtbot.keyClick(window.map_view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    new = [c for c in window.library.cards() if c.id not in before]
    assert len(new) == 1
    card = new[0]
    assert (card.kind, card.side) == (CardKind.COUNTERARGUMENT, anchor.anchor.side.other)
    assert _links(window, card.id) == {(card.id, anchor.anchor.id, LinkKind.ANSWERS)}
    assert window.controller.undo_stack.count() == depth + 1  # one undo step
    # Shown in that row (the empty cell is filled) and selected; the flag is gone.
    assert _wait_selected(window, qtbot, card.id) == (row, empty)
    assert UNANSWERED not in window.map_view.model.index(row, empty).data(FlagsRole)
    # The editor shows it, its placeholder tag selected for typing over.
    editor = window.card_editor
    assert window.current_card_id == card.id
    qtbot.waitUntil(editor.tag.hasFocus)
    assert editor.tag.selectedText() == "New counterargument"
    window.action("actionUndo").trigger()
    assert all(c.id != card.id for c in window.library.cards())
    assert not _links(window, card.id)


def test_answering_an_answer_opens_its_row(window: MainWindow, qtbot: QtBot) -> None:
    view = window.map_view
    first = view.model.map_row(0)
    assert first is not None and first.right
    answer = first.right[0]
    _select(window, qtbot, 0, 1)
    window.action("actionAnswerThis").trigger()
    card = max(window.library.cards(kind="counterargument"), key=lambda c: c.id)
    assert card.side is Side.A
    assert (card.id, answer.id, LinkKind.ANSWERS) in _links(window, card.id)
    row, column = _wait_selected(window, qtbot, card.id)
    info = view.model.row_info(row)
    assert info is not None and info.kind is RowKind.ANSWER and info.depth == 1
    opened = view.model.map_row(row)
    assert opened is not None and opened.anchor.id == answer.id
    assert column == 0
    # The argument's own row lists its direct answers only, never the answer to the answer.
    assert card.id not in view.model.index(0, 0).data(CardIdsRole)
    assert card.id not in view.model.index(0, 1).data(CardIdsRole)


def test_plus_and_minus_open_and_close_a_row(window: MainWindow, qtbot: QtBot) -> None:
    view = window.map_view
    rows = view.model.rowCount()
    _select(window, qtbot, 0, 0)
    info = view.model.row_info(0)
    assert info is not None and info.openable and not info.opened
    assert view.model.headerData(0, Qt.Orientation.Vertical).endswith("▸")
    qtbot.keyClick(view.table, Qt.Key.Key_Plus)
    assert view.wait_idle()
    first = view.model.map_row(0)
    assert first is not None
    answers = len(first.right if first.anchor_side is Side.A else first.left)
    assert view.model.rowCount() == rows + answers
    assert view.model.headerData(0, Qt.Orientation.Vertical).endswith("▾")
    opened = view.model.row_info(1)
    assert opened is not None and opened.kind is RowKind.ANSWER and opened.depth == 1
    assert view.table.currentIndex().row() == 0  # the selection stays
    qtbot.keyClick(view.table, Qt.Key.Key_Minus)
    assert view.wait_idle()
    assert view.model.rowCount() == rows


def test_support_this_key(window: MainWindow, qtbot: QtBot) -> None:
    view = window.map_view
    target = view.model.map_row(0)
    assert target is not None
    _select(window, qtbot, 0, 0 if target.anchor_side is Side.A else 1)
    depth = window.controller.undo_stack.count()
    key, mods = Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view.table, key, mods | Qt.KeyboardModifier.ShiftModifier)
    card = max(window.library.cards(kind="argument"), key=lambda c: c.id)
    assert card.side is target.anchor_side and card.tag == "New argument"
    assert _links(window, card.id) == {(card.id, target.anchor.id, LinkKind.SUPPORTS)}
    assert window.controller.undo_stack.count() == depth + 1
    # Its row comes right after the supported argument's, and is selected.
    assert _wait_selected(window, qtbot, card.id)[0] == 1
    assert "Supports: " in view.model.index(1, 0).data()
    qtbot.waitUntil(window.card_editor.tag.hasFocus)
    assert window.card_editor.tag.selectedText() == "New argument"


def test_unplaced_claims_show_in_their_section(window: MainWindow, qtbot: QtBot) -> None:
    view = window.map_view
    assert view.model.heading_rows() == []
    card = window.controller.create_card(CardKind.COUNTERARGUMENT, Side.B, "A stray answer")
    assert card is not None
    assert view.wait_idle()
    [heading] = view.model.heading_rows()
    assert view.model.index(heading, 0).data() == UNPLACED_TITLE
    assert view.table.columnSpan(heading, 0) == 2
    assert view.model.position_of(card.id) == (heading + 1, 1)
    assert view.model.row_info(heading + 1).kind is RowKind.UNPLACED  # type: ignore[union-attr]
    assert "1 unplaced" in view.summary.text()
    window.controller.undo_stack.undo()
    assert view.wait_idle()
    assert view.model.heading_rows() == []


def test_new_argument_takes_the_current_side(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.set_side(Side.B)
    window.card_editor.setFocus()
    window.action("actionNewArgument").trigger()
    card = max(window.library.cards(kind="argument"), key=lambda c: c.id)
    assert card.side is Side.B
    assert _wait_selected(window, qtbot, card.id)[1] == 1
    table = window.map_view.table
    qtbot.waitUntil(
        lambda: table.viewport().rect().intersects(table.visualRect(table.currentIndex()))
    )
    assert table.rowAt(0) > 0  # scrolled down to the new row (side B's arguments come last)
    # From the map, the selected column's side wins.
    _select(window, qtbot, 0, 0)
    qtbot.keyClick(
        window.map_view.table,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    card = max(window.library.cards(kind="argument"), key=lambda c: c.id)
    assert card.side is Side.A
    assert _wait_selected(window, qtbot, card.id)[1] == 0


def test_new_counterargument_answers_the_selected_claim(window: MainWindow, qtbot: QtBot) -> None:
    row, empty = _unanswered_row(window)
    anchor = window.map_view.model.map_row(row)
    assert anchor is not None
    _select(window, qtbot, row, 1 - empty)
    QApplication.processEvents()
    window.action("actionNewCounterargument").trigger()
    card = max(window.library.cards(kind="counterargument"), key=lambda c: c.id)
    assert _links(window, card.id) == {(card.id, anchor.anchor.id, LinkKind.ANSWERS)}
    assert _wait_selected(window, qtbot, card.id) == (row, empty)
    assert UNANSWERED not in window.map_view.model.index(row, empty).data(FlagsRole)
    assert window.map_view.model.unanswered_count() == 1


def test_link_picker_from_an_argument_lists_evidence(window: MainWindow, qtbot: QtBot) -> None:
    library = window.library
    argument = library.cards(kind="argument", side="A")[0]
    evidence = next(
        c
        for c in library.cards(kind="evidence", side="A")
        if (c.id, argument.id, LinkKind.SUPPORTS) not in _links(window, argument.id)
    )
    picker = LinkPicker(window.controller, argument.id)
    qtbot.addWidget(picker)
    assert picker.select_card(evidence.id)
    assert picker.choice() == (evidence.id, LinkKind.SUPPORTS)
    assert not picker.kind.isEnabled()  # evidence can only support
    window.open_card(argument.id)
    picker.deleteLater()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LinkPicker, "ask", classmethod(lambda *a: (evidence.id, LinkKind.SUPPORTS)))
        window.action("actionLink").trigger()
    assert (evidence.id, argument.id, LinkKind.SUPPORTS) in _links(window, argument.id)
