"""Undoable edits: each command replays the facade call (redo) or its inverse (undo).

The controller performs an action once before pushing its command, so a UserError is shown
and nothing lands on the stack; the command's first ``redo`` (which Qt calls on push) is
therefore skipped.

Replaying can still fail: another window or process may have deleted the card meanwhile.
A failed step changes nothing in the library, so the command remembers that its next move
in the other direction has nothing to reverse, reports the message, and the controller puts
the stack back where it was (see ``Controller.undo``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from debateprep.errors import UserError
from debateprep.records import CardRecord


class FacadeCommand(QUndoCommand):
    """An edit already applied once; ``redo``/``undo`` call the facade with stored values."""

    def __init__(
        self,
        text: str,
        redo: Callable[[], Any],
        undo: Callable[[], Any],
        notify: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._notify = notify
        self._failed = failed
        # True when the library already is in the state this direction would produce.
        self._skip_redo = True  # the push itself: the controller already did the work
        self._skip_undo = False

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        try:
            self._redo()
        except UserError as exc:
            self._skip_undo = True  # still undone: moving the stack back must not undo again
            self._failed(exc.message)
        self._notify()

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        try:
            self._undo()
        except UserError as exc:
            self._skip_redo = True  # still applied: moving the stack back must not redo it
            self._failed(exc.message)
        self._notify()


def fields_before(card: CardRecord, changes: dict[str, Any]) -> dict[str, Any]:
    """The card's values for the fields an edit changes, in edit_card's terms."""
    old: dict[str, Any] = {}
    for name in changes:
        if name == "span":
            old["span"] = (card.start, card.end)
            old["highlights"] = card.highlights
        elif name == "cite":
            old["cite"] = card.cite
        elif name == "labels":
            old["labels"] = card.labels
        else:
            old[name] = getattr(card, name)
    return old
