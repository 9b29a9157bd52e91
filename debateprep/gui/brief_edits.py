"""The controller's brief edits: pockets, hats and blocks, cards in and out, Send to Brief,
deleting a section or a whole brief.

A mixin of :class:`~debateprep.gui.controller.Controller` (kept apart so that module stays
short): each method is one user action, one facade call and one undo step, like the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from PySide6.QtCore import SignalInstance

from debateprep.errors import ConflictError, UserError
from debateprep.records import BriefRecord, SectionLevel, Side
from debateprep.text.plural import plural

if TYPE_CHECKING:
    from debateprep.facade.library import Library

T = TypeVar("T")
BRIEFS = "briefs"  # controller.BRIEFS (controller imports this module)


class _Host(Protocol):
    library: Library
    current_motion_id: int | None
    userError: SignalInstance
    removed: SignalInstance
    changed: SignalInstance

    def attempt(self, action: Callable[[], T]) -> T | None: ...

    def _brief_of_section(self, section_id: int) -> BriefRecord | None: ...

    def _versioned(self, action: Callable[[], T]) -> T | None: ...

    def _push(
        self, text: str, redo: Callable[[], Any], undo: Callable[[], Any], *topics: str
    ) -> None: ...

    def rename_brief(
        self,
        brief_id: int,
        title: str,
        expected_version: int | None = ...,
        keep_mine: Callable[[ConflictError[Any]], bool] | None = ...,
        text: str = ...,
    ) -> bool: ...


class BriefEdits:
    """Brief sections by level, and sending a card to a brief of its side."""

    def insert_brief_section(
        self: _Host, brief_id: int, title: str, position: int, level: SectionLevel
    ) -> int | None:
        """A new pocket, hat or block at ``position``; returns its id."""
        library = self.library
        brief = self.attempt(lambda: library.add_brief_section(brief_id, title, position, level))
        if brief is None:
            return None
        place = max(0, min(position, len(brief.sections) - 1))
        holder = {"id": brief.sections[place].id}

        def redo() -> None:
            again = library.add_brief_section(brief_id, title, position, level)
            holder["id"] = again.sections[place].id

        undo = lambda: library.remove_brief_section(holder["id"])  # noqa: E731
        self._push(f"Add {level.label.lower()}", redo, undo, BRIEFS)
        return holder["id"]

    def set_section_level(self: _Host, section_id: int, level: SectionLevel) -> bool:
        library = self.library
        old = next(
            (s.level for b in library.briefs() for s in b.sections if s.id == section_id), None
        )
        if (
            old is None
            or self.attempt(lambda: library.set_brief_section_level(section_id, level)) is None
        ):
            return False
        self._push(
            f"Make {level.label.lower()}",
            lambda: library.set_brief_section_level(section_id, level),
            lambda: library.set_brief_section_level(section_id, old),
            BRIEFS,
        )
        return True

    def send_card(
        self: _Host, card_id: int, brief_id: int, section_id: int | None
    ) -> tuple[BriefRecord, int] | None:
        """Send to Brief: the card at the end of ``section_id`` (else the brief's last block,
        else a new block); undo takes it out again, and the block too if it was made for it."""
        library = self.library
        before = self.attempt(lambda: library.brief(brief_id))
        sent = before and self.attempt(lambda: library.send_to_brief(card_id, brief_id, section_id))
        if not before or not sent:
            return None
        made = all(s.id != sent[1] for s in before.sections)
        holder = {"section": sent[1]}

        def redo() -> None:
            holder["section"] = library.send_to_brief(card_id, brief_id, section_id)[1]

        def undo() -> None:
            if made:
                library.remove_brief_section(holder["section"])
            else:
                library.remove_from_brief(holder["section"], card_id)

        self._push("Send to brief", redo, undo, BRIEFS)
        return sent

    def start_brief_with(self: _Host, side: Side, card_id: int, title: str) -> BriefRecord | None:
        """A new brief of ``side`` holding the card in its first block (one undo step)."""
        library, motion_id = self.library, self.current_motion_id
        if motion_id is None:
            return None
        brief = self.attempt(
            lambda: library.create_brief(motion_id, side, title, card_ids=[card_id])
        )
        if brief is None:
            return None
        holder = {"brief": brief}

        def redo() -> None:
            holder["brief"] = library.create_brief(motion_id, side, title, card_ids=[card_id])

        self._push("New brief", redo, lambda: library.delete_brief(holder["brief"].id), BRIEFS)
        return brief

    def add_to_brief(
        self: _Host,
        section_id: int,
        card_id: int,
        position: int | None = None,
        expected_version: int | None = None,
    ) -> bool:
        """Put a card into a section; ``expected_version`` (here and in the two below) is the
        brief's version the view showed: changed meanwhile, it is refused and reloaded."""
        library = self.library
        add = lambda: library.add_to_brief(section_id, card_id, position, expected_version)  # noqa: E731
        if self._versioned(add) is None:
            return False
        self._push(
            "Add to brief",
            lambda: library.add_to_brief(section_id, card_id, position),
            lambda: library.remove_from_brief(section_id, card_id),
            BRIEFS,
        )
        return True

    def remove_from_brief(
        self: _Host, section_id: int, card_id: int, expected_version: int | None = None
    ) -> bool:
        library = self.library
        brief = self._brief_of_section(section_id)
        if brief is None:
            return False
        section = next(s for s in brief.sections if s.id == section_id)
        position = section.card_ids.index(card_id) if card_id in section.card_ids else None
        remove = lambda: library.remove_from_brief(section_id, card_id, expected_version)  # noqa: E731
        if self._versioned(remove) is None:
            return False
        self._push(
            "Remove from brief",
            lambda: library.remove_from_brief(section_id, card_id),
            lambda: library.add_to_brief(section_id, card_id, position),
            BRIEFS,
        )
        self.removed.emit("Removed a card from the brief")
        return True

    def move_in_brief(
        self: _Host,
        section_id: int,
        card_id: int,
        to_section_id: int,
        position: int,
        expected_version: int | None = None,
    ) -> bool:
        library = self.library
        brief = self._brief_of_section(section_id)
        if brief is None:
            return False
        section = next(s for s in brief.sections if s.id == section_id)
        if card_id not in section.card_ids:
            return False
        old_position = section.card_ids.index(card_id)
        done = self._versioned(
            lambda: library.move_in_brief(
                section_id, card_id, to_section_id, position, expected_version
            )
        )
        if done is None:
            return False
        self._push(
            "Move in brief",
            lambda: library.move_in_brief(section_id, card_id, to_section_id, position),
            lambda: library.move_in_brief(to_section_id, card_id, section_id, old_position),
            BRIEFS,
        )
        return True

    def delete_brief_section(self: _Host, section_id: int) -> bool:
        """Delete a pocket, hat or block (its cards stay in the library); undo puts it back
        with its cards in their order."""
        library = self.library
        removed = self.attempt(lambda: library.remove_brief_section(section_id))
        if removed is None:
            return False
        holder = {"removed": removed}

        def redo() -> None:
            holder["removed"] = library.remove_brief_section(section_id)

        section = removed.section
        what = section.level.label.lower()
        undo = lambda: library.restore_brief_section(holder["removed"])  # noqa: E731
        self._push(f"Delete {what}", redo, undo, BRIEFS)
        self.removed.emit(f"Deleted {what} “{section.title}”" + _holding(len(section.card_ids)))
        return True

    def delete_brief(self: _Host, brief_id: int) -> bool:
        """Delete a whole brief (its cards stay in the library); undo restores it exactly."""
        library = self.library
        brief = self.attempt(lambda: library.brief(brief_id))
        deleted = self.attempt(lambda: library.delete_brief(brief_id)) if brief else None
        if brief is None or deleted is None:
            return False
        holder = {"deleted": deleted}

        def redo() -> None:
            holder["deleted"] = library.delete_brief(brief_id)

        undo = lambda: library.restore_brief(holder["deleted"])  # noqa: E731
        self._push("Delete brief", redo, undo, BRIEFS)
        self.removed.emit(f"Deleted brief “{brief.title}”" + _holding(brief.card_count))
        return True

    def rename_brief(
        self: _Host,
        brief_id: int,
        title: str,
        expected_version: int | None = None,
        keep_mine: Callable[[ConflictError[Any]], bool] | None = None,
        text: str = "Rename brief",
    ) -> bool:
        """A new title, based on the brief's version the view showed. When somebody changed
        the brief meanwhile, ``keep_mine`` (the conflict dialog) decides: keep mine renames
        over theirs (undo: their title back); take theirs leaves theirs (undo: my title)."""
        library = self.library
        try:
            before = library.brief(brief_id)
            library.rename_brief(brief_id, title, expected_version)
        except ConflictError as conflict:
            if keep_mine is None or conflict.deleted:
                self.userError.emit(conflict.message)
                return False
            theirs = cast(BriefRecord, conflict.theirs).title
            if keep_mine(conflict):
                again = f"Keep mine ({text})"
                return self.rename_brief(brief_id, title, conflict.version, keep_mine, again)
            mine = cast(BriefRecord, conflict.mine).title
            undo = lambda: library.rename_brief(brief_id, mine)  # noqa: E731
            redo = lambda: library.rename_brief(brief_id, theirs)  # noqa: E731
            self._push(f"Take theirs ({text})", redo, undo, BRIEFS)
            return False
        except UserError as exc:
            self.userError.emit(exc.message)
            return False
        old = before.title
        redo = lambda: library.rename_brief(brief_id, title)  # noqa: E731
        self._push(text, redo, lambda: library.rename_brief(brief_id, old), BRIEFS)
        return True

    def _versioned(self: _Host, action: Callable[[], T]) -> T | None:
        """``attempt`` for an edit based on the version a view showed: when somebody changed
        the brief meanwhile, say so and reload the views (they show theirs, to edit again)."""
        try:
            return action()
        except ConflictError as conflict:
            self.userError.emit(conflict.message)
            self.changed.emit(BRIEFS)
        except UserError as exc:
            self.userError.emit(exc.message)
        return None

    def _brief_of_section(self: _Host, section_id: int) -> BriefRecord | None:
        for brief in self.library.briefs():
            if any(section.id == section_id for section in brief.sections):
                return brief
        self.userError.emit(f"There is no brief section with id {section_id}.")
        return None


def _holding(cards: int) -> str:
    """ " (3 cards)" after a deleted section or brief; nothing when it held none."""
    return f" ({plural(cards, 'card')})" if cards else ""
