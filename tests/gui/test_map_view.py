"""The argument map panel: alignment of answers, flags, opening cards, reorder by drag, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from debateprep.exporters.argument_map import NO_EVIDENCE, UNANSWERED
from debateprep.facade.library import Library
from debateprep.gui.controller import Controller
from debateprep.gui.map_view import MapView
from debateprep.gui.mapmodel import CardIdsRole, FlagsRole
from debateprep.records import CardKind, LinkKind, Side
from tests.gui.starter_cards import BETTER_TREATMENT, GRANT_CUTS, leave_unanswered

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _view(controller: Controller, qtbot: QtBot, size: tuple[int, int] = (900, 600)) -> MapView:
    view = MapView(controller)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    assert view.wait_idle()  # the map loads on a worker thread
    return view


def _row_of(view: MapView, card_id: int) -> int:
    for row in range(view.model.rowCount()):
        map_row = view.model.map_row(row)
        if map_row is not None and map_row.anchor.id == card_id:
            return row
    raise AssertionError(f"card {card_id} anchors no row")


def _side_a_arguments(library: Library, motion_id: int | None) -> list[int]:
    return [card.id for card in library.cards(kind="argument", side="A", motion_id=motion_id)]


def test_map_names_and_headers(controller: Controller, qtbot: QtBot) -> None:
    view = _view(controller, qtbot)
    assert view.objectName() == "mapView" and view.accessibleName() == "Argument map"
    motion = controller.library.motions()[0]
    header = view.model.headerData
    assert header(0, Qt.Orientation.Horizontal) == motion.side_a
    assert header(1, Qt.Orientation.Horizontal) == motion.side_b
    assert view.resolution.full_text() == motion.resolution
    assert view.summary.text() == "12 arguments · 0 unanswered · 0 without evidence"
    labels = [str(header(r, Qt.Orientation.Vertical) or "") for r in range(view.model.rowCount())]
    numbers = [label.split(" ")[0] for label in labels]
    assert [int(n) for n in numbers if n.isdigit()] == list(range(1, 13))  # in order, once
    # Every row is tall enough for its wrapped text, once measured.
    view.sizer.finish()
    assert view.sizer.is_done()
    for row in range(view.model.rowCount()):
        assert view.table.rowHeight(row) >= 2 * view.fontMetrics().height()


def test_counterargument_appears_aligned_with_what_it_answers(
    controller: Controller, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    view = _view(controller, qtbot)
    argument = controller.create_card(CardKind.ARGUMENT, Side.A, "Trust takes years to build")
    answer = controller.create_card(CardKind.COUNTERARGUMENT, Side.B, "Trust is not the issue")
    assert argument is not None and answer is not None
    assert view.wait_idle()
    row = _row_of(view, argument.id)
    assert UNANSWERED in view.model.index(row, 1).data(FlagsRole)
    summary = "13 arguments · 1 unanswered · 2 without evidence · 1 unplaced"
    assert view.summary.text() == summary  # the answer is unplaced until it is linked
    assert controller.link(answer.id, argument.id, LinkKind.ANSWERS) is not None
    assert view.wait_idle()
    row = _row_of(view, argument.id)
    right = view.model.index(row, 1)
    assert right.data(CardIdsRole) == [answer.id]
    assert right.data().startswith("↩ Answer: Trust is not the issue")
    assert UNANSWERED not in right.data(FlagsRole)
    # Neither new claim has evidence: both carry the flag, and the summary counts them.
    assert NO_EVIDENCE in view.model.index(row, 0).data(FlagsRole)
    assert NO_EVIDENCE in right.data(FlagsRole)
    assert view.summary.text() == "13 arguments · 0 unanswered · 2 without evidence"
    qtmodeltester.check(view.model)
    controller.undo_stack.undo()  # the link
    assert view.wait_idle()
    assert UNANSWERED in view.model.index(_row_of(view, argument.id), 1).data(FlagsRole)


def _flagged(view: MapView) -> set[int]:
    """The arguments whose row carries the unanswered flag."""
    return {
        view.model.map_row(row).anchor.id  # type: ignore[union-attr]
        for row in range(view.model.rowCount())
        for column in range(2)
        if UNANSWERED in view.model.index(row, column).data(FlagsRole)
    }


def test_starter_flags_the_unanswered_rows(controller: Controller, qtbot: QtBot) -> None:
    view = _view(controller, qtbot)
    assert _flagged(view) == set()  # the starter answers every argument
    # Take the answers away from one argument of each side: exactly those two are flagged.
    grant_cuts = leave_unanswered(controller, GRANT_CUTS)
    better_treatment = leave_unanswered(controller, BETTER_TREATMENT)
    assert view.wait_idle()
    assert _flagged(view) == {grant_cuts, better_treatment}
    # (An answer that now answers nothing is counted after this, as unplaced.)
    assert view.summary.text().startswith("12 arguments · 2 unanswered · 0 without evidence")
    controller.undo_stack.undo()  # the last unlink undone: that argument's flag goes
    assert view.wait_idle()
    assert _flagged(view) == {grant_cuts}


def test_clicking_a_cell_opens_its_card(controller: Controller, qtbot: QtBot) -> None:
    view = _view(controller, qtbot)
    first = view.model.map_row(0)
    assert first is not None
    rect = view.table.visualRect(view.model.index(0, 0))
    with qtbot.waitSignal(controller.cardActivated) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [first.anchor.id]
    answer_ids = view.model.index(0, 1).data(CardIdsRole)
    with qtbot.waitSignal(controller.cardActivated) as blocker:
        view.open_index(view.model.index(0, 1))
    assert blocker.args == [answer_ids[0]]


def test_reorder_by_drop_is_one_undo_step(controller: Controller, qtbot: QtBot) -> None:
    view = _view(controller, qtbot)
    library, motion_id = controller.library, controller.current_motion_id
    before = _side_a_arguments(library, motion_id)
    data = view.model.mimeData([view.model.index(0, 0)])
    assert view.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, view.model.index(2, 0))
    after = _side_a_arguments(library, motion_id)
    assert after == [before[1], before[2], before[0], *before[3:]]
    assert view.wait_idle()
    assert view.model.anchor_ids(Side.A) == after  # the map refreshed
    assert view.table.currentIndex().row() == 2  # the moved argument stays selected
    controller.undo_stack.undo()
    assert _side_a_arguments(library, motion_id) == before
    assert view.wait_idle()
    assert view.model.anchor_ids(Side.A) == before
    controller.undo_stack.redo()
    assert _side_a_arguments(library, motion_id) == after


def test_reorder_through_the_views_drop_events(controller: Controller, qtbot: QtBot) -> None:
    view = _view(controller, qtbot)
    library, motion_id = controller.library, controller.current_motion_id
    before = _side_a_arguments(library, motion_id)
    viewport = view.table.viewport()
    data = view.model.mimeData([view.model.index(3, 0)])
    point = view.table.visualRect(view.model.index(1, 0)).center()
    target = point.toPointF()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    # Drag enter/move events take a QPoint (PySide6 < 6.12), the drop a QPointF.
    enter = QDragEnterEvent(point, actions, data, buttons, modifiers)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, actions, data, buttons, modifiers)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(target, actions, data, buttons, modifiers)
    QApplication.sendEvent(viewport, drop)
    assert _side_a_arguments(library, motion_id) == [
        before[0],
        before[3],
        *before[1:3],
        *before[4:],
    ]
    assert controller.undo_stack.undoText() == "Reorder cards"


def test_drag_out_carries_card_ids_and_export_button(controller: Controller, qtbot: QtBot) -> None:
    view = _view(controller, qtbot)
    with qtbot.waitSignal(view.exportRequested):
        view.export_button.click()
    assert view.model.mimeTypes() == ["application/x-debateprep-card-ids"]
    assert view.model.flags(view.model.index(0, 1)) & Qt.ItemFlag.ItemIsDragEnabled
    assert view.model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert view.select_card(view.model.index(5, 1).data(CardIdsRole)[0])
    assert view.table.currentIndex().row() == 5


def test_empty_library_shows_a_placeholder(empty_library: Library, qtbot: QtBot) -> None:
    view = _view(Controller(empty_library), qtbot, (1280, 800))
    assert view.model.rowCount() == 0
    assert view.stack.currentWidget() is view.placeholder
    assert "no motion" in view.placeholder.text()
    assert not view.export_button.isEnabled()
    motion = empty_library.create_motion("Resolved: test", "Yes", "No")
    view.controller.current_motion_id = motion.id
    view.controller.changed.emit("motions")
    assert view.wait_idle()
    assert view.export_button.isEnabled()
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "No"
    assert "No arguments yet" in view.placeholder.text()
    view.controller.create_card(CardKind.ARGUMENT, Side.B, "A first claim")
    assert view.wait_idle()
    assert view.stack.currentWidget() is view.table
    assert view.summary.text() == "1 argument · 1 unanswered · 1 without evidence"
