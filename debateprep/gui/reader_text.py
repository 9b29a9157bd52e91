"""The reader's text widget: a read-only QPlainTextEdit with paragraph numbers in a left
gutter (after Qt's code editor example) and evidence passages tinted by side.

Positions here are document (UTF-16) positions; ``reader.ReaderView`` converts them to and
from Python indices with ``textpos``. Paragraphs are numbered exactly as the classroom packet
numbers them (``exporters.markdown_text.paragraph_spans``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from debateprep.gui.textpos import TextOffsets
from debateprep.records import CardRecord, Side
from debateprep.text.markdown_text import paragraph_spans

logger = logging.getLogger(__name__)

# Light tints (dark-theme variants second) that keep black or white text readable.
SIDE_TINTS = {Side.A: ("#d7e7fb", "#284766"), Side.B: ("#fde3c6", "#5f4020")}
SIDE_LINES = {Side.A: "#7ea6d8", Side.B: "#e0a566"}


@dataclass(frozen=True, slots=True)
class Passage:
    """A highlighted evidence card, in document (UTF-16) positions."""

    start: int
    end: int
    card: CardRecord


class _Gutter(QWidget):
    """The strip left of the text where paragraph numbers are painted."""

    def __init__(self, editor: SourceText) -> None:
        super().__init__(editor)
        self._editor = editor

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_gutter(event)


class SourceText(QPlainTextEdit):
    """Read-only source text with a paragraph-number gutter and clickable passages."""

    passageClicked = Signal(int)  # card id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self.setAccessibleName("Source reader")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setPlaceholderText(
            "Choose a source in the Library to read it here, or paste an article with F2."
        )
        self.passages: list[Passage] = []
        self._paragraph_of_block: dict[int, int] = {}
        self._press: QPoint | None = None
        self.gutter = _Gutter(self)
        self.blockCountChanged.connect(self.update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self.update_gutter_width()

    def set_source_text(self, text: str, offsets: TextOffsets) -> None:
        """Show ``text`` so that document positions are exactly its UTF-16 positions."""
        self.passages = []
        self.setExtraSelections([])
        if "\r\n" not in text:
            self.setPlainText(text)
        else:
            # Qt folds "\r\n" into one paragraph break; inserting the halves separately
            # keeps one document position per UTF-16 unit.
            self.clear()
            cursor = QTextCursor(self.document())
            for number, piece in enumerate(text.split("\r\n")):
                if number:
                    cursor.insertText("\r")
                    cursor.insertText("\n")
                cursor.insertText(piece)
            self.moveCursor(QTextCursor.MoveOperation.Start)
        if self.document().characterCount() - 1 != offsets.qt_length:
            logger.warning("reader document length differs from the source text's")
        self._paragraph_of_block = {}
        for number, (start, _end) in enumerate(paragraph_spans(text), start=1):
            block = self.document().findBlock(offsets.to_qt(start))
            self._paragraph_of_block.setdefault(block.blockNumber(), number)
        self.update_gutter_width()
        self.gutter.update()

    def set_hidden(self, spans: list[tuple[int, int]], show: bool) -> None:
        """Hide the blocks (lines) inside ``spans`` (document positions) unless ``show``.

        The text is untouched, so positions, selections and cuts map exactly as before; a
        hidden line is only not laid out (QPlainTextEdit skips invisible blocks).
        """
        document = self.document()
        block = document.firstBlock()
        spans = sorted(spans)
        index = 0
        while block.isValid():
            start, end = block.position(), block.position() + block.length() - 1
            while index < len(spans) and spans[index][1] < start:
                index += 1
            inside = index < len(spans) and spans[index][0] <= start and end <= spans[index][1]
            block.setVisible(show or not (inside and end > start))
            block = block.next()
        document.markContentsDirty(0, document.characterCount())
        self.viewport().update()
        self.gutter.update()

    def paragraph_numbers(self) -> dict[int, int]:
        """Block number -> the paragraph number painted beside that block."""
        return dict(self._paragraph_of_block)

    def set_passages(self, passages: list[Passage], motion_id: int | None = None) -> None:
        """Tint the cut passages by side; cards of another motion than ``motion_id`` get
        only a dotted underline, so switching motion changes the tints too."""
        self.passages = passages
        dark = self.palette().base().color().lightness() < 128
        selections = []
        for passage in passages:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(passage.start)
            cursor.setPosition(passage.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            other = motion_id is not None and passage.card.motion_id not in (None, motion_id)
            if other:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(self.palette().placeholderText().color())
            else:
                fmt.setBackground(QColor(SIDE_TINTS[passage.card.side][1 if dark else 0]))
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(QColor(SIDE_LINES[passage.card.side]))
            fmt.setToolTip(passage.card.tag)
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    def passage_at(self, point: QPoint) -> Passage | None:
        """The innermost highlighted passage under a viewport point."""
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        # cursorForPosition gives the nearest gap between characters; the character
        # clicked is the one after the gap unless the click fell left of it.
        if point.x() < self.cursorRect(cursor).left() and position > 0:
            position -= 1
        hits = [p for p in self.passages if p.start <= position < p.end]
        return min(hits, key=lambda p: p.end - p.start) if hits else None

    # -- events ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Word's paragraph keys, which debaters cut with: Ctrl+Down / Ctrl+Up go to the next /
        this or the previous paragraph; with Shift they extend the selection to its end / start."""
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.setTextCursor(
                paragraph_move(self.textCursor(), event.key() == Qt.Key.Key_Down, shift)
            )
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        pressed, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        if pressed is None or (point - pressed).manhattanLength() > (
            QApplication.startDragDistance()
        ):
            return  # a drag, not a click
        passage = self.passage_at(point)
        if passage is not None:
            self.passageClicked.emit(passage.card.id)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)
            passage = self.passage_at(help_event.pos())
            if passage is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(
                    help_event.globalPos(),
                    f"{passage.card.tag}\n(side {passage.card.side.value}; click to open the card)",
                    self.viewport(),
                )
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    # -- gutter (after Qt's code editor example) -------------------------------------------

    def gutter_width(self) -> int:
        largest = max(self._paragraph_of_block.values(), default=9)
        return self.fontMetrics().horizontalAdvance("¶" + "9" * len(str(largest))) + 14

    def update_gutter_width(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self.update_gutter_width()

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self.gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.window())
        font = self.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(palette.placeholderText().color())
        line_height = self.fontMetrics().height()
        width = self.gutter.width() - 6
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        while block.isValid() and top <= event.rect().bottom():
            paragraph = self._paragraph_of_block.get(number)
            if paragraph is not None and block.isVisible() and bottom >= event.rect().top():
                painter.drawText(
                    0,
                    top,
                    width,
                    line_height,
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    f"¶{paragraph}",
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()


def paragraph_move(cursor: QTextCursor, down: bool, select: bool) -> QTextCursor:
    """The cursor moved as Word's Ctrl(+Shift)+Down/Up move it; blank lines are skipped.

    Down without Shift goes to the start of the next paragraph; with Shift, to the end of the
    paragraph the cursor is in (or of the next one when it already is at an end). Up goes to
    the start of this paragraph, or of the previous one when already there.
    """
    mode = QTextCursor.MoveMode.KeepAnchor if select else QTextCursor.MoveMode.MoveAnchor
    moved = QTextCursor(cursor)
    block = moved.block()
    if down:
        at_end = moved.position() == block.position() + block.length() - 1
        if select and not at_end and block.text().strip():
            moved.setPosition(block.position() + block.length() - 1, mode)
            return moved
        block = block.next()
        while block.isValid() and not block.text().strip():
            block = block.next()
        if not block.isValid():
            moved.movePosition(QTextCursor.MoveOperation.End, mode)
        elif select:
            moved.setPosition(block.position() + block.length() - 1, mode)
        else:
            moved.setPosition(block.position(), mode)
        return moved
    if moved.position() > block.position() and block.text().strip():
        moved.setPosition(block.position(), mode)
        return moved
    block = block.previous()
    while block.isValid() and not block.text().strip():
        block = block.previous()
    moved.setPosition(block.position() if block.isValid() else 0, mode)
    return moved
