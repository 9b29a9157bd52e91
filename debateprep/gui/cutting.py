"""Verbatim-speed cutting keys the window wires up: F2 pastes a source, F8 copies a card.

Also: after F7 the card editor's Tag field takes the keyboard with its placeholder selected,
and the reader's "Cut for" side is remembered across restarts. Kept apart from the window so
each piece is small and testable.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise

from PySide6.QtCore import QMimeData, QObject, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from debateprep.gui.card_editor import CardEditor
from debateprep.gui.card_parts import LEVEL_KEYS, trim_span
from debateprep.gui.controller import Controller
from debateprep.gui.reader import ReaderView
from debateprep.records import CardRecord, Highlight, ReadLevel, Side, SourceRecord
from debateprep.text import citations
from debateprep.text.bundleindex import display_tag
from debateprep.text.intervals import merge_spans
from debateprep.text.readmarks import clear_levels, toggle_level

CUT_FOR_KEY = "reader/cutFor"
_MOZ_URL = "text/x-moz-url"  # Firefox: the page address, a newline, its title (UTF-16)


def clipboard_url(data: QMimeData) -> str:
    """The page address the clipboard carries (a URL list, or Firefox's x-moz-url)."""
    for url in data.urls() if data.hasUrls() else []:
        if url.scheme() in ("http", "https"):
            return url.toString()
    if data.hasFormat(_MOZ_URL):
        raw = bytes(data.data(_MOZ_URL).data())
        text = raw.decode("utf-16-le" if raw[1:2] == b"\0" else "utf-8", "replace")
        first = text.split("\n", 1)[0].strip("\0 \r")
        if QUrl(first).scheme() in ("http", "https"):
            return first
    return ""


def _marked_html(text: str, marks: Sequence[Highlight]) -> str:
    """The quote as HTML with Verbatim's levels: underline, bold underline, yellow bold."""
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update((mark.start, mark.end))
    out: list[str] = []
    points = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    for start, end in pairwise(points):
        on = {m.level for m in marks if m.start <= start and end <= m.end}
        piece = html.escape(text[start:end]).replace("\n", "<br>")
        if ReadLevel.EMPHASIS in on:
            piece = f"<b><u>{piece}</u></b>"
        elif ReadLevel.UNDERLINE in on or ReadLevel.HIGHLIGHT in on:
            piece = f"<u>{piece}</u>"
        if ReadLevel.HIGHLIGHT in on:
            piece = f'<span style="background-color:yellow">{piece}</span>'
        out.append(piece)
    return "".join(out)


def card_clipboard(card: CardRecord) -> tuple[str, str]:
    """(plain text, HTML) of a card as debaters paste it: tag, cite line, card text."""
    tag = display_tag(card)
    parts = citations.cite_parts(card.cite, "debate")
    plain = [tag]
    rich = [f"<h4>{html.escape(tag)}</h4>"]
    if card.is_evidence:
        plain += [parts.text, card.quote]
        bold = merge_spans(parts.bold)
        cite = _marked_html(parts.text, [Highlight(s, e, ReadLevel.EMPHASIS) for s, e in bold])
        rich += [f"<p>{cite.replace('<u>', '').replace('</u>', '')}</p>"]
        rich += [f"<p>{_marked_html(card.quote, card.highlights)}</p>"]
    if card.notes.strip():
        plain.append(card.notes.strip())
        rich.append(f"<p><i>{html.escape(card.notes.strip())}</i></p>")
    return "\n\n".join(part for part in plain if part), "".join(rich)


class CuttingKeys(QObject):
    """F2 (paste as new source), F7's focus hand-over, F8 (copy card), the remembered side."""

    def __init__(
        self,
        controller: Controller,
        reader: ReaderView,
        editor: CardEditor,
        settings: QSettings,
        current_card: Callable[[], int | None],
    ) -> None:
        super().__init__(reader)
        self.controller = controller
        self.reader = reader
        self.editor = editor
        self.settings = settings
        self._current_card = current_card
        saved = str(settings.value(CUT_FOR_KEY, Side.A.value))
        self.reader.set_side(Side(saved) if saved in ("A", "B") else Side.A)
        # activated: the user's choice only, not the refills when a motion's names change.
        self.reader.side_box.activated.connect(self._remember_side)
        self.reader.cardCut.connect(lambda _card_id: self.editor.focus_tag())
        for name, text, key, level in LEVEL_KEYS:
            # F9-F12 in the reader too, on words inside a passage already cut as a card.
            action = QAction(text, self.reader.editor)
            action.setObjectName("reader" + name.removeprefix("action"))
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(partial(self.mark_in_reader, level))
            self.reader.editor.addAction(action)

    def _remember_side(self, _row: int) -> None:
        self.settings.setValue(CUT_FOR_KEY, self.reader.current_side().value)

    def mark_in_reader(self, level: str) -> bool:
        """Toggle a read-aloud level (or clear all) on reader words inside one cut card."""
        span = self.reader.selection_span()
        inside = [
            passage.card
            for passage in self.reader.editor.passages
            if span is not None
            and passage.card.start is not None
            and passage.card.end is not None
            and passage.card.start <= span[0]
            and span[1] <= passage.card.end
        ]
        if span is None or not inside:
            self.controller.userError.emit(
                "Select words inside a passage you have cut as a card, then press F9-F12."
            )
            return False
        card = min(inside, key=lambda found: (found.end or 0) - (found.start or 0))
        offset = card.start or 0
        start, end = trim_span(card.quote, span[0] - offset, span[1] - offset)
        if start >= end:
            return False
        self.controller.open_card(card.id)
        if level == "clear":
            marks = clear_levels(card.highlights, start, end)
            return self.controller.edit_card(card.id, "Clear marks", highlights=marks)
        marks, added = toggle_level(card.highlights, start, end, ReadLevel(level))
        name = "read-aloud" if level == ReadLevel.HIGHLIGHT else level
        text = f"Mark {name}" if added else f"Unmark {name}"
        return self.controller.edit_card(card.id, text, highlights=marks)

    def paste_source(self) -> SourceRecord | None:
        """Add the clipboard (a browser's HTML, else its text) as a source and open it."""
        data = QApplication.clipboard().mimeData()
        if data is None:
            self.controller.userError.emit("The clipboard is empty; copy an article first.")
            return None
        markup = data.html() if data.hasHtml() else ""
        source = self.controller.paste_source(data.text(), markup, clipboard_url(data))
        if source is not None:
            self.controller.show_source(source.id)
            # Straight on to selecting a passage (Ctrl+Down, Ctrl+Shift+Down) and F7.
            self.reader.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return source

    def copy_card(self) -> bool:
        """Put the current card, with its cite, on the clipboard as text and HTML (F8)."""
        card_id = self._current_card()
        card = self.controller.attempt(lambda: self.controller.library.card(card_id or 0))
        if card_id is None or card is None:
            self.controller.userError.emit("Open a card first, then copy it with F8.")
            return False
        plain, rich = card_clipboard(card)
        data = QMimeData()
        data.setText(plain)
        data.setHtml(rich)
        QApplication.clipboard().setMimeData(data)
        return True
