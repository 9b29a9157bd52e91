"""The brief builder when another window changed the brief since it was shown: renaming
asks Keep Mine or Take Theirs (each one undo step); a stale tree's edit is refused and reloaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from debateprep.facade.library import Library
from debateprep.gui.brief_view import BriefView
from debateprep.gui.controller import Controller
from debateprep.records import Side
from tests.gui.conflict_answers import Answer

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(controller: Controller, qtbot: QtBot) -> Iterator[BriefView]:
    widget = BriefView(controller)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    yield widget


@pytest.fixture
def other(gui_library: Library) -> Iterator[Library]:
    second = Library.open(gui_library.path, starter=False, index=False)
    yield second
    second.close()


def _brief(view: BriefView, controller: Controller) -> int:
    motion_id = controller.current_motion_id
    assert motion_id is not None
    brief = controller.library.create_brief(motion_id, Side.A, "Pro case", outline=True)
    assert view.select_brief(brief.id)
    return brief.id


def _type_title(title: str) -> None:
    """Answers the title question with ``title`` once it is asked."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.setTextValue(title)
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_rename_is_one_undo_step(view: BriefView, controller: Controller, qtbot: QtBot) -> None:
    brief_id = _brief(view, controller)
    assert view.rename_button.isEnabled()
    _type_title("Round one")
    view.rename_button.click()
    assert controller.library.brief(brief_id).title == "Round one"
    qtbot.waitUntil(lambda: view.chooser.currentText().startswith("Round one"))
    assert controller.undo_stack.undoText() == "Rename brief"
    assert controller.undo() and controller.library.brief(brief_id).title == "Pro case"


def test_keep_mine_over_another_windows_change(
    view: BriefView, controller: Controller, other: Library
) -> None:
    brief_id = _brief(view, controller)
    other.rename_brief(brief_id, "Their title")
    _type_title("My title")
    answer = Answer("conflictKeepMine")
    view.rename_button.click()
    assert answer.message.startswith("You (another window) changed this brief at ")
    assert answer.differing == ["Title"]
    assert controller.library.brief(brief_id).title == "My title"
    assert controller.undo_stack.undoText() == "Keep mine (Rename brief)"
    assert controller.undo() and controller.library.brief(brief_id).title == "Their title"
    assert controller.redo() and controller.library.brief(brief_id).title == "My title"


def test_take_theirs_and_undo_brings_my_title(
    view: BriefView, controller: Controller, other: Library
) -> None:
    brief_id = _brief(view, controller)
    section = other.brief(brief_id).sections[0].id
    other.rename_brief_section(section, "Their block")  # a change of the brief too
    _type_title("My title")
    answer = Answer("conflictTakeTheirs")
    view.rename_button.click()
    assert answer.differing == ["Title"]  # mine is theirs (their block) with my title
    assert controller.library.brief(brief_id).title == "Pro case"
    assert controller.undo_stack.undoText() == "Take theirs (Rename brief)"
    assert controller.undo() and controller.library.brief(brief_id).title == "My title"
    assert controller.redo() and controller.library.brief(brief_id).title == "Pro case"


def test_a_stale_tree_is_refused_and_reloaded(
    view: BriefView, controller: Controller, other: Library, qtbot: QtBot
) -> None:
    """Removing a card from the brief as the tree shows it, after another window changed
    the brief: refused in one line, the tree reloads with theirs, and removing again works."""
    brief_id = _brief(view, controller)
    section = view.model.sections[0]
    card_id = section.card_ids[0]
    other.rename_brief(brief_id, "Their title")
    messages: list[str] = []
    controller.userError.connect(messages.append)
    view.tree.setCurrentIndex(view.model.card_index(section.id, card_id))
    assert not view.remove_selected()
    assert len(messages) == 1
    assert messages[0].startswith("You (another window) changed this brief at ")
    assert card_id in controller.library.brief(brief_id).sections[0].card_ids
    qtbot.waitUntil(lambda: view.chooser.currentText().startswith("Their title"))
    view.tree.setCurrentIndex(view.model.card_index(section.id, card_id))
    assert view.remove_selected()
    assert card_id not in controller.library.brief(brief_id).sections[0].card_ids


def test_a_drop_on_a_stale_tree_is_refused(
    view: BriefView, controller: Controller, other: Library
) -> None:
    brief_id = _brief(view, controller)
    first, second = view.model.sections[0], view.model.sections[1]
    other.rename_brief(brief_id, "Their title")
    messages: list[str] = []
    controller.userError.connect(messages.append)
    assert not view.model.add_cards([first.card_ids[0]], second.id, 0)
    assert len(messages) == 1 and "changed this brief" in messages[0]
    assert controller.undo_stack.count() == 0
