"""The card editor and link picker: edits save at once as one undo step, read-aloud marks,
links listed, unlinked, dropped and picked."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from debateprep.gui.card_parts import trim_span
from debateprep.gui.controller import Controller
from debateprep.gui.link_picker import LinkPicker
from debateprep.gui.mime import card_ids_mime
from debateprep.records import CardKind, Highlight, LinkKind, ReadLevel, Side
from debateprep.text.readmarks import toggle_level
from tests.gui.starter_cards import card_id
from tests.gui.windows import open_editor

HIGH = ReadLevel.HIGHLIGHT

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Starter(NamedTuple):
    """The starter cards these tests use: side A's first argument and its first evidence, a
    side A counterargument (it answers side B), a side B argument and side B evidence."""

    argument: int
    evidence: int
    counter_a: int
    argument_b: int
    evidence_b: int


@pytest.fixture
def starter(controller: Controller) -> Starter:
    library = controller.library
    return Starter(
        card_id(library, "make communities safer because immigrants can trust the police"),
        card_id(library, "Sanctuary cities are safer"),
        card_id(library, "Con’s examples are cherry-picked anecdotes"),
        card_id(library, "Sanctuary laws are unconstitutional"),
        card_id(library, "accused of shoving his girlfriend"),
    )


def _has_link(controller: Controller, from_id: int, to_id: int, kind: LinkKind) -> bool:
    return any(
        (link.from_id, link.to_id, link.kind) == (from_id, to_id, kind)
        for link in controller.library.links(to_id)
    )


def test_toggle_highlight_and_trim() -> None:
    def toggle_highlight(
        spans: list[tuple[int, int]], start: int, end: int
    ) -> tuple[list[tuple[int, int]], bool]:
        marks, added = toggle_level([Highlight(*s) for s in spans], start, end, HIGH)
        return [(m.start, m.end) for m in marks], added

    assert toggle_highlight([(0, 5)], 8, 10) == ([(0, 5), (8, 10)], True)
    assert toggle_highlight([(0, 5)], 3, 8) == ([(0, 8)], True)  # partly marked: extend
    assert toggle_highlight([(0, 10)], 3, 5) == ([(0, 3), (5, 10)], False)
    assert toggle_highlight([(0, 5), (5, 9)], 0, 9) == ([], False)
    assert trim_span("  two words ", 0, 12) == (2, 11)


def test_empty_state_and_names(controller: Controller, qtbot: QtBot, starter: Starter) -> None:
    editor = open_editor(controller, qtbot, None)
    assert editor.objectName() == "cardEditor" and editor.accessibleName() == "Card editor"
    assert editor.stack.currentWidget() is editor.empty
    assert editor.empty.text().startswith("No card selected")
    editor.load(starter.argument)
    assert editor.stack.currentWidget() is not editor.empty
    assert editor.tag.text() == controller.library.card(starter.argument).tag
    assert not editor.evidence.isVisibleTo(editor) and editor.kind.isVisibleTo(editor)
    assert editor.side.currentText() == controller.library.motions()[0].side_a


def test_edit_tag_saves_once_and_undoes(
    controller: Controller, qtbot: QtBot, starter: Starter
) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    library, stack = controller.library, controller.undo_stack
    old = library.card(starter.argument).tag
    editor.tag.selectAll()
    qtbot.keyClicks(editor.tag, "Trust keeps   everyone safer")
    qtbot.keyClick(editor.tag, Qt.Key.Key_Return)
    assert library.card(starter.argument).tag == "Trust keeps everyone safer"
    assert editor.tag.text() == "Trust keeps everyone safer"  # shows the stored form
    assert stack.count() == 1 and stack.undoText() == "Edit tag"
    editor.tag.editingFinished.emit()  # nothing changed: no second undo step
    assert stack.count() == 1
    stack.undo()
    assert library.card(starter.argument).tag == old
    assert editor.tag.text() == old  # the editor follows the undo


def test_refused_edit_shows_the_stored_value(
    controller: Controller, qtbot: QtBot, starter: Starter
) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    old = controller.library.card(starter.argument).tag
    editor.tag.setText("   ")
    with qtbot.waitSignal(controller.userError):
        editor.tag.editingFinished.emit()
    assert editor.tag.text() == old
    # Side B would make the counterargument answer its own side: refused, combo restored.
    editor.load(starter.counter_a)
    with qtbot.waitSignal(controller.userError):
        editor.side.setCurrentIndex(1)
    assert editor.side.currentData() == Side.A.value
    assert controller.undo_stack.count() == 0


def test_kind_side_labels_and_notes(controller: Controller, qtbot: QtBot, starter: Starter) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    library, stack = controller.library, controller.undo_stack
    evidence = library.card(starter.evidence)
    assert evidence.cite.author != "Aaron Sessions"
    editor.kind.setCurrentIndex(editor.kind.findData("counterargument"))
    assert library.card(starter.argument).kind is CardKind.COUNTERARGUMENT
    editor.labels.setText("Safety,  TRUST, police")
    editor.labels.editingFinished.emit()
    assert library.card(starter.argument).labels == ("police", "safety", "trust")
    assert editor.labels.text() == "police, safety, trust"
    editor.notes.setFocus()
    editor.notes.selectAll()
    qtbot.keyClicks(editor.notes, "Lead with the survey.")
    assert editor.notes.document().isModified()
    editor.load(starter.evidence)  # switching cards saves the half-finished notes
    assert library.card(starter.argument).notes == "Lead with the survey."
    assert [stack.text(n) for n in range(stack.count())] == [
        "Change kind",
        "Edit labels",
        "Edit notes",
    ]
    assert editor.evidence.isVisibleTo(editor) and editor.evidence_kind.isVisibleTo(editor)
    editor.evidence.cite["author"].setText("Aaron  Sessions")
    editor.evidence.cite["author"].editingFinished.emit()
    assert library.card(starter.evidence).cite.author == "Aaron Sessions"
    editor.notes.setPlainText("Changed by focus-out")
    editor.notes.editingFinished.emit()
    assert library.card(starter.evidence).notes == "Changed by focus-out"
    for _ in range(5):
        stack.undo()
    assert library.card(starter.argument).kind is CardKind.ARGUMENT
    assert library.card(starter.evidence).cite == evidence.cite
    assert library.card(starter.evidence).notes == evidence.notes


def test_mark_read_aloud_toggles_highlights(
    controller: Controller, qtbot: QtBot, starter: Starter
) -> None:
    editor = open_editor(controller, qtbot, starter.evidence)
    library = controller.library
    card = library.card(starter.evidence)
    start = card.quote.index("immigrants and")
    assert not editor.evidence.mark_button.isEnabled()
    editor.evidence.select(card.quote, start - 1, start + len("immigrants") + 1)  # with spaces
    assert editor.evidence.mark_button.isEnabled()
    editor.evidence.mark_button.click()
    added = Highlight(start, start + len("immigrants"))
    assert library.card(starter.evidence).highlights == tuple(sorted((*card.highlights, added)))
    assert controller.undo_stack.undoText() == "Mark read-aloud"
    fmt = editor.evidence.quote.document().findBlock(0).begin().fragment().charFormat()
    assert fmt.fontWeight() > 400  # the first highlighted words are drawn bold
    editor.evidence.select(card.quote, added.start, added.end)
    assert editor.mark_read_aloud()
    assert library.card(starter.evidence).highlights == card.highlights
    assert controller.undo_stack.undoText() == "Unmark read-aloud"


def test_mark_read_aloud_after_an_emoji(controller: Controller, qtbot: QtBot) -> None:
    """Qt counts the emoji as two positions; the stored span must be in Python indices."""
    source = controller.library.add_source("Fire 🔥 drills save lives every year.", title="Drills")
    card = controller.cut_card(source.id, 0, 36, tag="Drills save lives", side=Side.A)
    assert card is not None
    editor = open_editor(controller, qtbot, card.id)
    start = card.quote.index("save")
    editor.evidence.select(card.quote, start, start + 4)
    assert editor.evidence.quote.textCursor().selectedText() == "save"
    assert editor.mark_read_aloud()
    assert controller.library.card(card.id).highlights == (Highlight(start, start + 4),)


def test_f9_to_f12_mark_the_three_levels_and_clear(controller: Controller, qtbot: QtBot) -> None:
    """Verbatim's keys on a selection in the quote: underline, emphasis, highlight, clear."""
    source = controller.library.add_source("One two three four five six.", title="Levels")
    card = controller.cut_card(source.id, 0, 28, tag="Levels", side=Side.A)
    assert card is not None
    editor = open_editor(controller, qtbot, card.id)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=3000)  # shortcuts need an active window
    quote = editor.evidence.quote
    quote.setFocus()
    for key, (start, end) in (
        (Qt.Key.Key_F9, (0, 3)),
        (Qt.Key.Key_F10, (4, 7)),
        (Qt.Key.Key_F11, (8, 13)),
    ):
        editor.evidence.select(card.quote, start, end)
        qtbot.keyClick(quote, key)
    marks = controller.library.card(card.id).highlights
    assert marks == (
        Highlight(0, 3, ReadLevel.UNDERLINE),
        Highlight(4, 7, ReadLevel.EMPHASIS),
        Highlight(8, 13, ReadLevel.HIGHLIGHT),
    )
    fragment = quote.document().findBlock(0).begin().fragment().charFormat()
    assert fragment.fontUnderline() and fragment.fontWeight() <= 400  # underline only
    assert controller.undo_stack.undoText() == "Mark read-aloud"
    editor.evidence.select(card.quote, 0, 28)
    qtbot.keyClick(quote, Qt.Key.Key_F12)
    assert controller.library.card(card.id).highlights == ()
    assert controller.undo_stack.undoText() == "Clear marks"
    controller.undo_stack.undo()
    assert controller.library.card(card.id).highlights == marks


