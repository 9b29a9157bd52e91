"""Nothing lost by a key (issue 12, item 4): Delete acts only on the focused panel's item,
every deletion offers Undo in a bar, sources and motions can be deleted and come back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from debateprep.gui import deleting
from debateprep.gui.controller import Controller
from debateprep.gui.mainwindow import MainWindow
from tests.gui.windows import focus


def _card_ids(window: MainWindow) -> set[int]:
    return {card.id for card in window.library.cards()}


def _other_claim(window: MainWindow) -> int:
    """A claim shown in the map that is not the card open in the editor."""
    claims = window.library.card_titles(
        motion_id=window.controller.current_motion_id, kinds=("argument",)
    )
    return next(c.id for c in claims if c.id != window.current_card_id)


def test_delete_in_reader_and_search_deletes_nothing(window: MainWindow, qtbot: QtBot) -> None:
    editor_card = window.current_card_id
    assert editor_card is not None
    before = _card_ids(window)
    for widget in (window.reader.editor, window.search_panel.results):
        window.docks["Search"].raise_()
        focus(qtbot, widget)
        assert not window.action("actionDelete").isEnabled()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    assert _card_ids(window) == before
    assert window.current_card_id == editor_card
    assert not window.undo_bar.isVisible()


def test_delete_in_map_deletes_the_map_card_not_the_editors(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor_card = window.current_card_id
    assert editor_card is not None
    target = _other_claim(window)
    focus(qtbot, window.map_view.table)
    assert window.map_view.select_card(target)
    assert window.action("actionDelete").text() == "&Delete Card"
    qtbot.keyClick(window.map_view.table, Qt.Key.Key_Delete)
    ids = _card_ids(window)
    assert target not in ids and editor_card in ids
    assert window.current_card_id == editor_card
    # The bar says what went; its Undo button brings it back.
    assert window.undo_bar.isVisible()
    assert window.undo_bar.label.text().startswith("Deleted card “")
    qtbot.mouseClick(window.undo_bar.button, Qt.MouseButton.LeftButton)
    assert target in _card_ids(window)
    assert not window.undo_bar.isVisible()


def test_delete_in_source_list_asks_and_deletes_the_source_with_its_cards(
    window: MainWindow, qtbot: QtBot, answers: list[str]
) -> None:
    library = window.library
    editor_card = window.current_card_id
    source = next(s for s in library.source_list() if s.card_count > 1)
    quoted = {c.id for c in library.cards() if c.source_id == source.id}
    before_links = library.links()
    window.docks["Library"].raise_()
    focus(qtbot, window.library_panel.table)
    assert window.library_panel.select_source(source.id)
    assert window.action("actionDelete").text() == "&Delete Source"
    qtbot.keyClick(window.library_panel.table, Qt.Key.Key_Delete)
    assert answers == [f"Delete “{source.title}” and its {source.card_count} cards?"]
    assert source.id not in {s.id for s in library.sources()}
    assert not quoted & _card_ids(window)
    assert editor_card in _card_ids(window)
    assert window.undo_bar.label.text().startswith(f"Deleted source “{source.title[:10]}")
    # The bar's button is reachable by keyboard, and Space presses it.
    focus(qtbot, window.undo_bar.button)
    qtbot.keyClick(window.undo_bar.button, Qt.Key.Key_Space)
    assert quoted <= _card_ids(window)
    assert library.links() == before_links


def test_delete_source_refused_answer_keeps_everything(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deleting, "confirm", lambda *_: False)
    library = window.library
    source = next(s for s in library.source_list() if s.card_count)
    window.show_source(source.id, 0, 0)
    window.action("actionDeleteSource").trigger()
    assert source.id in {s.id for s in library.sources()}
    assert not window.undo_bar.isVisible()


def test_delete_motion_asks_with_counts_and_undo_restores(
    window: MainWindow, qtbot: QtBot, answers: list[str]
) -> None:
    library = window.library
    motion_id = window.controller.current_motion_id
    assert motion_id is not None
    cards, _briefs = library.motion_contents(motion_id)
    before = (library.motions(), library.cards(), library.links(), library.briefs())
    window.action("actionDeleteMotion").trigger()
    assert answers and f"{cards} cards" in answers[0]
    assert motion_id not in {m.id for m in library.motions()}
    assert window.undo_bar.isVisible()
    window.undo_bar.undo()
    assert (library.motions(), library.cards(), library.links(), library.briefs()) == before
    assert window.controller.current_motion_id == motion_id


def test_unlink_offers_undo(window: MainWindow, qtbot: QtBot) -> None:
    card_id = window.current_card_id
    assert card_id is not None
    links = [ln for ln in window.library.links() if card_id in (ln.from_id, ln.to_id)]
    assert links
    link = links[0]
    assert window.controller.unlink(link.from_id, link.to_id, link.kind)
    assert window.undo_bar.isVisible() and "link" in window.undo_bar.label.text()
    window.undo_bar.undo()
    assert link.id in {ln.id for ln in window.library.links()} or any(
        (ln.from_id, ln.to_id, ln.kind) == (link.from_id, link.to_id, link.kind)
        for ln in window.library.links()
    )


def test_delete_in_a_text_field_edits_text_not_the_card(window: MainWindow, qtbot: QtBot) -> None:
    card_id = window.current_card_id
    assert card_id is not None
    tag = window.card_editor.tag
    focus(qtbot, tag)
    text = tag.text()
    tag.setCursorPosition(0)
    qtbot.keyClick(tag, Qt.Key.Key_Delete)
    assert tag.text() == text[1:]
    assert card_id in _card_ids(window)
    assert not window.undo_bar.isVisible()


def test_delete_in_the_links_list_removes_that_link(window: MainWindow, qtbot: QtBot) -> None:
    card_id = window.current_card_id
    assert card_id is not None
    view = window.card_editor.links.view
    count = len(window.library.links())
    focus(qtbot, view)
    view.setCurrentIndex(view.model().index(0, 0))
    assert window.action("actionDelete").text() == "Re&move Link"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(window.library.links()) == count - 1
    assert card_id in _card_ids(window)
    assert window.undo_bar.isVisible()
    window.undo_bar.undo()
    assert len(window.library.links()) == count


def test_controller_delete_source_and_motion_undo_redo_round_trip(
    controller: Controller,
) -> None:
    library = controller.library
    messages: list[str] = []
    controller.removed.connect(messages.append)

    def state() -> tuple[object, ...]:
        return (library.sources(), library.motions(), library.cards(), library.links())

    before = state()
    source = next(s for s in library.source_list() if s.card_count)
    assert not controller.delete_source(source.id)  # quoted: refused without with_cards
    assert controller.delete_source(source.id, with_cards=True)
    after_source = state()
    motion_id = controller.current_motion_id
    assert motion_id is not None and controller.delete_motion(motion_id)
    assert controller.current_motion_id != motion_id
    after_motion = state()
    assert messages[0].startswith(f"Deleted source “{source.title}” and {source.card_count} c")
    assert messages[1].startswith("Deleted motion “")
    for _ in range(2):  # undo, redo and undo again: the same rows each time
        assert controller.undo() and state() == after_source
        assert controller.undo() and state() == before
        assert controller.redo() and state() == after_source
        assert controller.redo() and state() == after_motion
    assert controller.undo() and controller.undo() and state() == before
    assert controller.current_motion_id == motion_id


def test_delete_in_the_motion_tree_deletes_that_motion(
    window: MainWindow, qtbot: QtBot, answers: list[str]
) -> None:
    panel = window.library_panel
    window.docks["Library"].raise_()
    panel.details.setCurrentWidget(panel.motion_tree)
    tree = panel.motion_tree
    focus(qtbot, tree)
    tree.setCurrentIndex(tree.model().index(0, 0))
    assert window.action("actionDelete").text() == "&Delete Motion"
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert answers and answers[0].startswith("Delete the motion “")
    assert window.library.motions() == []
    assert window.undo_bar.isVisible()
