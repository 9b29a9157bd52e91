"""Somebody else saved this card (or brief) since it was shown: both versions side by side.

The dialog says who changed it and when, shows their version and the user's refused one
field by field (tag, quote with its read-aloud marks, notes, labels, cite; a brief's title and
sections), marks the fields that differ, and asks: Keep Mine (save mine over theirs) or Take
Theirs (show theirs, drop mine). Closing it takes theirs: the safe choice, and undoable like
the other (Edit > Undo brings the unsaved text back).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import ConflictError
from debateprep.gui.card_parts import CITE_FIELDS, level_format
from debateprep.gui.textpos import TextOffsets
from debateprep.records import BriefRecord, CardRecord, Cite, Highlight

DIFFERS = " (differs)"


class Choice(enum.Enum):
    KEEP_MINE = "keep mine"
    TAKE_THEIRS = "take theirs"


@dataclass(frozen=True, slots=True)
class Row:
    """One field of both versions; a quote row also carries each version's marks."""

    name: str
    theirs: str
    mine: str
    theirs_marks: tuple[Highlight, ...] = ()
    mine_marks: tuple[Highlight, ...] = ()
    quote: bool = False

    @property
    def differs(self) -> bool:
        return (self.theirs, self.theirs_marks) != (self.mine, self.mine_marks)


def cite_lines(cite: Cite) -> str:
    """The cite's filled fields, one "Label: value" a line."""
    return "\n".join(
        f"{label}: {getattr(cite, name)}" for name, label in CITE_FIELDS if getattr(cite, name)
    )


def card_rows(theirs: CardRecord, mine: CardRecord) -> list[Row]:
    rows = [Row("Tag", theirs.tag, mine.tag)]
    if theirs.is_evidence:
        rows.append(
            Row("Quote", theirs.quote, mine.quote, theirs.highlights, mine.highlights, True)
        )
    rows.append(Row("Notes", theirs.notes, mine.notes))
    rows.append(Row("Labels", ", ".join(theirs.labels), ", ".join(mine.labels)))
    if theirs.is_evidence:
        rows.append(Row("Cite", cite_lines(theirs.cite), cite_lines(mine.cite)))
    if (theirs.kind, theirs.side) != (mine.kind, mine.side):
        rows.append(Row("Kind and side", _kind_side(theirs), _kind_side(mine)))
    return rows


def _kind_side(card: CardRecord) -> str:
    return f"{card.kind.value}, side {card.side.value}"


def brief_rows(theirs: BriefRecord, mine: BriefRecord) -> list[Row]:
    return [
        Row("Title", theirs.title, mine.title),
        Row("Sections", _sections(theirs), _sections(mine)),
    ]


def _sections(brief: BriefRecord) -> str:
    return "\n".join(
        f"{section.level.label}: {section.title} ({len(section.card_ids)})"
        for section in brief.sections
    )


def conflict_rows(conflict: ConflictError[Any]) -> list[Row]:
    theirs, mine = conflict.theirs, conflict.mine
    if isinstance(theirs, CardRecord) and isinstance(mine, CardRecord):
        return card_rows(theirs, mine)
    if isinstance(theirs, BriefRecord) and isinstance(mine, BriefRecord):
        return brief_rows(theirs, mine)
    return []


class ConflictDialog(QDialog):
    """Both versions, and Keep Mine / Take Theirs."""

    def __init__(self, message: str, rows: Sequence[Row], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Changed by somebody else")
        self.choice = Choice.TAKE_THEIRS  # closing the dialog takes theirs (undoable)
        self.differing = [row.name for row in rows if row.differs]
        heading = QLabel(f"{message} Keep your version, or take theirs?", self)
        heading.setObjectName("conflictMessage")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid(rows))
        buttons = QDialogButtonBox(self)
        self.keep_mine = self._button(buttons, "&Keep Mine", "conflictKeepMine", Choice.KEEP_MINE)
        self.take_theirs = self._button(
            buttons, "&Take Theirs", "conflictTakeTheirs", Choice.TAKE_THEIRS
        )
        self.keep_mine.setToolTip("Save your version over theirs (Undo puts theirs back)")
        self.take_theirs.setToolTip("Show their version; Undo brings your unsaved text back")
        self.take_theirs.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(720, 460)

    def _button(self, box: QDialogButtonBox, text: str, name: str, choice: Choice) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setObjectName(name)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()

    def _grid(self, rows: Sequence[Row]) -> QWidget:
        """Field names down the left, theirs then yours; a differing field's name says so."""
        holder = QWidget(self)
        grid = QGridLayout(holder)
        for column, title in ((1, "Theirs (saved)"), (2, "Yours (not saved)")):
            label = QLabel(f"<b>{title}</b>", holder)
            grid.addWidget(label, 0, column)
        for line, row in enumerate(rows, start=1):
            name = QLabel(f"<b>{row.name}{DIFFERS}</b>" if row.differs else row.name, holder)
            name.setAlignment(Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, line, 0)
            grid.addWidget(_value(holder, row.theirs, row.theirs_marks, row.quote), line, 1)
            grid.addWidget(_value(holder, row.mine, row.mine_marks, row.quote), line, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(rows) + 1, 1)
        return holder

    @classmethod
    def ask(cls, conflict: ConflictError[Any], parent: QWidget | None = None) -> Choice:
        dialog = cls(conflict.message, conflict_rows(conflict), parent)
        dialog.exec()
        return dialog.choice


def _value(parent: QWidget, text: str, marks: tuple[Highlight, ...], quote: bool) -> QWidget:
    """A version's value: plain text, or a quote with its marks as the card editor shows them."""
    if not quote:
        label = QLabel(text or "—", parent)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
    view = QTextEdit(parent)
    view.setReadOnly(True)
    view.setPlainText(text)
    offsets = TextOffsets(text)  # marks are Python indices, Qt counts UTF-16
    for mark in marks:
        cursor = QTextCursor(view.document())
        cursor.setPosition(offsets.clamp_to_qt(mark.start))
        cursor.setPosition(offsets.clamp_to_qt(mark.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(level_format(mark.level))
    view.setMinimumHeight(90)
    return view