def test_links_listed_opened_and_unlinked(
    controller: Controller, qtbot: QtBot, starter: Starter
) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    mayor = card_id(controller.library, "mayor calls Sessions’ decision")  # its second evidence
    model = editor.links.model
    labels = [model.index(n, 0).data() for n in range(model.rowCount())]
    assert labels[0].startswith("answered by ← ")
    assert labels[1:] == [
        f"supported by ← {controller.library.card(starter.evidence).tag}",
        f"supported by ← {controller.library.card(mayor).tag}",
    ]
    assert not editor.links.unlink_button.isEnabled()
    editor.links.select_row(1)
    assert editor.links.unlink_button.isEnabled()
    rect = editor.links.view.visualRect(model.index(1, 0))
    viewport = editor.links.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(controller.cardActivated) as blocker:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [starter.evidence]
    editor.links.select_row(1)
    editor.links.unlink_button.click()
    assert not _has_link(controller, starter.evidence, starter.argument, LinkKind.SUPPORTS)
    assert model.rowCount() == 2
    controller.undo_stack.undo()
    assert _has_link(controller, starter.evidence, starter.argument, LinkKind.SUPPORTS)
    assert model.rowCount() == 3
    with qtbot.waitSignal(controller.sourceRequested) as blocker:
        editor.load(starter.evidence)
        editor.evidence.source_button.click()
    card = controller.library.card(starter.evidence)
    assert blocker.args == [card.source_id, card.start, card.end]


