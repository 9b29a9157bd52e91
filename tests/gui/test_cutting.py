"""Verbatim-speed cutting in the window: F2 paste as source, F7 then type the tag, F8 copy,
the remembered "Cut for" side, and the question before cutting the same passage twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QSettings, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from debateprep.gui.app import create_main_window
from debateprep.gui.cutting import CUT_FOR_KEY, card_clipboard
from debateprep.gui.mainwindow import MainWindow
from debateprep.records import Highlight, ReadLevel, Side

ARTICLE = (
    "Cities that limit cooperation with immigration agents see residents report more crimes.\n\n"
    "Police chiefs say trust is the currency of public safety in mixed-status neighbourhoods."
)


def _settings(window: MainWindow) -> QSettings:
    """The window's settings file read afresh, as the next start reads it."""
    return QSettings(window.settings.fileName(), QSettings.Format.IniFormat)


def _clip(text: str = "", html: str = "", url: str = "", moz: str = "") -> None:
    data = QMimeData()
    if text:
        data.setText(text)
    if html:
        data.setHtml(html)
    if url:
        data.setUrls([QUrl(url)])
    if moz:
        data.setData("text/x-moz-url", QByteArray((moz + "\nTitle").encode("utf-16-le")))
    QApplication.clipboard().setMimeData(data)


def test_f2_pastes_plain_text_as_a_new_source_and_opens_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    before = len(window.library.sources())
    _clip(text="Sanctuary and trust\n" + ARTICLE)
    qtbot.keyClick(window.reader.editor, Qt.Key.Key_F2)
    sources = window.library.sources()
    assert len(sources) == before + 1
    pasted = max(sources, key=lambda source: source.id)
    assert pasted.title == "Sanctuary and trust"
    assert window.reader.current_source_id() == pasted.id
    assert window.library_panel.wait_idle()
    assert window.library_panel.citation.source_id == pasted.id  # its citation, not another's
    assert window.controller.undo_stack.undoText() == "Paste as new source"
    window.controller.undo()
    assert len(window.library.sources()) == before
    window.controller.redo()
    assert len(window.library.sources()) == before + 1


