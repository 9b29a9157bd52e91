"""Parts of the card editor: the evidence quote with its read-aloud marks and cite, the list of
a card's links, and the pure span arithmetic behind marking.

The parts only show and report: they emit signals, and the card editor turns those into
controller calls, so every edit still goes through one place.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QFont,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from debateprep.gui import colours
from debateprep.gui.cardmodels import CardIdRole, CardLinksModel, LinkRow
from debateprep.gui.textpos import TextOffsets
from debateprep.records import CardRecord, Cite, Highlight, ReadLevel
from debateprep.text.cite_gaps import gaps_note

logger = logging.getLogger(__name__)

Span = tuple[int, int]
_WIN = QPalette.ColorRole.Window  # the note sits on the group box, not on a text field
CITE_FIELDS = (
    ("author", "Author"),
    ("qualifications", "Qualifications"),
    ("date", "Date"),
    ("title", "Title"),
    ("outlet", "Outlet"),
    ("url", "URL"),
    ("accessed", "Accessed"),
    # Who is quoted, when not the author: the cite then reads "Speaker, quals, quoted in …".
    ("speaker", "Speaker"),
    ("speaker_quals", "Speaker quals"),
)
HIGHLIGHT_BACKGROUND = "#fff176"  # the yellow debaters read aloud from
# The card editor's empty state names the real ways to a card.
EMPTY_TEXT = (
    "No card selected. Click a claim in the map or a search result, select a passage in the "
    "reader and press F7 to cut one, or press Ctrl+Shift+A for a new argument."
)


# (objectName, text, key, level or "clear"): Verbatim's F9-F12.
LEVEL_KEYS = (
    ("actionMarkUnderline", "Underline", "F9", ReadLevel.UNDERLINE.value),
    ("actionMarkEmphasis", "Emphasis", "F10", ReadLevel.EMPHASIS.value),
    ("actionMarkReadAloud", "Mark read-aloud", "F11", ReadLevel.HIGHLIGHT.value),
    ("actionClearMarks", "Clear marks", "F12", "clear"),
)


def level_format(level: ReadLevel) -> QTextCharFormat:
    """How a level looks in the quote: underlined; bold underlined; bold on yellow."""
    marked = QTextCharFormat()
    if level is ReadLevel.HIGHLIGHT:
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(QColor(HIGHLIGHT_BACKGROUND))
        marked.setForeground(QColor("black"))  # readable on yellow under a dark theme too
    else:
        marked.setFontUnderline(True)
        if level is ReadLevel.EMPHASIS:
            marked.setFontWeight(QFont.Weight.Bold)
    return marked


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def trim_span(text: str, start: int, end: int) -> Span:
    """A selection without the white space at its edges (double-click selects a trailing one)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def set_line(edit: QLineEdit, value: str, force: bool) -> None:
    """Show a stored value, unless the user is typing in the field (and ``force`` is off)."""
    if not force and edit.hasFocus() and edit.isModified():
        return  # their edit is saved when they finish the field
    if edit.text() != value:
        edit.setText(value)
        edit.setCursorPosition(0)
    edit.setModified(False)