def _drop(widget: QWidget, card_ids: list[int]) -> bool:
    """Deliver a drag enter then a drop of these cards, as a real drag would; accepted?"""
    data = card_ids_mime(card_ids)
    actions, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(5, 5), actions, data, button, none)  # QPoint below 6.12
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(5, 5), actions, data, button, none)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted() and drop.isAccepted()


def test_dropping_cards_links_them(controller: Controller, qtbot: QtBot, starter: Starter) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    tag = editor.tag.text()
    # Evidence of either side supports; dropped onto the tag field it links, not pastes.
    assert _drop(editor.tag, [starter.evidence_b])
    assert _has_link(controller, starter.evidence_b, starter.argument, LinkKind.SUPPORTS)
    assert editor.tag.text() == tag
    # A claim of the other side answers; of the same side, supports. One drop, one undo step.
    claim_a = controller.create_card(CardKind.ARGUMENT, Side.A, "Also trust")
    assert claim_a is not None
    steps = controller.undo_stack.count()
    assert editor.link_dropped([starter.argument_b, claim_a.id, starter.argument]) == 2
    assert _has_link(controller, starter.argument_b, starter.argument, LinkKind.ANSWERS)
    assert _has_link(controller, claim_a.id, starter.argument, LinkKind.SUPPORTS)
    assert controller.undo_stack.count() == steps + 1
    # A claim dropped on evidence: the evidence supports the claim.
    editor.load(starter.evidence)
    assert _drop(editor, [claim_a.id])
    assert _has_link(controller, starter.evidence, claim_a.id, LinkKind.SUPPORTS)
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert not _has_link(controller, starter.argument_b, starter.argument, LinkKind.ANSWERS)


