"""The brief builder: start a brief, add sections and cards, reorder, remove, preview."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from debateprep.gui.brief_dialogs import NewBriefDialog, SectionTitleDialog
from debateprep.gui.brief_view import BriefView
from debateprep.gui.controller import Controller
from debateprep.records import Side

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(controller: Controller, qtbot: QtBot) -> Iterator[BriefView]:
    widget = BriefView(controller)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    yield widget


def start_brief(
    view: BriefView, monkeypatch: pytest.MonkeyPatch, title: str = "Round one", side: Side = Side.B
) -> int:
    monkeypatch.setattr(
        NewBriefDialog, "ask", classmethod(lambda cls, parent, names: (title, side))
    )
    view.new_button.click()
    brief_id = view.current_brief_id()
    assert brief_id is not None
    return brief_id


def test_names_and_empty_state(view: BriefView) -> None:
    assert view.objectName() == "briefView" and view.accessibleName() == "Brief builder"
    assert view.findChild(QWidget, "briefPreview") is view.preview
    assert view.current_brief_id() is None
    assert not view.export_button.isEnabled() and not view.section_button.isEnabled()
    assert view.wait_preview()  # rendered on a worker thread
    assert "No brief yet" in view.preview.toPlainText()
    assert view.model.rowCount() == 0


def test_new_brief_is_listed_with_its_side_and_seeded_outline(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief_id = start_brief(view, monkeypatch)
    motion = controller.library.motion(controller.current_motion_id or 0)
    assert view.chooser.currentText() == f"Round one ({motion.side_b})"
    brief = controller.library.brief(brief_id)
    assert brief.side is Side.B and view.model.rowCount() == len(brief.sections) > 0
    assert view.tree.isExpanded(view.model.index(0, 0))
    controller.undo_stack.undo()  # the brief goes away; the view follows
    view.refresh()
    assert view.current_brief_id() is None


def test_cancelled_dialog_creates_nothing(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NewBriefDialog, "ask", classmethod(lambda cls, parent, names: None))
    view.new_button.click()
    assert controller.library.briefs() == []


def test_add_section_then_send_cards_to_it(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    brief_id = start_brief(view, monkeypatch)
    monkeypatch.setattr(SectionTitleDialog, "ask", classmethod(lambda cls, parent: "Extras"))
    view.section_button.click()
    sections = controller.library.brief(brief_id).sections
    assert sections[-1].title == "Extras"
    card = controller.library.cards()[0]
    assert view.add_cards([card.id])  # no selection: the new (last and selected) section
    assert controller.library.brief(brief_id).sections[-1].card_ids == (card.id,)
    assert view.tree.currentIndex().data() == card.tag  # the user sees where it went
    qtbot.waitUntil(lambda: card.tag in view.preview.toPlainText(), timeout=2000)


def test_send_to_brief_uses_the_selected_section(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief_id = start_brief(view, monkeypatch)
    first = controller.library.brief(brief_id).sections[0]
    outsider = next(c.id for c in controller.library.cards() if c.id not in first.card_ids)
    view.tree.setCurrentIndex(view.model.index(0, 0))
    assert view.add_cards([outsider])
    assert controller.library.brief(brief_id).sections[0].card_ids[-1] == outsider


def test_send_to_brief_without_a_brief_explains(
    view: BriefView, controller: Controller, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(controller.userError):
        assert not view.add_cards([1])


def test_delete_key_removes_the_selected_card_and_undo_restores_it(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief_id = start_brief(view, monkeypatch)
    before = controller.library.brief(brief_id).sections[0].card_ids
    view.tree.setCurrentIndex(view.model.index(1, 0, view.model.index(0, 0)))
    view.tree.setFocus()
    QtBot.keyClick(view.tree, Qt.Key.Key_Delete)
    after = controller.library.brief(brief_id).sections[0].card_ids
    assert after == tuple(c for c in before if c != before[1])
    assert controller.library.card(before[1])  # only taken out of the brief, not deleted
    assert view.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 2) == before[2]
    controller.undo_stack.undo()
    assert controller.library.brief(brief_id).sections[0].card_ids == before


def test_reorder_by_drag_updates_tree_and_preview(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    brief_id = start_brief(view, monkeypatch)
    view.update_preview()
    section = controller.library.brief(brief_id).sections[0]
    assert len(section.card_ids) >= 3
    # Rows 1 and 2 are evidence (row 0 is the argument, also the section's heading).
    first_tag = controller.library.card(section.card_ids[1]).tag
    second_tag = controller.library.card(section.card_ids[2]).tag

    def row(number: int) -> object:
        return view.model.index(number, 0, view.model.index(0, 0)).data()

    parent = view.model.index(0, 0)
    data = view.model.mimeData([view.model.index(1, 0, parent)])
    assert view.model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, parent)
    qtbot.waitUntil(lambda: row(1) == second_tag and row(2) == first_tag)

    def second_before_first() -> bool:
        text = view.preview.toPlainText()
        return 0 <= text.find(second_tag) < text.find(first_tag)

    qtbot.waitUntil(second_before_first, timeout=2000)
    controller.undo_stack.undo()
    qtbot.waitUntil(lambda: row(1) == first_tag)


def test_switching_briefs_and_exporting(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    first = start_brief(view, monkeypatch, "First", Side.A)
    second = start_brief(view, monkeypatch, "Second", Side.B)
    assert view.current_brief_id() == second
    assert view.select_brief(first) and view.current_brief_id() == first
    assert view.model.brief() is not None and view.model.brief().title == "First"  # type: ignore[union-attr]
    with qtbot.waitSignal(view.exportRequested) as blocker:
        view.export_button.click()
    assert blocker.args == [first]


def test_double_click_on_a_card_opens_it(
    view: BriefView, controller: Controller, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    start_brief(view, monkeypatch)
    index = view.model.index(0, 0, view.model.index(0, 0))
    with qtbot.waitSignal(controller.cardActivated) as blocker:
        view.tree.activated.emit(index)
    assert blocker.args == [index.data(Qt.ItemDataRole.UserRole + 2)]


def test_delete_in_the_tree_does_not_trigger_the_window_delete_action(
    controller: Controller, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    deleted: list[bool] = []
    action = QAction("Delete Card", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.triggered.connect(lambda: deleted.append(True))
    window.addAction(action)
    view = BriefView(controller, window)
    QVBoxLayout(window).addWidget(view)
    window.resize(900, 600)
    window.show()
    brief_id = start_brief(view, monkeypatch)
    before = controller.library.brief(brief_id).sections[0].card_ids
    view.tree.setCurrentIndex(view.model.index(1, 0, view.model.index(0, 0)))
    view.tree.setFocus()
    qtbot.waitUntil(view.tree.hasFocus)
    QtBot.keyClick(view.tree, Qt.Key.Key_Delete)
    assert not deleted
    assert len(controller.library.brief(brief_id).sections[0].card_ids) == len(before) - 1
    # With a section selected, Delete is the window's again.
    view.tree.setCurrentIndex(view.model.index(0, 0))
    QtBot.keyClick(view.tree, Qt.Key.Key_Delete)
    assert deleted == [True]
