"""The controller's brief-level edits: pockets, hats and blocks, and Send to Brief.

A mixin of :class:`~debateprep.gui.controller.Controller` (kept apart so that module stays
short): each method is one user action, one facade call and one undo step, like the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from debateprep.facade.library import Library
from debateprep.records import BriefRecord, SectionLevel, Side

T = TypeVar("T")
BRIEFS = "briefs"  # controller.BRIEFS (controller imports this module)


class _Host(Protocol):
    library: Library
    current_motion_id: int | None

    def attempt(self, action: Callable[[], T]) -> T | None: ...

    def _push(
        self, text: str, redo: Callable[[], Any], undo: Callable[[], Any], *topics: str
    ) -> None: ...


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
