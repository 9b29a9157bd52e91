"""HTML flowed onto pages by QTextDocument, with no heading left at the foot of a page.

QTextDocument has no ``break-after: avoid``, so a card's tag and cite could end a page with
the quote overleaf. :func:`laid_out_document` lays the adapted packet HTML (see
:mod:`.qt_html`) out on pages and moves such headings to the next page, in time linear in the
packet's length (:class:`_Sections`), reporting progress as it goes.
"""

from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPaintDevice,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextOption,
)

from debateprep.progress import Report, ignore
from debateprep.render.qt_html import HEADING_LEVELS

BODY_FONT = ("Georgia", "DejaVu Serif", "Times New Roman", "serif")


def _configured(document: QTextDocument) -> QTextDocument:
    # Nothing is undone here: an undo history would keep a copy of every change.
    document.setUndoRedoEnabled(False)
    # Margins come from the page layout; the document's own would repeat on every page.
    document.setDocumentMargin(0)
    font = QFont()
    font.setFamilies(list(BODY_FONT))
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    option = QTextOption()
    # A URL or a long token breaks inside itself rather than running out of its cell.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    return document


def laid_out_document(
    device: QPaintDevice, body: QSizeF, html: str, report: Report | None = None
) -> QTextDocument:
    """The HTML laid out on pages of ``body``'s size, headings kept with what they head.

    The HTML is read into a document that is never laid out; its content is then copied,
    a heading's section at a time, to the end of the one that is (see :class:`_Sections`).
    """
    source = _configured(QTextDocument())
    source.setHtml(html)
    document = _configured(QTextDocument())
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(body)
    document.rootFrame().setFrameFormat(source.rootFrame().frameFormat())
    _keep_headings_with_next(_Sections(source, document), body.height(), report or ignore)
    _finish_layout(document)
    return document


def _finish_layout(document: QTextDocument) -> None:
    """Lay out again, whole, a document whose incremental relayout left blocks unplaced.

    A format change inside a table can leave the blocks after it without lines, and no
    event loop runs here to finish them; a page would then come out blank.
    """
    block = document.begin()
    while block.isValid():
        if block.length() > 1 and not block.layout().lineCount():
            document.markContentsDirty(0, document.characterCount())
            document.documentLayout().documentSize()
            return
        block = block.next()


def page_of(y: float, page_height: float) -> int:
    """The 0-based page a document coordinate falls on."""
    return int(y // page_height)


def is_heading(block: QTextBlock) -> bool:
    """A heading, by the level :func:`.qt_html.adapt_for_qt` stored in the block's user state."""
    return 1 <= block.userState() <= HEADING_LEVELS


def first_line_bottom(block: QTextBlock, layout: QAbstractTextDocumentLayout) -> float:
    """Where the first line of ``block`` ends, in document coordinates."""
    rect = layout.blockBoundingRect(block)
    lines = block.layout()
    return rect.top() + (lines.lineAt(0).height() if lines.lineCount() else rect.height())


class _Sections:
    """Copies a document's content, a heading's section at a time, to the end of another.

    Laying out a packet of 2,000 sources in one piece and then moving headings that would
    end a page cost a layout of everything after each moved heading (quadratic: minutes).
    Here the laid-out document only ever holds what the heading pass has reached and one
    section more, so moving a heading lays out again just those few blocks. A section's
    layout never depends on what follows it, and the copy keeps every format (the same
    HTML comes out of both documents), so the result is the layout of the whole.
    """

    def __init__(self, source: QTextDocument, target: QTextDocument) -> None:
        self.source, self.target = source, target
        self._starts = [block.position() for block in _run_starts(source)]
        self._starts.append(source.characterCount() - 1)  # the end of the content
        self._copied = 0  # sections copied so far
        self._cursor = QTextCursor(target)

    def through(self, position: int) -> None:
        """Copy whole sections until the one holding ``position`` and the next are there."""
        # The first k sections end where section k starts (self._starts[k - 1]).
        while self._copied < len(self._starts) and (
            self._copied < 2 or self._starts[self._copied - 2] <= position
        ):
            self._copy_next()

    def everything(self) -> None:
        while self._copied < len(self._starts):
            self._copy_next()

    def _copy_next(self) -> None:
        start = self._starts[self._copied - 1] if self._copied else 0
        end = self._starts[self._copied]
        if end > start:
            selection = QTextCursor(self.source)
            selection.setPosition(start)
            selection.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self._cursor.movePosition(QTextCursor.MoveOperation.End)
            self._cursor.insertFragment(QTextDocumentFragment(selection))
            # Finish laying out the new part now: Qt's lazy layout, left to run in later
            # event-loop steps that never come here, misplaces what is changed meanwhile.
            self.target.documentLayout().documentSize()
        self._copied += 1

    def done(self) -> tuple[int, int]:
        """(characters copied, characters in all), for progress."""
        copied = self._starts[self._copied - 1] if self._copied else 0
        return copied, self._starts[-1]


def _run_starts(document: QTextDocument) -> list[QTextBlock]:
    """The first heading of each run of headings (the sections :class:`_Sections` copies)."""
    starts = []
    block, previous_heading = document.begin(), True
    while block.isValid():
        heading = is_heading(block)
        if heading and not previous_heading:
            starts.append(block)
        previous_heading = heading
        block = block.next()
    return starts


def _keep_headings_with_next(
    sections: _Sections, page_height: float, report: Report = ignore
) -> None:
    """Move headings that would end a page to the next one, with what they head.

    QTextDocument has no ``break-after: avoid``: a card's tag and cite could sit at the foot
    of a page with the quote overleaf. A run of headings stays with the next paragraph and,
    when that is short (a cite line), with the first line of the one after it too. Each
    change moves what follows, so headings are taken in document order, as their sections
    are copied in. ``report`` hears (characters laid out, characters in all, "Laying out
    pages") and may raise to stop.
    """
    document = sections.target
    layout = document.documentLayout()
    sections.through(0)
    block = document.begin()
    while block.isValid():
        sections.through(block.position())
        if not is_heading(block):
            block = block.next()
            continue
        last = block
        while last.next().isValid() and is_heading(last.next()):
            last = last.next()
        kept = last.next()
        if kept.isValid() and kept.layout().lineCount() <= 2 and kept.next().isValid():
            kept = kept.next()
        top = layout.blockBoundingRect(block).top()
        at_page_top = top % page_height < page_height * 0.05
        bottom = first_line_bottom(kept, layout) if kept.isValid() else top
        if not at_page_top and page_of(top, page_height) != page_of(bottom - 1, page_height):
            block_format = QTextBlockFormat(block.blockFormat())
            block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(block_format)
        report(*sections.done(), "Laying out pages")
        block = last.next()
    sections.everything()