class ButtonRow(QWidget):
    """Buttons side by side, or one under another when the dock is too narrow for them,
    so the card editor never needs a sideways scroll bar (900x600 screens)."""

    def __init__(self, buttons: Sequence[QPushButton], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons = list(buttons)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        for button in self.buttons:
            self._layout.addWidget(button)
        self._layout.addStretch(1)
        sizes = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sizes.setHeightForWidth(True)
        self.setSizePolicy(sizes)

    def _row_width(self) -> int:
        spacing = self._layout.spacing() * (len(self.buttons) - 1)
        return sum(button.sizeHint().width() for button in self.buttons) + spacing

    def _stacked_height(self) -> int:
        spacing = self._layout.spacing() * (len(self.buttons) - 1)
        return sum(button.sizeHint().height() for button in self.buttons) + spacing

    def minimumSizeHint(self) -> QSize:
        return QSize(max(b.sizeHint().width() for b in self.buttons), self._stacked_height())

    def sizeHint(self) -> QSize:
        return QSize(self._row_width(), max(b.sizeHint().height() for b in self.buttons))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.sizeHint().height() if width >= self._row_width() else self._stacked_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self._row_width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
            self.updateGeometry()
        super().resizeEvent(event)


def narrow_form() -> QFormLayout:
    """A form whose labels go above their fields when the dock is narrow."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class NotesEdit(QPlainTextEdit):
    """Multi-line notes that report, like QLineEdit, when the user leaves them."""

    editingFinished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class EvidencePart(QGroupBox):
    """An evidence card's read-only quote (read-aloud parts bold on yellow) and its cite."""

    markRequested = Signal(str)  # toggle a level (ReadLevel value) on the selection, or "clear"
    sourceRequested = Signal()  # show the quote in its source
    citeFinished = Signal()  # the user left a cite field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Quote and cite", parent)
        self._shown: tuple[int, str, tuple[Highlight, ...]] | None = None
        self.quote = QTextEdit(self)
        self.quote.setObjectName("cardQuote")
        self.quote.setAccessibleName("Quote")
        self.quote.setReadOnly(True)
        self.quote.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.quote.setMinimumHeight(110)
        self.quote.setToolTip(
            "Select words, then F9 underline, F10 emphasis, F11 highlight, F12 clear"
        )
        self.level_actions = [self._level_action(*entry) for entry in LEVEL_KEYS]
        self.mark_action = self.level_actions[2]  # F11: highlight, what is read aloud
        self.mark_button = QPushButton("Mark read-aloud", self)
        self.mark_button.setObjectName("markReadAloud")
        self.mark_button.setToolTip("Highlight the selected words, or clear them (F11)")
        self.mark_button.clicked.connect(lambda: self.markRequested.emit(ReadLevel.HIGHLIGHT.value))
        self.source_button = QPushButton("Show in source", self)
        self.source_button.setObjectName("showInSource")
        self.source_button.clicked.connect(self.sourceRequested.emit)
        self.quote.copyAvailable.connect(self._selection_changed)
        buttons = ButtonRow([self.mark_button, self.source_button], self)
        self.cite: dict[str, QLineEdit] = {}
        form = narrow_form()
        for name, label in CITE_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"cite_{name}")
            edit.setAccessibleName(label)
            edit.editingFinished.connect(self.citeFinished.emit)
            self.cite[name] = edit
            form.addRow(label, edit)
        # "cite incomplete: no date": muted, readable (colours.muted keeps AA contrast).
        self.gap_note = QLabel(self)
        self.gap_note.setObjectName("citeGaps")
        self.gap_note.setWordWrap(True)
        self.gap_note.setStyleSheet(
            f"color: {colours.muted(self.palette(), background=_WIN).name()}"
        )
        self.gap_note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote)
        layout.addWidget(buttons)
        layout.addLayout(form)
        layout.addWidget(self.gap_note)
        self._selection_changed(False)

    def _level_action(self, name: str, text: str, key: str, level: str) -> QAction:
        # Verbatim's keys, live only while focus is in this part (the quote or the cite).
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self.markRequested.emit(level))
        self.addAction(action)
        return action

    def show_card(self, card: CardRecord, force: bool) -> None:
        for name, edit in self.cite.items():
            set_line(edit, getattr(card.cite, name), force)
        note = gaps_note(card.cite)
        self.gap_note.setText(note)
        self.gap_note.setVisible(bool(note))
        shown = (card.id, card.quote, card.highlights)
        if shown != self._shown:  # re-rendering would drop the user's selection
            same_card = self._shown is not None and self._shown[0] == card.id
            self._render(card, same_card)
            self._shown = shown
        self.source_button.setEnabled(card.source_id is not None)

    def _render(self, card: CardRecord, same_card: bool) -> None:
        scroll = self.quote.verticalScrollBar().value() if same_card else 0
        self.quote.setPlainText(card.quote)
        offsets = TextOffsets(card.quote)  # spans are Python indices, Qt counts UTF-16
        for mark in card.highlights:
            cursor = QTextCursor(self.quote.document())
            cursor.setPosition(offsets.clamp_to_qt(mark.start))
            cursor.setPosition(offsets.clamp_to_qt(mark.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(level_format(mark.level))
        self.quote.verticalScrollBar().setValue(scroll)
        self._selection_changed(False)

    def select(self, quote: str, start: int, end: int) -> None:
        """Select ``quote[start:end]`` (Python indices), as a user's drag would."""
        offsets = TextOffsets(quote)
        cursor = QTextCursor(self.quote.document())
        cursor.setPosition(offsets.clamp_to_qt(start))
        cursor.setPosition(offsets.clamp_to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.quote.setTextCursor(cursor)
        self._selection_changed(cursor.hasSelection())

    def selected_span(self, quote: str) -> Span | None:
        """The selection as Python indices into ``quote``, trimmed; None when empty."""
        cursor = self.quote.textCursor()
        if not cursor.hasSelection():
            return None
        offsets = TextOffsets(quote)
        start = offsets.clamp_from_qt(cursor.selectionStart())
        end = offsets.clamp_from_qt(cursor.selectionEnd())
        start, end = trim_span(quote, start, end)
        return (start, end) if start < end else None

    def cite_value(self) -> Cite:
        return Cite(**{name: " ".join(edit.text().split()) for name, edit in self.cite.items()})

    def cite_modified(self) -> bool:
        return any(edit.isModified() for edit in self.cite.values())

    def mark_cite_finished(self) -> None:
        for edit in self.cite.values():
            edit.setModified(False)

    def _selection_changed(self, selected: bool) -> None:
        self.mark_button.setEnabled(selected)
        for action in self.level_actions:
            action.setEnabled(selected)


class LinksPart(QGroupBox):
    """A card's links ("supports → tag", "answered by ← tag") with Link to… and Unlink."""

    openRequested = Signal(int)  # the card at the other end of a link
    linkRequested = Signal()
    unlinkRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Links", parent)  # a long title would set the editor's minimum width
        self.setToolTip("Drop a card here to link it to this card")
        self.model = CardLinksModel(self)
        self.view = QListView(self)
        self.view.setObjectName("cardLinks")
        self.view.setAccessibleName("Card links")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)  # to the brief builder
        # Long tags end in "…" rather than a sideways scroll; the tooltip has the whole tag.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setMinimumHeight(70)
        self.view.setMaximumHeight(140)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.model.modelReset.connect(self.update_buttons)
        self.link_button = QPushButton("Link to…", self)
        self.link_button.setObjectName("linkTo")
        self.link_button.setToolTip("Pick a claim this card supports or answers")
        self.link_button.clicked.connect(self.linkRequested.emit)
        self.unlink_button = QPushButton("Unlink", self)
        self.unlink_button.setObjectName("unlink")
        self.unlink_button.clicked.connect(self.unlinkRequested.emit)
        hint = QLabel("Drop a card here to link it.", self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(hint)
        layout.addWidget(ButtonRow([self.link_button, self.unlink_button], self))
        self.update_buttons()

    def set_rows(self, rows: Sequence[LinkRow]) -> None:
        self.model.set_rows(rows)

    def selected_row(self) -> LinkRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row, 0))

    def update_buttons(self) -> None:
        self.unlink_button.setEnabled(self.selected_row() is not None)

    def _open(self, index: QModelIndex) -> None:
        card_id = index.data(CardIdRole)
        if card_id is not None:
            self.openRequested.emit(card_id)
