"""Issue 12 item 2 in the window: F4/F5/F6 in the brief builder; the backtick sends a card."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from debateprep.gui.brief_dialogs import SectionTitleDialog
from debateprep.gui.briefmodels import LEVEL_ROLE
from debateprep.gui.mainwindow import MainWindow
from debateprep.records import SectionLevel, Side

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _card(window: MainWindow, side: Side) -> int:
    card = next(c for c in window.library.cards() if c.side is side and c.motion_id is not None)
    window.open_card(card.id)
    return card.id


def _brief(window: MainWindow, side: Side, title: str) -> int:
    brief = window.controller.create_brief(side, title)
    assert brief is not None
    window.brief_view.select_brief(brief.id)
    return brief.id


def test_f4_f5_f6_insert_pocket_hat_block_after_the_selection(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief_id = _brief(window, Side.A, "Pro")
    view = window.brief_view
    window.docks["Brief"].show()
    window.docks["Brief"].raise_()
    titles = iter(["Case", "Harms", "Trust block"])
    monkeypatch.setattr(SectionTitleDialog, "ask", classmethod(lambda cls, *a: next(titles)))
    view.tree.setFocus()
    view.tree.setCurrentIndex(view.model.index(0, 0))
    first = window.library.brief(brief_id).sections[0].id
    for key in (Qt.Key.Key_F4, Qt.Key.Key_F5, Qt.Key.Key_F6):
        qtbot.keyClick(view.tree, key)
    sections = window.library.brief(brief_id).sections
    assert sections[0].id == first
    assert [(s.title, s.level) for s in sections[1:4]] == [
        ("Case", SectionLevel.POCKET),
        ("Harms", SectionLevel.HAT),
        ("Trust block", SectionLevel.BLOCK),
    ]
    assert view.tree.currentIndex().data() == "Trust block"  # each lands after the last
    assert view.model.index(1, 0).data(LEVEL_ROLE) == SectionLevel.POCKET
    assert view.model.index(1, 1).data().startswith("Pocket")
    window.brief_view.grab().save(str(Path(window.library.path).parent / "levels.png"))
    for _ in range(3):
        assert window.controller.undo()
    assert [s.id for s in window.library.brief(brief_id).sections] == [s.id for s in sections][
        :1
    ] + [s.id for s in sections][4:]


def test_backtick_in_a_text_field_types_it_and_sends_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    brief_id = _brief(window, Side.A, "Pro")
    _card(window, Side.A)
    before = window.library.brief(brief_id)
    field = window.card_editor.findChild(QLineEdit)
    assert field is not None and not field.isReadOnly()
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, "a`b")
    assert field.text() == "a`b"
    assert window.library.brief(brief_id) == before
    assert window.controller.undo_stack.undoText() != "Send to brief"


def test_backtick_outside_text_fields_sends_to_the_selected_block_and_undo(
    window: MainWindow, qtbot: QtBot
) -> None:
    brief_id = _brief(window, Side.A, "Pro")
    card_id = _card(window, Side.A)
    view = window.brief_view
    sections = window.library.brief(brief_id).sections
    target = next(s for s in sections if card_id not in s.card_ids)
    view.tree.setCurrentIndex(view.model.section_index(target.id))
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_QuoteLeft)
    after = window.library.brief(brief_id)
    assert next(s for s in after.sections if s.id == target.id).card_ids[-1] == card_id
    assert window.statusBar().currentMessage() == f"Sent to Pro › {target.title}"
    assert window.controller.undo()
    assert next(s for s in window.library.brief(brief_id).sections if s.id == target.id) == target


def test_a_card_of_the_other_side_never_goes_in_the_open_brief(
    window: MainWindow, qtbot: QtBot
) -> None:
    pro = _brief(window, Side.A, "Pro")
    before = window.library.brief(pro)
    card_id = _card(window, Side.B)
    window.action("actionSendToBrief").trigger()
    assert window.library.brief(pro) == before
    # No Con brief yet: a button in the status bar offers one (nothing modal).
    offer = window.statusBar().findChild(QPushButton, "startBriefButton")
    assert offer is not None and offer.isVisible()
    motion = window.library.motion(window.controller.current_motion_id or 0)
    assert motion.side_b in offer.toolTip() and motion.side_b.split(":")[0] in offer.text()
    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    con = [b for b in window.library.briefs() if b.side is Side.B]
    assert len(con) == 1 and con[0].sections[-1].card_ids == (card_id,)
    assert window.statusBar().currentMessage() == f"Sent to {con[0].title} › Cards"
    assert window.brief_view.current_brief_id() == con[0].id
    assert window.controller.undo()
    assert [b for b in window.library.briefs() if b.side is Side.B] == []
    # With a Con brief, the card goes there, even while the Pro brief is open.
    con_id = window.library.create_brief(window.controller.current_motion_id or 0, "B", "Con").id
    window.brief_view.refresh()
    window.brief_view.select_brief(pro)
    window.action("actionSendToBrief").trigger()
    con_brief = window.library.brief(con_id)
    block = next(s for s in con_brief.sections if card_id in s.card_ids)
    assert window.statusBar().currentMessage() == f"Sent to Con › {block.title}"
    assert window.library.brief(pro) == before


def test_level_changes_and_sends_undo_and_redo_through_the_controller(
    window: MainWindow,
) -> None:
    controller, library = window.controller, window.library
    brief_id = _brief(window, Side.A, "Pro")
    section = library.brief(brief_id).sections[0]
    assert controller.set_section_level(section.id, SectionLevel.HAT)
    assert library.brief(brief_id).sections[0].level is SectionLevel.HAT
    assert controller.undo()
    assert library.brief(brief_id).sections[0].level is SectionLevel.BLOCK
    assert controller.redo()
    assert library.brief(brief_id).sections[0].level is SectionLevel.HAT
    empty = library.create_brief(library.default_motion().id, "A", "Empty").id
    card = next(c for c in library.cards() if c.side is Side.A and c.motion_id is not None)
    assert controller.send_card(card.id, empty, None) is not None
    assert [s.card_ids for s in library.brief(empty).sections] == [(card.id,)]
    assert controller.undo()  # the card and the block made for it go
    assert library.brief(empty).sections == ()
    assert controller.redo()
    assert [s.card_ids for s in library.brief(empty).sections] == [(card.id,)]
