"""The brief tree model: structure, and drops that become undoable controller edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from debateprep.gui.briefmodels import CARD_ID_ROLE, SECTION_ID_ROLE, BriefTreeModel
from debateprep.gui.controller import Controller
from debateprep.gui.mime import card_ids_from_mime, card_ids_mime
from debateprep.records import BriefRecord, Side


@pytest.fixture
def brief(controller: Controller) -> BriefRecord:
    created = controller.create_brief(Side.A, "Test brief")
    assert created is not None and len(created.sections) >= 2
    assert all(len(section.card_ids) >= 2 for section in created.sections[:2])
    return created


def load(controller: Controller, brief_id: int) -> BriefTreeModel:
    model = BriefTreeModel(controller)
    reload(model, controller, brief_id)
    return model


def reload(model: BriefTreeModel, controller: Controller, brief_id: int) -> BriefRecord:
    record = controller.library.brief(brief_id)
    model.set_brief(record, {card.id: card for card in controller.library.cards()})
    return record


def stored_order(controller: Controller, brief_id: int) -> list[tuple[int, ...]]:
    return [section.card_ids for section in controller.library.brief(brief_id).sections]


def test_tree_shows_sections_and_their_cards(
    controller: Controller, brief: BriefRecord, qtmodeltester: ModelTester
) -> None:
    model = load(controller, brief.id)
    qtmodeltester.check(model)
    assert model.rowCount() == len(brief.sections)
    first = model.index(0, 0)
    assert first.data() == brief.sections[0].title
    assert first.data(SECTION_ID_ROLE) == brief.sections[0].id
    assert first.data(CARD_ID_ROLE) is None
    assert model.index(0, 1).data() == f"{len(brief.sections[0].card_ids)} cards"
    card = model.index(0, 0, first)
    card_id = brief.sections[0].card_ids[0]
    assert card.data(CARD_ID_ROLE) == card_id
    assert card.data() == controller.library.card(card_id).tag
    assert model.index(0, 1, first).data() == "Argument"
    assert model.parent(card) == first and model.rowCount(card) == 0
    assert model.flags(card) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(first) & Qt.ItemFlag.ItemIsDropEnabled
    model.set_brief(None, {})
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_drag_within_a_section_reorders_and_undoes(
    controller: Controller, brief: BriefRecord
) -> None:
    model = load(controller, brief.id)
    section = brief.sections[0]
    first, second = section.card_ids[0], section.card_ids[1]
    parent = model.index(0, 0)
    data = model.mimeData([model.index(0, 0, parent)])  # what the view drags
    # Drop below the second card: the view reports row 2 of the same section.
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 2, 0, parent)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, parent)
    order = stored_order(controller, brief.id)[0]
    assert order[:2] == (second, first)
    controller.undo_stack.undo()
    assert stored_order(controller, brief.id)[0] == section.card_ids
    controller.undo_stack.redo()
    assert stored_order(controller, brief.id)[0] == order


def test_drag_to_another_section_moves_the_card(controller: Controller, brief: BriefRecord) -> None:
    model = load(controller, brief.id)
    source, target = brief.sections[0], brief.sections[1]
    moved = source.card_ids[-1]
    data = model.mimeData([model.index(len(source.card_ids) - 1, 0, model.index(0, 0))])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, model.index(1, 0))
    after = stored_order(controller, brief.id)
    assert moved not in after[0]
    assert after[1][1] == moved and len(after[1]) == len(target.card_ids) + 1
    controller.undo_stack.undo()
    assert stored_order(controller, brief.id)[:2] == [source.card_ids, target.card_ids]


def test_dropping_a_card_where_it_is_changes_nothing(
    controller: Controller, brief: BriefRecord
) -> None:
    model = load(controller, brief.id)
    parent = model.index(0, 0)
    data = model.mimeData([model.index(0, 0, parent)])
    depth = controller.undo_stack.count()
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, parent)
    assert controller.undo_stack.count() == depth


def test_external_card_drop_adds_at_the_position(
    controller: Controller, brief: BriefRecord
) -> None:
    model = load(controller, brief.id)
    section = brief.sections[0]
    outsider = next(c.id for c in controller.library.cards() if c.id not in section.card_ids)
    data = card_ids_mime([outsider])  # as dragged from search results or the map
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, model.index(0, 0))
    assert stored_order(controller, brief.id)[0] == (
        section.card_ids[0],
        outsider,
        *section.card_ids[1:],
    )
    controller.undo_stack.undo()
    assert stored_order(controller, brief.id)[0] == section.card_ids


def test_dropping_several_cards_is_one_undo_step(
    controller: Controller, brief: BriefRecord
) -> None:
    model = load(controller, brief.id)
    last = brief.sections[-1]
    outsiders = [c.id for c in controller.library.cards() if c.id not in last.card_ids][:3]
    depth = controller.undo_stack.count()
    # Dropped below every section: the end of the last one.
    assert model.dropMimeData(
        card_ids_mime(outsiders), Qt.DropAction.CopyAction, -1, 0, QModelIndex()
    )
    assert stored_order(controller, brief.id)[-1] == (*last.card_ids, *outsiders)
    assert controller.undo_stack.count() == depth + 1
    controller.undo_stack.undo()
    assert stored_order(controller, brief.id)[-1] == last.card_ids


def test_dropping_a_card_the_section_holds_is_refused(
    controller: Controller, brief: BriefRecord, qtbot: QtBot
) -> None:
    model = load(controller, brief.id)
    data = card_ids_mime([brief.sections[0].card_ids[0]])
    with qtbot.waitSignal(controller.userError):
        assert not model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, model.index(0, 0))


def test_unrelated_drops_are_refused(controller: Controller, brief: BriefRecord) -> None:
    model = load(controller, brief.id)
    text = QMimeData()
    text.setText("hello")
    assert not model.canDropMimeData(text, Qt.DropAction.CopyAction, -1, 0, model.index(0, 0))
    empty = BriefTreeModel(controller)
    data = card_ids_mime([1])
    assert not empty.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex())


def test_dragged_brief_cards_also_carry_card_ids(
    controller: Controller, brief: BriefRecord
) -> None:
    model = load(controller, brief.id)
    parent = model.index(0, 0)
    data = model.mimeData([model.index(0, 0, parent), model.index(0, 1, parent), parent])
    assert card_ids_from_mime(data) == [brief.sections[0].card_ids[0]]
