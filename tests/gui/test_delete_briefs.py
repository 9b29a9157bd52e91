"""Nothing lost by a key, for briefs (issue 12, item 4): Delete on a section row of the brief
builder deletes that pocket, hat or block, and on a brief in the Library's motion tree the
whole brief; each asks first when it holds cards, offers Undo, and Ctrl+Z brings it all back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from debateprep.gui import deleting
from debateprep.gui.controller import Controller
from debateprep.gui.itemmodels import BRIEF
from debateprep.gui.mainwindow import MainWindow
from debateprep.records import SectionLevel, Side
from debateprep.text import plural
from tests.gui.windows import focus

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _outline_brief(window: MainWindow, title: str = "Pro case") -> int:
    """A brief of side A built from the map's outline (blocks holding cards), shown."""
    brief = window.controller.create_brief(Side.A, title)
    assert brief is not None and brief.card_count > 1
    window.docks["Brief"].show()
    window.docks["Brief"].raise_()
    assert window.brief_view.select_brief(brief.id)
    return brief.id


def _ctrl_z(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_delete_on_a_section_row_asks_deletes_it_and_ctrl_z_restores(
    window: MainWindow, qtbot: QtBot, answers: list[str]
) -> None:
    brief_id = _outline_brief(window)
    before = window.library.brief(brief_id)
    cards = {card.id for card in window.library.cards()}
    row, section = next((n, s) for n, s in enumerate(before.sections) if len(s.card_ids) > 1)
    view = window.brief_view
    focus(qtbot, view.tree)
    view.tree.setCurrentIndex(view.model.index(row, 0))
    assert window.action("actionDelete").text() == "&Delete Section"
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    count = len(section.card_ids)
    assert answers == [
        f"Delete the block “{section.title}” with its {count} cards? The cards stay in the library."
    ]
    after = window.library.brief(brief_id)
    assert [s.id for s in after.sections] == [s.id for s in before.sections if s is not section]
    assert {card.id for card in window.library.cards()} == cards  # the cards stay
    assert window.undo_bar.isVisible()
    assert window.undo_bar.label.toolTip() == f"Deleted block “{section.title}” ({count} cards)"
    # The keyboard user keeps a place: the next section is selected, Delete names it.
    if row < len(after.sections):
        assert view.tree.currentIndex().data() == after.sections[row].title
        assert window.action("actionDelete").text() == "&Delete Section"
    _ctrl_z(qtbot, view.tree)
    assert window.library.brief(brief_id) == before
    assert not window.undo_bar.isVisible()
    assert window.controller.redo() and window.library.brief(brief_id) == after
    assert window.controller.undo() and window.library.brief(brief_id) == before


def test_delete_an_empty_pocket_asks_nothing(
    window: MainWindow, qtbot: QtBot, answers: list[str]
) -> None:
    brief_id = _outline_brief(window)
    before = window.library.brief(brief_id)
    pocket = window.controller.insert_brief_section(brief_id, "1AC", 0, SectionLevel.POCKET)
    assert pocket is not None
    view = window.brief_view
    view.refresh()
    focus(qtbot, view.tree)
    view.tree.setCurrentIndex(view.model.section_index(pocket))
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    assert answers == []
    assert window.library.brief(brief_id) == before
    assert window.undo_bar.label.toolTip() == "Deleted pocket “1AC”"
    _ctrl_z(qtbot, view.tree)
    restored = window.library.brief(brief_id).sections[0]
    assert (restored.id, restored.title, restored.level) == (pocket, "1AC", SectionLevel.POCKET)


def test_a_refused_question_keeps_the_section(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deleting, "confirm", lambda *_: False)
    brief_id = _outline_brief(window)
    before = window.library.brief(brief_id)
    view = window.brief_view
    focus(qtbot, view.tree)
    view.tree.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    assert window.library.brief(brief_id) == before
    assert not window.undo_bar.isVisible()


def test_the_section_context_menu_deletes_the_section(
    window: MainWindow, qtbot: QtBot, answers: list[str]
) -> None:
    brief_id = _outline_brief(window)
    before = window.library.brief(brief_id)
    view = window.brief_view
    card_menu = view.context_menu(view.model.index(0, 0, view.model.index(0, 0)))
    assert card_menu is not None
    assert [a.text() for a in card_menu.actions()] == ["Open card", "Remove from brief"]
    menu = view.context_menu(view.model.index(0, 0))
    assert menu is not None
    action = next(a for a in menu.actions() if a.text() == "Delete section")
    action.trigger()
    assert len(answers) == 1 and before.sections[0].title in answers[0]
    assert [s.id for s in window.library.brief(brief_id).sections] == [
        s.id for s in before.sections[1:]
    ]
    assert window.controller.undo()
    assert window.library.brief(brief_id) == before


def test_delete_on_a_brief_in_the_motion_tree_asks_and_ctrl_z_restores(
    window: MainWindow, qtbot: QtBot, answers: list[str]
) -> None:
    brief_id = _outline_brief(window)
    other = window.controller.create_brief(Side.B, "Con case")
    assert other is not None
    library = window.library
    before = library.briefs()
    brief = library.brief(brief_id)
    window.docks["Library"].raise_()
    panel = window.library_panel
    details = panel.findChild(QTabWidget, "libraryDetails")
    assert details is not None
    details.setCurrentWidget(panel.motion_tree)
    tree = panel.motion_tree
    focus(qtbot, tree)
    tree.setCurrentIndex(panel.motion_model.index_of(BRIEF, brief_id))
    assert window.action("actionDelete").text() == "&Delete Brief"
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert answers == [
        f"Delete the brief “Pro case” with its {brief.card_count} cards? "
        "The cards stay in the library."
    ]
    assert [b.id for b in library.briefs()] == [other.id]
    assert window.undo_bar.label.toolTip() == f"Deleted brief “Pro case” ({brief.card_count} cards)"
    qtbot.waitUntil(lambda: window.brief_view.current_brief_id() == other.id)
    _ctrl_z(qtbot, tree)
    assert library.briefs() == before  # same ids, sections, levels, cards and order
    assert window.controller.redo() and [b.id for b in library.briefs()] == [other.id]
    assert window.controller.undo() and library.briefs() == before


def test_controller_delete_section_and_brief_messages(controller: Controller) -> None:
    library = controller.library
    messages: list[str] = []
    controller.removed.connect(messages.append)
    brief = controller.create_brief(Side.A, "Aff")
    assert brief is not None
    motion_id = controller.current_motion_id
    assert motion_id is not None
    empty = library.create_brief(motion_id, Side.B, "Neg")  # no sections, no cards
    assert controller.delete_brief(empty.id)
    section = brief.sections[0]
    assert controller.set_section_level(section.id, SectionLevel.HAT)
    assert controller.delete_brief_section(section.id)
    count = len(section.card_ids)
    assert messages == [
        "Deleted brief “Neg”",
        f"Deleted hat “{section.title}” ({plural.plural(count, 'card')})",
    ]
    assert controller.undo_stack.undoText() == "Delete hat"
    assert not controller.delete_brief_section(section.id)  # gone: a message, no step
    assert controller.undo() and controller.undo() and controller.undo()
    assert library.brief(brief.id) == brief
    assert library.brief(empty.id) == empty


def test_deleting_counts_with_the_shared_plural() -> None:
    assert deleting.plural is plural.plural
    assert "def plural" not in Path(deleting.__file__).read_text(encoding="utf-8")
