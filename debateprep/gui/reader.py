"""The reader: a source's exact text with paragraph numbers, where evidence is cut.

The text widget itself (gutter, tints, clicks) is ``reader_text.SourceText``. The document
holds ``library.source_text(id)`` unchanged, so a document position is a Python
index once converted by ``textpos`` (UTF-16 units vs code points). Passages already cut as
evidence are tinted by side; clicking one opens its card. Cutting goes through
``controller.cut_card`` with the exact selected span; the facade copies the source's cite.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import UserError
from debateprep.gui import colours
from debateprep.gui.controller import CARDS, MOTIONS, SOURCES, Controller
from debateprep.gui.reader_text import Passage, SourceText
from debateprep.gui.textpos import TextOffsets
from debateprep.records import CardRecord, Side, SourceRecord
from debateprep.text.bundleindex import short_side_name

logger = logging.getLogger(__name__)

TAG_WORDS = 8  # words of the selection that make the placeholder tag


def placeholder_tag(quote: str) -> str:
    """The first words of a quote and "…": a tag the user is expected to retype."""
    words = quote.split()[:TAG_WORDS]
    return " ".join(words).rstrip(",;:—–-") + "…"


class ReaderView(QWidget):
    """A source's header (title, cite, side for new cards) above its text."""

    selectionChanged = Signal()  # the text selection changed (enable or disable Cut)
    cardCut = Signal(int)  # a card was just cut and opened: the window hands it the keyboard

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPanel")
        self.setAccessibleName("Reader")
        self.controller = controller
        self._source: SourceRecord | None = None
        self._text = ""
        self._offsets = TextOffsets("")
        self._show_hidden = False  # View > Show Hidden Lines

        self.title_label = QLabel(self)
        self.title_label.setObjectName("readerTitle")
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cite_label = QLabel(self)
        self.cite_label.setObjectName("readerCite")
        self.cite_label.setTextFormat(Qt.TextFormat.RichText)
        self.cite_label.setWordWrap(True)
        self.cite_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.side_box = QComboBox(self)
        self.side_box.setObjectName("readerSide")
        self.side_box.setAccessibleName("Side for new cards")
        self.side_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        side_label = QLabel("Cut fo&r:", self)
        side_label.setBuddy(self.side_box)

        self.editor = SourceText(self)
        self.editor.passageClicked.connect(self.controller.open_card)
        self.editor.selectionChanged.connect(self.selectionChanged)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._show_context_menu)

        # Title on its own line (it is often long); cite and the side for new cards below.
        header = QGridLayout()
        header.setContentsMargins(8, 6, 8, 2)
        header.setVerticalSpacing(0)
        header.addWidget(self.title_label, 0, 0, 1, 3)
        header.addWidget(self.cite_label, 1, 0)
        header.addWidget(side_label, 1, 1, Qt.AlignmentFlag.AlignRight)
        header.addWidget(self.side_box, 1, 2)
        header.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.editor, 1)

        self.set_font_point_size(11)
        controller.changed.connect(self._on_changed)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------

    def current_source_id(self) -> int | None:
        return self._source.id if self._source is not None else None

    def current_side(self) -> Side:
        return Side(self.side_box.currentData() or Side.A.value)

    def set_side(self, side: Side) -> None:
        self.side_box.setCurrentIndex(self.side_box.findData(side.value))

    def show_source(self, source_id: int, start: int = 0, end: int = 0) -> None:
        """Show a source (loading it if needed) and select ``[start, end)`` (Python indices)."""
        fresh = source_id != self.current_source_id()
        if fresh and not self._load(source_id):
            return
        if end > start:
            self.select_span(start, end)
        elif start > 0 or fresh:
            self.select_span(start, start)

    def select_span(self, start: int, end: int) -> None:
        """Select a span given in Python indices and scroll it into the middle of the view."""
        begin, finish = self._offsets.clamp_to_qt(start), self._offsets.clamp_to_qt(end)
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(begin)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        cursor.setPosition(finish, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)

    def selection_span(self) -> tuple[int, int] | None:
        """The selected span in Python indices, or None without a selection."""
        cursor = self.editor.textCursor()
        if self._source is None or not cursor.hasSelection():
            return None
        start = self._offsets.clamp_from_qt(cursor.selectionStart())
        end = self._offsets.clamp_from_qt(cursor.selectionEnd())
        return (start, end) if end > start else None

    def selected_text(self) -> str:
        span = self.selection_span()
        return self._text[span[0] : span[1]] if span else ""

    def refresh(self) -> None:
        self._refresh_sides()
        if self._source is not None:
            self._refresh_source()
        else:
            self._refresh_header()

    def _on_changed(self, topic: str) -> None:
        if topic == MOTIONS:
            self._refresh_sides()
            self._refresh_passages()  # the new motion's cards take the side tints
        elif self._source is not None and topic == SOURCES:
            self._refresh_source()
        elif self._source is not None and topic == CARDS:
            self._refresh_passages()

    def _load(self, source_id: int) -> bool:
        library = self.controller.library
        source = self.controller.attempt(lambda: library.source(source_id))
        text = self.controller.attempt(lambda: library.source_text(source_id))
        if source is None or text is None:
            return False
        self._set_source(source, text)
        return True

    def _set_source(self, source: SourceRecord, text: str) -> None:
        self._source, self._text, self._offsets = source, text, TextOffsets(text)
        self.editor.set_source_text(text, self._offsets)
        self._apply_hidden()
        self._refresh_header()
        self._refresh_passages()

    def set_show_hidden(self, show: bool) -> None:
        """Show or hide the source's boilerplate lines; the text and every offset stay."""
        self._show_hidden = show
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        hidden = self._source.hidden if self._source is not None else ()
        spans = [(self._offsets.clamp_to_qt(a), self._offsets.clamp_to_qt(b)) for a, b in hidden]
        self.editor.set_hidden(spans, self._show_hidden)

    def _refresh_source(self) -> None:
        assert self._source is not None
        library = self.controller.library
        source_id = self._source.id
        try:
            source: SourceRecord | None = library.source(source_id)
        except UserError:  # the source is gone: nothing to tell the user, just close it
            source = None
        if source is None:
            self._source, self._text, self._offsets = None, "", TextOffsets("")
            self.editor.set_source_text("", self._offsets)
            self._refresh_header()
            return
        if source.content_hash != self._source.content_hash:
            scroll = self.editor.verticalScrollBar().value()
            self._set_source(source, library.source_text(source_id))
            self.editor.verticalScrollBar().setValue(scroll)
        else:
            self._source = source
            self._refresh_header()
            self._refresh_passages()

    def _refresh_header(self) -> None:
        source = self._source
        muted = colours.muted(self.palette(), background=QPalette.ColorRole.Window).name()
        if source is None:
            self.title_label.setText("<b>No source open</b>")
            self.cite_label.setText(
                f"<span style='color:{muted}'>Click a source in the Library, then "
                "select a passage to cut it as evidence.</span>"
            )
            return
        who = ", ".join(part for part in (source.author, source.qualifications) if part)
        details = [who or "Author unknown", source.outlet, source.date]
        cards = f"{source.card_count} card{'s' if source.card_count != 1 else ''} cut"
        cite = " · ".join(html.escape(part) for part in [*details, cards] if part)
        self.title_label.setText(f"<b>{html.escape(source.title)}</b>")
        self.cite_label.setText(f"<span style='color:{muted}'>{cite}</span>")

    def _refresh_passages(self) -> None:
        if self._source is None:
            return
        source_id = self._source.id
        cards = self.controller.attempt(lambda: self.controller.library.cards(source_id=source_id))
        passages = []
        for card in cards or []:
            if card.start is None or card.end is None or not card.start < card.end:
                continue
            if card.end > self._offsets.length:
                continue  # the text changed under the card; verify reports it
            start, end = self._offsets.to_qt(card.start), self._offsets.to_qt(card.end)
            passages.append(Passage(start, end, card))
        self.editor.set_passages(passages, self.controller.current_motion_id)

    def _refresh_sides(self) -> None:
        motion_id = self.controller.current_motion_id
        library = self.controller.library
        try:
            motion = library.motion(motion_id) if motion_id is not None else None
        except UserError:  # the motion was deleted: fall back to plain side names
            motion = None
        current = self.current_side() if self.side_box.count() else Side.A
        self.side_box.clear()
        for row, side in enumerate(Side):
            name = motion.side_name(side) if motion is not None else f"Side {side.value}"
            self.side_box.addItem(short_side_name(name), side.value)
            self.side_box.setItemData(row, name, Qt.ItemDataRole.ToolTipRole)
        self.set_side(current)
        self.side_box.setToolTip(
            "New cards argue for this side:\n"
            + "\n".join(str(self.side_box.itemData(i, Qt.ItemDataRole.ToolTipRole)) for i in (0, 1))
        )

    # -- actions ---------------------------------------------------------------------------

    def set_font_point_size(self, size: int) -> None:
        font = self.editor.font()
        font.setPointSize(size)
        self.editor.setFont(font)
        self.editor.update_gutter_width()

    def cut_selection(self) -> CardRecord | None:
        """Cut an evidence card on exactly the selected span and open it for tagging."""
        span = self.selection_span()
        if self._source is None or span is None:
            self.controller.userError.emit("Select the passage to quote first, then cut a card.")
            return None
        start, end = span
        if not self._cut_again(start, end):
            return None
        tag = placeholder_tag(self._text[start:end])
        card = self.controller.cut_card(
            self._source.id, start, end, tag=tag, side=self.current_side()
        )
        if card is None:
            return None
        # Drop the selection so the new passage's tint shows.
        cursor = self.editor.textCursor()
        cursor.clearSelection()
        self.editor.setTextCursor(cursor)
        self.controller.open_card(card.id)
        self.cardCut.emit(card.id)
        return card

    def _cut_again(self, start: int, end: int) -> bool:
        """Ask before cutting a span that is already a card; False opens that card instead."""
        existing = next(
            (p.card for p in self.editor.passages if (p.card.start, p.card.end) == (start, end)),
            None,
        )
        if existing is None:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Cut again?", "", parent=self)
        box.setObjectName("cutAgainQuestion")
        box.setText(f"This passage is already the card “{existing.tag}”.")
        box.setInformativeText("Cut a second card from it, or open the one you have?")
        again = box.addButton("Cut again", QMessageBox.ButtonRole.AcceptRole)
        opened = box.addButton("Open existing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(opened)
        box.exec()
        if box.clickedButton() is again:
            return True
        self.controller.open_card(existing.id)
        return False

    def context_menu(self, point: QPoint | None = None) -> QMenu:
        """The reader's context menu; ``point`` (viewport) may add "Open card"."""
        menu = QMenu(self)
        has_selection = self.selection_span() is not None
        cut = menu.addAction("C&ut Card from Selection")
        cut.setObjectName("readerCutCard")
        cut.setShortcuts(self._cut_shortcuts())
        cut.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        cut.setEnabled(has_selection)
        cut.triggered.connect(self.cut_selection)
        # The other side in one click: cutting for it also makes it the "Cut for" side.
        other = self.current_side().other
        index = self.side_box.findData(other.value)
        if index >= 0:
            cut_other = menu.addAction(f"Cut Card &for {self.side_box.itemText(index)}")
            cut_other.setObjectName("readerCutCardOther")
            cut_other.setEnabled(has_selection)
            cut_other.triggered.connect(lambda: self._cut_for(index))
        copy = menu.addAction("&Copy")
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.setEnabled(has_selection)
        copy.triggered.connect(self.editor.copy)
        passage = self.editor.passage_at(point) if point is not None else None
        if passage is not None:
            menu.addSeparator()
            tag = passage.card.tag if len(passage.card.tag) < 50 else passage.card.tag[:48] + "…"
            card_id = passage.card.id
            opened = menu.addAction(f"&Open Card “{tag}”")
            opened.triggered.connect(lambda: self.controller.open_card(card_id))
        menu.addSeparator()
        select_all = menu.addAction("Select &All")
        select_all.triggered.connect(self.editor.selectAll)
        return menu

    def _cut_for(self, index: int) -> CardRecord | None:
        self.side_box.setCurrentIndex(index)
        self.side_box.activated.emit(index)  # as if chosen in the box: it is remembered
        return self.cut_selection()

    def _cut_shortcuts(self) -> list[QKeySequence]:
        # Show the window's Cut shortcut when there is one, so the menu teaches the key.
        action = self.window().findChild(QAction, "actionCutCard")
        if isinstance(action, QAction) and action.shortcuts():
            return action.shortcuts()
        return [QKeySequence("F7")]

    def _show_context_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
        menu.exec(self.editor.viewport().mapToGlobal(point))
        menu.deleteLater()
