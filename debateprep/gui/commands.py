"""Undoable edits: each command replays the facade call (redo) or its inverse (undo).

The controller performs an action once before pushing its command, so a UserError is shown
and nothing lands on the stack; the command's first ``redo`` (which Qt calls on push) is
therefore skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand


class FacadeCommand(QUndoCommand):
    """An edit already applied once; ``redo``/``undo`` call the facade with stored values."""

    def __init__(
        self,
        text: str,
        redo: Callable[[], Any],
        undo: Callable[[], Any],
        notify: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._notify = notify
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False  # the push itself: the controller already did the work
            return
        self._redo()
        self._notify()

    def undo(self) -> None:
        self._undo()
        self._notify()
