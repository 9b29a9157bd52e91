"""The controller's deletions of a source or a motion with everything hanging on it.

Mixed into ``Controller`` (which stays the window's one entry point for edits): each step is
one facade call and one undo command whose undo restores the same rows, and it announces
itself on ``removed`` so the window offers Undo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import SignalInstance

from debateprep.records import DeletedRows

if TYPE_CHECKING:
    from debateprep.facade.library import Library

T = TypeVar("T")

# What changed, as in controller.py (which imports this module, so they are repeated here).
SOURCES, CARDS, LINKS, BRIEFS, MOTIONS = "sources", "cards", "links", "briefs", "motions"


class _Host(Protocol):
    library: Library
    current_motion_id: int | None

    @property
    def removed(self) -> SignalInstance: ...

    def attempt(self, action: Callable[[], T]) -> T | None: ...

    def _push(
        self, text: str, redo: Callable[[], Any], undo: Callable[[], Any], *topics: str
    ) -> None: ...

    def _remove(
        self, what: str, take: Callable[[], DeletedRows], put_back: Put, *topics: str
    ) -> DeletedRows | None: ...


Put = Callable[[DeletedRows], object]


class RemovalSteps:
    """delete_source and delete_motion for ``Controller``."""

    def delete_source(self: _Host, source_id: int, *, with_cards: bool = False) -> bool:
        """Delete a source (and, when asked, its cards with their links and brief places)."""
        library = self.library
        take = lambda: library.delete_source(source_id, with_cards=with_cards)  # noqa: E731
        topics = (SOURCES, CARDS, LINKS, BRIEFS)
        return self._remove("source", take, library.restore_source, *topics) is not None

    def delete_motion(self: _Host, motion_id: int) -> bool:
        """Delete a motion with its briefs and cards; another motion becomes current."""
        library = self.library

        def take() -> DeletedRows:
            deleted = library.delete_motion(motion_id)
            ids = [motion.id for motion in library.motions()]
            if self.current_motion_id not in ids:
                self.current_motion_id = ids[0] if ids else None
            return deleted

        def put_back(deleted: DeletedRows) -> None:
            library.restore_motion(deleted)
            self.current_motion_id = motion_id  # show what came back

        topics = (MOTIONS, CARDS, LINKS, BRIEFS, SOURCES)
        return self._remove("motion", take, put_back, *topics) is not None


def cards_too(card_ids: tuple[int, ...]) -> str:
    """ " and 3 cards" for the Undo bar; nothing when no card went."""
    count = len(card_ids)
    return f" and {count} card{'s' if count != 1 else ''}" if count else ""
