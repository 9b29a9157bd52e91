"""Dropping cards on the card editor links them to its card, one undo step per drop.

A mixin of :class:`~debateprep.gui.card_editor.CardEditor`. Its text fields forward card drops
here (through the editor's event filter), so a drop on the Tag field links the card instead of
pasting its text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from debateprep.gui.controller import Controller
from debateprep.gui.link_picker import default_link_kind
from debateprep.gui.mime import CARD_IDS_MIME, card_ids_from_mime
from debateprep.records import CardRecord


class CardDrops(QWidget):
    """Accepts dragged cards (from the map, the brief, search) and links them."""

    card: CardRecord | None
    controller: Controller

    _fetch: Callable[[int], CardRecord | None]  # the editor's read of a card (None: gone)

    def link_dropped(self, card_ids: Sequence[int]) -> int:
        """Link each dropped card X to the shown card Y; returns how many links were made.

        X supports Y if X is evidence; X answers Y if their sides differ; else X supports Y.
        Dropping a claim on an evidence card links the other way (evidence is never a target).
        """
        shown = self.card
        if shown is None:
            return 0
        dropped = [self._fetch(i) for i in dict.fromkeys(card_ids) if i != shown.id]
        pairs = [(card, shown) for card in dropped if card is not None]
        pairs = [(t, s) if t.is_evidence and not s.is_evidence else (s, t) for s, t in pairs]
        stack = self.controller.undo_stack
        if len(pairs) > 1:
            stack.beginMacro("Link dropped cards")  # one drop, one undo step
        try:
            made = [
                self.controller.link(source.id, target.id, default_link_kind(source, target))
                for source, target in pairs
            ]
        finally:
            if len(pairs) > 1:
                stack.endMacro()
        return sum(1 for link in made if link is not None)

    def _droppable(self, data: QMimeData | None) -> list[int]:
        if self.card is None or data is None or not data.hasFormat(CARD_IDS_MIME):
            return []
        return [i for i in card_ids_from_mime(data) if i != self.card.id]

    def _accept_drag(self, event: QDropEvent) -> None:
        if self._droppable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        ids = self._droppable(event.mimeData())
        if ids:
            event.acceptProposedAction()
            self.link_dropped(ids)
        else:
            event.ignore()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A text field would paste a card drop's text ("card 12"); link the card instead.
        if isinstance(event, QDropEvent) and event.mimeData().hasFormat(CARD_IDS_MIME):
            if isinstance(event, QDragMoveEvent):  # a drag enter is a drag move too
                self._accept_drag(event)
            else:
                self.dropEvent(event)
            return True
        return super().eventFilter(watched, event)
