"""The reader: exact text, span selection, cutting cards (emoji-safe), highlights, clicks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from debateprep.facade.library import Library
from debateprep.gui.controller import Controller
from debateprep.gui.reader import ReaderView, placeholder_tag, short_side_name
from debateprep.gui.textpos import TextOffsets
from debateprep.records import CardRecord, Side
from debateprep.text.markdown_text import paragraph_spans

# The offscreen platform warns when a top-level widget is shown; it says nothing about us.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

EMOJI_TEXT = (
    "Emoji test 😀 before the span 🎉🏽 and 𠀀 too.\n\n"
    "Second paragraph: 中文 words, then the quote we want exactly. After it, more text.\n"
)


@pytest.fixture
def reader(qtbot: QtBot, controller: Controller) -> Iterator[ReaderView]:
    view = ReaderView(controller)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    yield view


def _select(reader: ReaderView, text: str, start: int, end: int) -> QTextCursor:
    offsets = TextOffsets(text)
    cursor = QTextCursor(reader.editor.document())
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    reader.editor.setTextCursor(cursor)
    return cursor


def _lone_card(library: Library) -> CardRecord:
    """An evidence card whose span overlaps no other card's."""
    spans = [
        (card, card.source_id, card.start or 0, card.end or 0)
        for card in library.cards(kind="evidence")
    ]
    for card, source_id, start, end in spans:
        if all(
            other is card or other_source != source_id or other_end <= start or other_start >= end
            for other, other_source, other_start, other_end in spans
        ):
            return card
    raise AssertionError("no lone card in the starter library")


def test_shows_the_exact_text_with_names(reader: ReaderView, gui_library: Library) -> None:
    source = gui_library.sources()[0]
    reader.show_source(source.id)
    text = gui_library.source_text(source.id)
    assert reader.editor.objectName() == "readerView"
    assert reader.editor.accessibleName() == "Source reader"
    assert reader.editor.toPlainText() == text
    assert reader.current_source_id() == source.id
    assert source.title[:20] in reader.title_label.text()
    numbers = reader.editor.paragraph_numbers()
    assert sorted(numbers.values()) == list(range(1, len(paragraph_spans(text)) + 1))
    assert numbers[0] == 1


def test_show_source_selects_the_span(reader: ReaderView, gui_library: Library) -> None:
    card = gui_library.cards(kind="evidence")[0]
    assert card.source_id is not None and card.start is not None and card.end is not None
    reader.show_source(card.source_id, card.start, card.end)
    assert reader.selection_span() == (card.start, card.end)
    assert reader.selected_text() == card.quote
    assert reader.editor.textCursor().selectedText() == card.quote


def test_cut_card_with_an_emoji_before_the_span(
    reader: ReaderView, controller: Controller, gui_library: Library, qtbot: QtBot
) -> None:
    source = gui_library.add_source(EMOJI_TEXT, title="Emoji source", author="Ada Writer")
    reader.show_source(source.id)
    start = EMOJI_TEXT.index("中文")
    end = EMOJI_TEXT.index(". After")
    with qtbot.waitSignal(reader.selectionChanged):
        cursor = _select(reader, EMOJI_TEXT, start, end)
    selected = cursor.selectedText()
    assert reader.selection_span() == (start, end)
    with qtbot.waitSignal(controller.cardActivated) as opened:
        card = reader.cut_selection()
    assert card is not None
    assert opened.args == [card.id]
    stored = gui_library.card(card.id)
    assert stored.quote == selected == EMOJI_TEXT[start:end]
    assert (stored.start, stored.end) == (start, end)
    assert gui_library.source_text(source.id)[stored.start : stored.end] == stored.quote
    assert stored.tag == placeholder_tag(selected) == "中文 words, then the quote we want exactly…"
    assert stored.side is Side.A
    assert stored.cite.title == "Emoji source" and stored.cite.author == "Ada Writer"
    # The new passage is tinted at once, and undo takes it away.
    assert [p.card.id for p in reader.editor.passages] == [card.id]
    assert reader.selection_span() is None
    controller.undo_stack.undo()
    assert reader.editor.passages == []


def test_cut_uses_the_side_selector(
    reader: ReaderView, controller: Controller, gui_library: Library
) -> None:
    motion = gui_library.motions()[0]
    names = [reader.side_box.itemText(i) for i in range(reader.side_box.count())]
    assert names == ["Pro", "Con"]  # the heads of "Pro: for sanctuary policies", ...
    full = [reader.side_box.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(2)]
    assert full == [motion.side_a, motion.side_b]
    source = gui_library.sources()[0]
    text = gui_library.source_text(source.id)
    reader.show_source(source.id)
    reader.set_side(Side.B)
    _select(reader, text, 0, 11)
    card = reader.cut_selection()
    assert card is not None and card.side is Side.B and card.quote == text[:11]


