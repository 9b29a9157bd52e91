"""The controller's card saves, and what happens when one is refused because somebody else
saved the card since the editor showed it.

A mixin of :class:`~debateprep.gui.controller.Controller` (kept apart so that module stays
short). An edit passes the version the editor showed; a ``ConflictError`` goes to the
caller's ``on_conflict`` (the card editor asks "keep mine or take theirs"). Both answers are
undo steps: Keep Mine is the same edit saved over theirs, and undoing it puts theirs back;
Take Theirs changes nothing in the library, only what the editor shows, and undoing it brings
the user's unsaved text back into the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoCommand, QUndoStack

from debateprep.errors import ConflictError, UserError
from debateprep.gui.commands import fields_before
from debateprep.records import CardRecord

if TYPE_CHECKING:
    from debateprep.facade.library import Library

T = TypeVar("T")
CARDS = "cards"  # controller.CARDS (controller imports this module)
OnConflict = Callable[[ConflictError[Any]], bool]


class _Host(Protocol):
    library: Library
    undo_stack: QUndoStack
    userError: SignalInstance
    changed: SignalInstance

    def attempt(self, action: Callable[[], T]) -> T | None: ...

    def _push(
        self, text: str, redo: Callable[[], Any], undo: Callable[[], Any], *topics: str
    ) -> None: ...

    def edit_card(
        self,
        card_id: int,
        text: str = ...,
        *,
        expected_version: int | None = ...,
        on_conflict: OnConflict | None = ...,
        **changes: Any,
    ) -> bool: ...


class ViewCommand(QUndoCommand):
    """An undo step that changes only what a view shows (Take Theirs): ``redo`` runs on push."""

    def __init__(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        super().__init__(text)
        self._show_redo = redo
        self._show_undo = undo

    def redo(self) -> None:
        self._show_redo()

    def undo(self) -> None:
        self._show_undo()


class CardSaves:
    """Saving card fields as undo steps, and the two ways out of a refused save."""

    def edit_card(
        self: _Host,
        card_id: int,
        text: str = "Edit card",
        *,
        expected_version: int | None = None,
        on_conflict: OnConflict | None = None,
        **changes: Any,
    ) -> bool:
        """Change card fields (tag, notes, labels, side, kind, highlights, cite, span).

        With ``expected_version`` a save over somebody else's newer change is refused: the
        conflict goes to ``on_conflict`` (its answer is returned), or is shown as a message.
        """
        library = self.library
        try:
            before: CardRecord | None = library.card(card_id)  # the values undo puts back
        except UserError:
            before = None  # gone meanwhile: the edit below says so (and, with a version, who)
        try:
            library.edit_card(card_id, expected_version=expected_version, **changes)
        except ConflictError as conflict:
            if on_conflict is None or conflict.deleted:
                self.userError.emit(conflict.message)
                return False
            return on_conflict(conflict)
        except UserError as exc:
            self.userError.emit(exc.message)
            return False
        if before is None:  # created again meanwhile (an undo in another window)
            return False
        old = fields_before(before, changes)
        self._push(
            text,
            lambda: library.edit_card(card_id, **changes),
            lambda: library.edit_card(card_id, **old),
            CARDS,
        )
        return True

    def keep_mine(
        self: _Host,
        card_id: int,
        text: str,
        conflict: ConflictError[Any],
        changes: dict[str, Any],
        on_conflict: OnConflict | None = None,
    ) -> bool:
        """Save the refused edit over theirs (one undo step; undo puts theirs back). Somebody
        saving yet again meanwhile is one more conflict for ``on_conflict``."""
        return self.edit_card(
            card_id,
            f"Keep mine ({text})",
            expected_version=conflict.version,
            on_conflict=on_conflict,
            **changes,
        )

    def take_theirs(
        self: _Host, text: str, show_theirs: Callable[[], None], show_mine: Callable[[], None]
    ) -> None:
        """Drop the refused edit for their version: ``show_theirs`` now and on redo, and
        ``show_mine`` (the user's unsaved text, back in the editor) on undo."""

        def theirs() -> None:
            show_theirs()
            self.changed.emit(CARDS)  # other views may still show the card as it was

        self.undo_stack.push(ViewCommand(f"Take theirs ({text})", theirs, show_mine))