def test_link_to_uses_the_picker(
    controller: Controller, starter: Starter, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    asked: list[int] = []

    def ask(
        cls: type[LinkPicker], controller: Controller, card_id: int, parent: QWidget | None
    ) -> tuple[int, LinkKind]:
        asked.append(card_id)
        return starter.argument_b, LinkKind.ANSWERS

    monkeypatch.setattr(LinkPicker, "ask", classmethod(ask))
    editor.links.link_button.click()
    assert asked == [starter.argument]
    assert _has_link(controller, starter.argument, starter.argument_b, LinkKind.ANSWERS)
    assert any("answers → " in editor.links.model.index(n, 0).data() for n in range(4))
    monkeypatch.setattr(LinkPicker, "ask", classmethod(lambda *args: None))
    assert not editor.link_to()


def test_deleted_card_empties_theopen_editor(
    controller: Controller, qtbot: QtBot, starter: Starter
) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    assert controller.delete_card(starter.argument)
    assert editor.card is None and editor.stack.currentWidget() is editor.empty
    controller.undo_stack.undo()
    editor.load(starter.argument)
    assert editor.card is not None and editor.links.model.rowCount() == 3


def test_link_picker_filters_and_defaults(
    controller: Controller, starter: Starter, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    picker = LinkPicker(controller, starter.counter_a)
    qtbot.addWidget(picker)
    qtmodeltester.check(picker.model)
    ids = [picker.model.index(n, 0).data(Qt.ItemDataRole.UserRole + 1) for n in range(5)]
    assert starter.counter_a not in ids  # never itself
    # Claims, and evidence of the claim's own side (it links the other way: it supports).
    assert picker.model.row_of(starter.evidence) is not None
    assert picker.model.row_of(starter.evidence_b) is None
    assert picker.select_card(starter.evidence)
    assert picker.choice() == (starter.evidence, LinkKind.SUPPORTS) and not picker.kind.isEnabled()
    picker.search.setText("SUPREMACY")
    assert picker.model.rowCount() == 1
    assert picker.choice() is not None  # the only match is selected: Enter links to it
    assert picker.select_card(starter.argument) is False  # filtered out
    picker.search.setText("")
    assert picker.select_card(starter.argument_b)
    assert picker.choice() == (starter.argument_b, LinkKind.ANSWERS)  # other side: answers
    assert picker.select_card(starter.argument)
    assert picker.choice() == (starter.argument, LinkKind.SUPPORTS)  # same side: supports
    evidence_picker = LinkPicker(controller, starter.evidence)
    qtbot.addWidget(evidence_picker)
    assert evidence_picker.select_card(starter.argument_b)
    assert evidence_picker.choice() == (starter.argument_b, LinkKind.SUPPORTS)
    assert not evidence_picker.kind.isEnabled()


def test_a_focused_field_shows_the_stored_form_after_saving(
    controller: Controller, starter: Starter, qtbot: QtBot
) -> None:
    editor = open_editor(controller, qtbot, starter.argument)
    editor.activateWindow()
    editor.focus_tag()
    qtbot.waitUntil(editor.tag.hasFocus)
    qtbot.keyClicks(editor.tag, "  Trust   first ")
    assert editor.tag.isModified()
    # Another panel's edit meanwhile must not clobber what the user is typing.
    controller.changed.emit("cards")
    assert editor.tag.text() == "  Trust   first "
    qtbot.keyClick(editor.tag, Qt.Key.Key_Return)
    assert controller.library.card(starter.argument).tag == "Trust first"
    assert editor.tag.hasFocus() and editor.tag.text() == "Trust first"
    editor.labels.setFocus()
    qtbot.waitUntil(editor.labels.hasFocus)
    editor.labels.setText(" trust ,public safety")
    editor.labels.setModified(True)
    qtbot.keyClick(editor.labels, Qt.Key.Key_Return)
    assert editor.labels.text() == "public safety, trust"  # unchanged set, tidied display
    assert controller.undo_stack.count() == 1
