"""The argument map's model: qtmodeltester, the cells it shows, and the reorder arithmetic."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from debateprep.exporters.argument_map import NO_EVIDENCE, UNANSWERED
from debateprep.facade.library import Library
from debateprep.gui.controller import Controller
from debateprep.gui.mapmodel import (
    CardIdsRole,
    CellRole,
    FlagsRole,
    MapModel,
    OpenCardRole,
    RowKind,
    build_map,
)
from debateprep.gui.mime import card_ids_from_mime, card_ids_mime
from debateprep.records import Side
from debateprep.text.bundleindex import BundleIndex
from tests.gui.starter_cards import BETTER_TREATMENT, GRANT_CUTS, leave_unanswered


def _map_model(controller: Controller) -> MapModel:
    assert controller.current_motion_id is not None
    bundle = controller.library.motion_bundle(controller.current_motion_id)
    model = MapModel()
    model.set_headers(bundle.motion.side_a, bundle.motion.side_b)
    model.set_map(build_map(BundleIndex.of(bundle)))
    return model


def test_map_model_passes_modeltester(controller: Controller, qtmodeltester: ModelTester) -> None:
    model = _map_model(controller)
    assert model.rowCount() == 12 and model.columnCount() == 2
    qtmodeltester.check(model)
    empty = MapModel()
    qtmodeltester.check(empty)
    assert empty.headerData(0, Qt.Orientation.Horizontal) == "Side A"


def test_map_cells_hold_anchor_answers_counts_and_flags(controller: Controller) -> None:
    assert _map_model(controller).unanswered_count() == 0  # the starter answers every argument
    for words in (GRANT_CUTS, BETTER_TREATMENT):
        leave_unanswered(controller, words)
    model = _map_model(controller)
    first = model.map_row(0)
    assert first is not None and first.anchor_side is Side.A
    anchor_cell = model.index(0, 0)
    assert anchor_cell.data(CardIdsRole) == [first.anchor.id]
    assert anchor_cell.data(Qt.ItemDataRole.DisplayRole).startswith(first.anchor.tag)
    assert "2 evidence" in anchor_cell.data(Qt.ItemDataRole.DisplayRole)
    answer_cell = model.index(0, 1)
    assert answer_cell.data(Qt.ItemDataRole.DisplayRole).startswith("↩ Answer: ")
    assert answer_cell.data(OpenCardRole) == answer_cell.data(CardIdsRole)[0]
    assert anchor_cell.data(CellRole).claims[0].is_anchor
    # Nobody answers the grant-cutting argument (side A) or the better-treatment one (B) now.
    unanswered = [
        (row, column)
        for row in range(model.rowCount())
        for column in range(2)
        if UNANSWERED in model.index(row, column).data(FlagsRole)
    ]
    assert len(unanswered) == 2 == model.unanswered_count()
    for row, column in unanswered:
        index = model.index(row, column)
        assert index.data(Qt.ItemDataRole.DisplayRole) == UNANSWERED
        assert index.data(CardIdsRole) == []
        # Clicking the gap opens the argument that lacks an answer.
        map_row = model.map_row(row)
        assert map_row is not None and index.data(OpenCardRole) == map_row.anchor.id
        assert not model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert all(
        NO_EVIDENCE not in model.index(row, column).data(FlagsRole)
        for row in range(model.rowCount())
        for column in range(2)
    )


def test_map_mime_and_reorder_arithmetic(controller: Controller, qtbot: QtBot) -> None:
    model = _map_model(controller)
    side_a = model.anchor_ids(Side.A)
    side_b = model.anchor_ids(Side.B)
    assert len(side_a) == 6 and len(side_b) == 6
    data = model.mimeData([model.index(0, 0), model.index(0, 1)])
    ids = card_ids_from_mime(data)
    assert ids[0] == side_a[0] and len(ids) == 2
    # Onto a later row of the same side: take its place.
    assert model.reordered(side_a[0], 2) == [side_a[1], side_a[2], side_a[0], *side_a[3:]]
    # Onto an earlier row.
    assert model.reordered(side_a[3], 0) == [side_a[3], *side_a[:3], *side_a[4:]]
    # Between rows: before row 2.
    assert model.reordered(side_a[0], 2, onto=False) == [side_a[1], side_a[0], *side_a[2:]]
    # A side A argument dropped on side B's rows goes to the end of side A; and back.
    assert model.reordered(side_a[0], 9) == [*side_a[1:], side_a[0]]
    assert model.reordered(side_b[2], 1) == [side_b[2], *side_b[:2], *side_b[3:]]
    assert model.reordered(side_a[0], 0) is None  # no change
    assert model.reordered(9999, 0) is None  # not an argument of this map
    with qtbot.waitSignal(model.reorderRequested) as blocker:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(1, 0))
    assert blocker.args == [[side_a[1], side_a[0], *side_a[2:]], side_a[0]]
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    evidence_only = card_ids_mime([controller.library.cards(kind="evidence")[0].id])
    assert not model.canDropMimeData(evidence_only, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert not model.dropMimeData(evidence_only, Qt.DropAction.CopyAction, -1, -1, QModelIndex())


def test_opened_rows_and_unplaced_rings_end(empty_library: Library) -> None:
    """Answers that answer each other neither loop nor repeat; a ring with no first claim
    still shows once under Unplaced."""
    library = empty_library
    motion = library.create_motion("This house would test", "Pro", "Con")

    def claim(kind: str, side: str, tag: str) -> int:
        return library.create_card(kind, side, tag, motion_id=motion.id).id

    argument = claim("argument", "A", "P")
    answer = claim("counterargument", "B", "X")
    reply = claim("counterargument", "A", "Y")
    library.link(answer, argument, "answers")
    library.link(reply, answer, "answers")
    library.link(answer, reply, "answers")  # X and Y answer each other
    ring_a, ring_b = claim("counterargument", "A", "U1"), claim("counterargument", "B", "U2")
    library.link(ring_a, ring_b, "answers")
    library.link(ring_b, ring_a, "answers")
    index = BundleIndex.of(library.claim_bundle(motion.id))
    closed = build_map(index)
    assert [info.kind for info in closed.infos] == [
        RowKind.ARGUMENT,
        RowKind.HEADING,
        RowKind.UNPLACED,
    ]
    assert [c.card.tag for c in closed.cells[0][1].claims] == ["X"]  # Y is not inline
    opened = build_map(index, opened={argument, answer, reply})
    anchors = [row.anchor.tag if row else None for row in opened.rows]
    assert anchors == ["P", "X", "Y", None, "U1"]
    assert [info.depth for info in opened.infos[:3]] == [0, 1, 2]
    assert opened.infos[2].openable is False  # Y's only answer is X, already above it
    model = MapModel()
    model.set_map(opened)
    assert model.headerData(1, Qt.Orientation.Vertical) == "  ↳ ▾"
    assert model.anchor_ids(Side.A) == [argument]
    assert not model.flags(model.index(3, 0)) & Qt.ItemFlag.ItemIsSelectable
