"""The window's claim-writing commands: New Argument, New Counterargument, Answer/Support this.

Each is one controller call (one transaction, one undo step). What a command acts on is what
the student is looking at: the claim selected in the argument map when the map has focus or
its selection shows the card in the editor, else the card in the editor. The new card is then
selected in the map (its row opened when it answers an answer), opened in the card editor,
and its placeholder tag selected for typing over.
"""

from __future__ import annotations

from typing import Protocol

from debateprep.gui.card_editor import CardEditor
from debateprep.gui.controller import Controller
from debateprep.gui.map_view import MapView
from debateprep.gui.reader import ReaderView
from debateprep.records import CardKind, CardRecord, Side

ARGUMENT_TAG = "New argument"
COUNTER_TAG = "New counterargument"


class ClaimWindow(Protocol):
    """What the claim commands need of the window."""

    controller: Controller
    map_view: MapView
    reader: ReaderView
    card_editor: CardEditor
    current_card_id: int | None

    def open_card(self, card_id: int) -> None: ...


class ClaimActions:
    """Writes claims where the student is looking; the window wires its actions here."""

    def __init__(self, window: ClaimWindow) -> None:
        self.window = window
        self.controller = window.controller
        self.map_view = window.map_view
        self.reader = window.reader
        self.editor = window.card_editor

    def _current_card(self) -> int | None:
        return self.window.current_card_id

    def _map_has_the_say(self) -> bool:
        """The map's selection is what the student means: the map has focus, or its
        selected cell shows the card in the editor."""
        if self.map_view.table.hasFocus():
            return True
        current = self._current_card()
        picked = self.map_view.selected_claim(current)
        return picked is not None and current is not None and picked[0] == current

    def target(self) -> tuple[int, int | None] | None:
        """The claim to answer or support and the anchor of its map row (None: not in the
        map's selection), or None when there is no card in front of the student."""
        if self._map_has_the_say():
            picked = self.map_view.selected_claim(self._current_card())
            if picked is not None:
                return picked
        current = self._current_card()
        return (current, None) if current is not None else None

    def answer_this(self) -> CardRecord | None:
        """A counterargument on the other side answering the target, linked, selected."""
        target = self.target()
        if target is None:
            self.controller.userError.emit("Select a claim in the argument map to answer it.")
            return None
        return self._answer(*target)

    def support_this(self) -> CardRecord | None:
        """An argument on the target's side supporting it, linked, selected."""
        target = self.target()
        if target is None:
            self.controller.userError.emit("Select a claim in the argument map to support it.")
            return None
        card = self.controller.support_claim(target[0], ARGUMENT_TAG)
        if card is not None:
            self._show(card, None)
        return card

    def _answer(self, claim_id: int, row_anchor: int | None) -> CardRecord | None:
        card = self.controller.answer_claim(claim_id, COUNTER_TAG)
        if card is not None:
            # An answer to an answer shows in the answered claim's own row: open its parent.
            self._show(card, row_anchor if row_anchor not in (None, claim_id) else None)
        return card

    def new_argument(self) -> CardRecord | None:
        """An argument on the current side: the selected map column's when the map has
        focus, else the reader's "Cut for" side."""
        side = self.map_view.selected_side() if self.map_view.table.hasFocus() else None
        card = self.controller.create_card(
            CardKind.ARGUMENT, side or self.reader.current_side(), ARGUMENT_TAG
        )
        if card is not None:
            self._show(card, None)
        return card

    def new_counterargument(self) -> CardRecord | None:
        """A counterargument answering the claim in front of the student (linked); with no
        claim there, an unlinked one on side B (it shows under "Unplaced")."""
        target = self.target()
        if target is not None and self._is_claim(target[0]):
            return self._answer(*target)
        side = Side.B
        if target is not None:
            current = self.controller.attempt(lambda: self.controller.library.card(target[0]))
            side = current.side.other if current is not None else side
        card = self.controller.create_card(CardKind.COUNTERARGUMENT, side, COUNTER_TAG)
        if card is not None:
            self._show(card, None)
        return card

    def _is_claim(self, card_id: int) -> bool:
        card = self.controller.attempt(lambda: self.controller.library.card(card_id))
        return card is not None and not card.is_evidence

    def _show(self, card: CardRecord, opening: int | None) -> None:
        self.map_view.show_new_card(card.id, opening)
        self.window.open_card(card.id)
        self.editor.focus_tag()