def test_ctrl_shift_v_pastes_browser_html_cleaned_with_its_url(
    window: MainWindow, qtbot: QtBot
) -> None:
    html = (
        "<html><body><!--StartFragment--><h1>Trust &amp; safety</h1>"
        f"<p>{ARTICLE.split(chr(10))[0]}</p><script>track()</script>"
        "<p>Police chiefs <b>say</b> trust matters.</p><!--EndFragment--></body></html>"
    )
    _clip(text="raw", html=html, moz="https://news.example.org/trust")
    qtbot.keyClick(
        window.reader.editor,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    pasted = max(window.library.sources(), key=lambda source: source.id)
    text = window.library.source_text(pasted.id)
    assert "<" not in text and "track()" not in text and "Police chiefs say trust" in text
    assert pasted.url == "https://news.example.org/trust"


def test_pasting_the_same_text_twice_is_refused_clearly(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    window.controller.userError.disconnect()
    window.controller.userError.connect(said.append)
    _clip(text=ARTICLE)
    window.action("actionPasteAsSource").trigger()
    count = len(window.library.sources())
    window.action("actionPasteAsSource").trigger()
    assert len(window.library.sources()) == count
    assert said and "already in the library" in said[-1]
    _clip(text="   ")
    window.action("actionPasteAsSource").trigger()
    assert "clipboard holds no text" in said[-1]


def _cut_first_sentence(window: MainWindow, qtbot: QtBot) -> tuple[int, int]:
    _clip(text=ARTICLE)
    window.action("actionPasteAsSource").trigger()
    end = ARTICLE.index(".") + 1
    window.reader.select_span(0, end)
    window.reader.editor.setFocus()
    qtbot.keyClick(window.reader.editor, Qt.Key.Key_F7)
    return 0, end


def test_f7_hands_the_keyboard_to_the_tag_with_the_placeholder_selected(
    window: MainWindow, qtbot: QtBot
) -> None:
    _cut_first_sentence(window, qtbot)
    tag = window.card_editor.tag
    qtbot.waitUntil(tag.hasFocus, timeout=3000)
    assert tag.selectedText() == tag.text() and tag.text().endswith("…")
    qtbot.keyClicks(QApplication.focusWidget(), "Sanctuary builds trust")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.current_card_id is not None
    assert window.library.card(window.current_card_id).tag == "Sanctuary builds trust"


def test_cutting_the_same_passage_twice_asks_first(window: MainWindow, qtbot: QtBot) -> None:
    _cut_first_sentence(window, qtbot)
    first = window.current_card_id
    count = len(window.library.cards())
    asked: list[str] = []

    def answer(button: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, lambda: answer("Open existing"))
    window.reader.select_span(0, ARTICLE.index(".") + 1)
    window.action("actionCutCard").trigger()
    assert asked and "already the card" in asked[0]
    assert len(window.library.cards()) == count and window.current_card_id == first
    QTimer.singleShot(0, lambda: answer("Cut again"))
    window.reader.select_span(0, ARTICLE.index(".") + 1)
    window.action("actionCutCard").trigger()
    assert len(window.library.cards()) == count + 1 and window.current_card_id != first


def test_f8_copies_the_card_with_its_cite(window: MainWindow, qtbot: QtBot) -> None:
    evidence = next(c for c in window.library.cards() if c.is_evidence and c.cite.author)
    window.open_card(evidence.id)
    qtbot.keyClick(window.card_editor.tag, Qt.Key.Key_F8)
    data = QApplication.clipboard().mimeData()
    assert data is not None
    plain = data.text()
    assert plain.startswith(evidence.tag) and evidence.quote in plain
    assert evidence.cite.author.split()[-1] in plain
    assert "<h4>" in data.html() and "background-color:yellow" in data.html()


def test_card_clipboard_marks_each_level() -> None:
    from debateprep.records import CardKind, CardRecord, Cite

    card = CardRecord(
        id=1,
        kind=CardKind.EVIDENCE,
        side=Side.A,
        tag="T",
        quote="one two three",
        highlights=(
            Highlight(0, 3, ReadLevel.UNDERLINE),
            Highlight(4, 7, ReadLevel.EMPHASIS),
            Highlight(8, 13, ReadLevel.HIGHLIGHT),
        ),
        cite=Cite(author="Ann Lee", date="2020"),
    )
    plain, html = card_clipboard(card)
    assert plain == "T\n\nAnn Lee, 2020, [Untitled]\n\none two three"
    assert "<b>Lee</b>" in html
    assert "<u>one</u>" in html and "<b><u>two</u></b>" in html
    assert '<span style="background-color:yellow"><u>three</u></span>' in html


def test_cut_for_side_is_remembered_across_restarts(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    box = window.reader.side_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # the user picks side B
    assert window.reader.current_side() is Side.B
    window.settings.sync()
    assert _settings(window).value(CUT_FOR_KEY) == "B"
    again = create_main_window(window.library.path, _settings(window))
    qtbot.addWidget(again)
    assert again.reader.current_side() is Side.B
    motion = window.library.motion(window.controller.current_motion_id or 0)
    assert again.reader.side_box.currentText() in motion.side_b
    again.close()
    window.controller.create_motion("Schools should ban phones", "Ban them", "Keep them")
    assert window.reader.side_box.currentText() == "Keep them"  # the new motion's side B
    assert _settings(window).value(CUT_FOR_KEY) == "B"


def test_help_lists_the_new_keys(window: MainWindow) -> None:
    from debateprep.gui.actions import shortcut_rows

    rows = dict(shortcut_rows(window.actions_by_name))
    assert rows["Paste as New Source"].startswith("F2")
    assert "Ctrl+Shift+V" in rows["Paste as New Source"]
    assert rows["Copy Card with Cite"] == "F8"
    keys = set(rows.values())
    assert {"F9", "F10", "F11", "F12"} <= keys
    assert isinstance(window.findChild(QLineEdit, "cardTag") or window.card_editor.tag, QLineEdit)


def test_f9_to_f12_in_the_reader_mark_the_card_under_the_selection(
    window: MainWindow, qtbot: QtBot
) -> None:
    start, end = _cut_first_sentence(window, qtbot)
    card_id = window.current_card_id
    assert card_id is not None
    word = ARTICLE.index("residents")
    window.reader.select_span(word, word + len("residents"))
    window.reader.editor.setFocus()
    qtbot.keyClick(window.reader.editor, Qt.Key.Key_F10)
    assert window.library.card(card_id).highlights == (
        Highlight(word - start, word - start + len("residents"), ReadLevel.EMPHASIS),
    )
    window.reader.select_span(start, end)
    qtbot.keyClick(window.reader.editor, Qt.Key.Key_F12)
    assert window.library.card(card_id).highlights == ()
    said: list[str] = []
    window.controller.userError.disconnect()
    window.controller.userError.connect(said.append)
    outside = ARTICLE.index("Police")
    window.reader.select_span(outside, outside + 6)
    qtbot.keyClick(window.reader.editor, Qt.Key.Key_F9)
    assert said and "inside a passage" in said[0]
