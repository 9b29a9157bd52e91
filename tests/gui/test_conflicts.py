"""A save refused because another window saved the card first: the card editor shows both
versions (conflict dialog), Keep Mine saves over theirs and Take Theirs shows theirs, each one
undo step. Two Library objects on one SQLite file play the two windows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from debateprep.facade.library import Library
from debateprep.gui.card_editor import CardEditor
from debateprep.gui.controller import Controller
from debateprep.records import Highlight, ReadLevel
from debateprep.text.readmarks import toggle_level
from tests.gui.conflict_answers import Answer
from tests.gui.windows import open_editor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ARGUMENT, EVIDENCE = 1, 2
CHANGED = "You (another window) changed this card at "


@pytest.fixture
def other(gui_library: Library) -> Iterator[Library]:
    """The other window: a second Library on the same file."""
    second = Library.open(gui_library.path, starter=False, index=False)
    yield second
    second.close()


def _type_tag(qtbot: QtBot, editor: CardEditor, text: str) -> None:
    editor.tag.setFocus()
    editor.tag.selectAll()
    qtbot.keyClicks(editor.tag, text)
    qtbot.keyClick(editor.tag, Qt.Key.Key_Return)


def test_keep_mine_saves_over_theirs_and_undo_puts_theirs_back(
    controller: Controller, other: Library, qtbot: QtBot
) -> None:
    library, stack = controller.library, controller.undo_stack
    editor = open_editor(controller, qtbot, ARGUMENT)
    other.edit_card(ARGUMENT, tag="Their tag", notes="Their warrant")
    answer = Answer("conflictKeepMine")
    _type_tag(qtbot, editor, "My tag")
    assert answer.message.startswith(CHANGED) and answer.message.endswith("or take theirs?")
    assert answer.differing == ["Tag"]  # mine is theirs with my tag: only the tag differs
    stored = library.card(ARGUMENT)
    assert (stored.tag, stored.notes) == ("My tag", "Their warrant")  # their notes kept
    assert editor.tag.text() == "My tag" and editor.card is not None
    assert editor.card.version == stored.version
    assert stack.count() == 1 and stack.undoText() == "Keep mine (Edit tag)"
    assert controller.undo()
    assert library.card(ARGUMENT).tag == "Their tag" and editor.tag.text() == "Their tag"
    assert controller.redo()
    assert library.card(ARGUMENT).tag == "My tag" and editor.tag.text() == "My tag"


def test_take_theirs_shows_theirs_and_undo_brings_my_text_back(
    controller: Controller, other: Library, qtbot: QtBot
) -> None:
    library, stack = controller.library, controller.undo_stack
    editor = open_editor(controller, qtbot, ARGUMENT)
    other.edit_card(ARGUMENT, tag="Their tag")
    answer = Answer("conflictTakeTheirs")
    _type_tag(qtbot, editor, "My tag")
    assert answer.message.startswith(CHANGED)
    assert library.card(ARGUMENT).tag == "Their tag" and editor.tag.text() == "Their tag"
    assert stack.count() == 1 and stack.undoText() == "Take theirs (Edit tag)"
    assert controller.undo()  # my unsaved text is back in the editor, still unsaved
    assert editor.tag.text() == "My tag" and editor.tag.isModified()
    assert library.card(ARGUMENT).tag == "Their tag"
    assert controller.redo()
    assert editor.tag.text() == "Their tag" and not editor.tag.isModified()
    assert controller.undo() and editor.tag.text() == "My tag"
    editor.tag.editingFinished.emit()  # leaving the field saves it, now over theirs
    assert library.card(ARGUMENT).tag == "My tag"
    assert stack.undoText() == "Edit tag"


def test_closing_the_dialog_takes_theirs(
    controller: Controller, other: Library, qtbot: QtBot
) -> None:
    editor = open_editor(controller, qtbot, ARGUMENT)
    other.edit_card(ARGUMENT, tag="Their tag")
    Answer("escape")
    _type_tag(qtbot, editor, "My tag")
    assert controller.library.card(ARGUMENT).tag == "Their tag"
    assert editor.tag.text() == "Their tag"
    assert controller.undo_stack.undoText() == "Take theirs (Edit tag)"


def test_a_refused_mark_shows_both_quotes(
    controller: Controller, other: Library, qtbot: QtBot
) -> None:
    """A mark is saved as the card's whole list of marks: keeping mine stores my list (the
    dialog showed theirs beside it); undo puts theirs back exactly."""
    library = controller.library
    editor = open_editor(controller, qtbot, EVIDENCE)
    card = library.card(EVIDENCE)
    theirs = other.edit_card(EVIDENCE, highlights=[(0, 4, "underline")], notes="Their note")
    editor.evidence.select(card.quote, 5, 12)
    answer = Answer("conflictKeepMine")
    assert editor.mark_read_aloud()
    assert answer.differing == ["Quote"] and answer.quotes == [card.quote, card.quote]
    mine, _added = toggle_level(card.highlights, 5, 12, ReadLevel.HIGHLIGHT)
    stored = library.card(EVIDENCE)
    assert stored.highlights == tuple(mine) and stored.notes == "Their note"
    assert controller.undo()
    assert (
        library.card(EVIDENCE).highlights
        == theirs.highlights
        == (Highlight(0, 4, ReadLevel.UNDERLINE),)
    )


def test_taking_theirs_over_a_mark_leaves_no_undo_step(
    controller: Controller, other: Library, qtbot: QtBot
) -> None:
    editor = open_editor(controller, qtbot, EVIDENCE)
    card = controller.library.card(EVIDENCE)
    other.edit_card(EVIDENCE, notes="Their note")
    editor.evidence.select(card.quote, 5, 12)
    Answer("conflictTakeTheirs")
    assert not editor.mark_read_aloud()
    assert controller.undo_stack.count() == 0  # no typed text to bring back
    assert editor.notes.toPlainText() == "Their note"


def test_a_card_deleted_meanwhile_is_said_in_one_line(
    controller: Controller, other: Library, qtbot: QtBot
) -> None:
    editor = open_editor(controller, qtbot, ARGUMENT)
    other.delete_card(ARGUMENT)
    messages: list[str] = []
    controller.userError.connect(messages.append)
    _type_tag(qtbot, editor, "My tag")
    assert messages == ["You (another window) deleted this card."]
    assert editor.card is None and controller.undo_stack.count() == 0


def test_saving_twice_in_one_window_is_no_conflict(controller: Controller, qtbot: QtBot) -> None:
    editor = open_editor(controller, qtbot, ARGUMENT)
    _type_tag(qtbot, editor, "First")
    _type_tag(qtbot, editor, "Second")
    assert controller.library.card(ARGUMENT).tag == "Second"
    assert [controller.undo_stack.text(i) for i in range(2)] == ["Edit tag", "Edit tag"]


def test_a_refresh_while_typing_keeps_the_version_the_typing_began_on(
    controller: Controller, other: Library, qtbot: QtBot
) -> None:
    """Another window's change shown while the user types in Tag (a live refresh) does not
    make their save win silently: it is refused and the dialog asks."""
    editor = open_editor(controller, qtbot, ARGUMENT)
    shown = editor.version
    editor.activateWindow()
    editor.tag.setFocus()
    qtbot.waitUntil(editor.tag.hasFocus)
    editor.tag.selectAll()
    qtbot.keyClicks(editor.tag, "My tag")
    other.edit_card(ARGUMENT, tag="Their tag", notes="Their warrant")
    editor.refresh()
    assert editor.tag.text() == "My tag" and editor.notes.toPlainText() == "Their warrant"
    assert editor.version == shown
    answer = Answer("conflictKeepMine")
    qtbot.keyClick(editor.tag, Qt.Key.Key_Return)
    assert answer.message.startswith(CHANGED) and answer.differing == ["Tag"]
    stored = controller.library.card(ARGUMENT)
    assert (stored.tag, stored.notes) == ("My tag", "Their warrant")
    assert editor.version == stored.version