def test_text_with_crlf_keeps_positions(reader: ReaderView, gui_library: Library) -> None:
    text = "Windows line one\r\nline two 😀\r\n\r\nThe quote here.\r\n"
    source = gui_library.add_source(text, title="CRLF")
    reader.show_source(source.id)
    assert reader.editor.document().characterCount() - 1 == TextOffsets(text).qt_length
    start = text.index("The quote")
    reader.show_source(source.id, start, start + len("The quote here."))
    assert reader.selected_text() == "The quote here."
    card = reader.cut_selection()
    assert card is not None and card.quote == "The quote here."


def test_clicking_a_highlight_opens_its_card(
    reader: ReaderView, controller: Controller, gui_library: Library, qtbot: QtBot
) -> None:
    card = _lone_card(gui_library)
    assert card.source_id is not None and card.start is not None and card.end is not None
    reader.show_source(card.source_id, card.start + 3, card.start + 3)
    text = gui_library.source_text(card.source_id)
    cursor = QTextCursor(reader.editor.document())
    cursor.setPosition(TextOffsets(text).to_qt(card.start + 3))
    point = reader.editor.cursorRect(cursor).center()
    with qtbot.waitSignal(controller.cardActivated) as opened:
        qtbot.mouseClick(reader.editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.args == [card.id]


def test_clicking_plain_text_opens_nothing(
    reader: ReaderView, controller: Controller, gui_library: Library, qtbot: QtBot
) -> None:
    source = gui_library.add_source(EMOJI_TEXT, title="No cards yet")
    reader.show_source(source.id)
    cursor = QTextCursor(reader.editor.document())
    cursor.setPosition(5)
    point = reader.editor.cursorRect(cursor).center()
    with qtbot.assertNotEmitted(controller.cardActivated):
        qtbot.mouseClick(reader.editor.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_highlights_follow_card_changes(
    reader: ReaderView, controller: Controller, gui_library: Library
) -> None:
    source = gui_library.sources()[0]
    reader.show_source(source.id)
    before = len(reader.editor.passages)
    assert before == source.card_count
    assert len(reader.editor.extraSelections()) == before
    card = controller.cut_card(source.id, 0, 11, tag="Made elsewhere", side=Side.A)
    assert card is not None
    assert len(reader.editor.passages) == before + 1
    controller.delete_card(card.id)
    assert len(reader.editor.passages) == before


def test_context_menu_cuts_and_copies(
    reader: ReaderView, controller: Controller, gui_library: Library
) -> None:
    source = gui_library.sources()[0]
    text = gui_library.source_text(source.id)
    reader.show_source(source.id)
    menu = reader.context_menu()
    cut, copy = menu.actions()[:2]
    assert not cut.isEnabled() and not copy.isEnabled()
    assert cut.shortcut().toString()  # the key is shown
    _select(reader, text, 0, 11)
    menu = reader.context_menu()
    cut = menu.actions()[0]
    assert cut.isEnabled() and "Cut Card" in cut.text().replace("&", "")
    cut.trigger()
    assert any(c.quote == text[:11] for c in gui_library.cards(source_id=source.id))


def test_cut_without_selection_explains(
    reader: ReaderView, controller: Controller, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(controller.userError):
        assert reader.cut_selection() is None


def test_font_size_and_rendering(reader: ReaderView, gui_library: Library) -> None:
    reader.show_source(gui_library.sources()[0].id)
    reader.set_font_point_size(16)
    assert reader.editor.font().pointSize() == 16
    assert not reader.grab().isNull()


def test_short_side_name() -> None:
    assert short_side_name("Con: against it") == "Con"
    assert short_side_name("Affirmative") == "Affirmative"
    assert short_side_name(": odd") == ": odd"


def test_placeholder_tag() -> None:
    assert placeholder_tag("  One two,  three ") == "One two, three…"
    assert placeholder_tag("a b c d e f g h, i j") == "a b c d e f g h…"


HIDDEN_TEXT = (
    "Headline\nADVERTISEMENT\nFirst line of prose.\n\nPhoto: A B (Getty Images)\nLast line."
)


def test_hidden_lines_are_not_shown_but_offsets_stay(
    reader: ReaderView, gui_library: Library, qtbot: QtBot
) -> None:
    from debateprep.text.article_lines import hidden_spans

    source = gui_library.add_source(HIDDEN_TEXT, title="Hidden lines")
    reader.show_source(source.id)
    # Pasted sources hide nothing; an imported one carries its spans in the record.
    assert all(block_visible(reader, n) for n in range(5))
    reader._source = replace(source, hidden=hidden_spans(HIDDEN_TEXT))
    reader.set_show_hidden(False)
    assert reader.editor.toPlainText() == HIDDEN_TEXT  # the text itself never changes
    assert [block_visible(reader, n) for n in range(6)] == [True, False, True, True, False, True]
    start, end = HIDDEN_TEXT.index("Headline"), HIDDEN_TEXT.index(" of prose")
    _select(reader, HIDDEN_TEXT, start, end)
    assert reader.selection_span() == (start, end)
    assert reader.selected_text() == HIDDEN_TEXT[start:end]  # the hidden line is quoted too
    reader.set_show_hidden(True)
    assert all(block_visible(reader, n) for n in range(6))


def block_visible(reader: ReaderView, number: int) -> bool:
    return reader.editor.document().findBlockByNumber(number).isVisible()
