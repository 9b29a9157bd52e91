"""The window's single entry point for edits: each method is one user action.

It calls the facade once, turns a UserError into the ``userError`` signal (the window shows it
as a message), and pushes an undo command that can replay or reverse the action with the
stored ids and before/after values. Panels never call editing facade methods themselves; they
read through ``library`` and edit through here, then refresh on ``changed``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.gui.brief_edits import BriefEdits
from debateprep.gui.commands import FacadeCommand
from debateprep.gui.import_summary import ImportedSources
from debateprep.gui.tasks import TaskRunner
from debateprep.records import (
    BriefRecord,
    CardKind,
    CardRecord,
    LinkKind,
    LinkRecord,
    MotionRecord,
    Side,
    SourceRecord,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What changed, so panels refresh only what they show.
SOURCES, CARDS, LINKS, BRIEFS, MOTIONS = "sources", "cards", "links", "briefs", "motions"


class Controller(BriefEdits, QObject):
    changed = Signal(str)  # one of the topics above
    userError = Signal(str)  # a message the user can act on
    cardActivated = Signal(int)  # open this card in the editor
    sourceRequested = Signal(int, int, int)  # source id, start, end: show and select

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        # Every thread the window uses, so closing has one path (TaskRunner.shutdown).
        self.tasks = TaskRunner(self)
        self._replay_failures: list[str] = []
        self.current_motion_id: int | None = None
        motions = library.motions()
        if motions:
            self.current_motion_id = motions[0].id

    # -- plumbing --------------------------------------------------------------------------

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run a facade call; a UserError becomes a message and None."""
        try:
            return action()
        except UserError as exc:
            logger.info("user error: %s", exc.message)
            self.userError.emit(exc.message)
            return None

    def _push(
        self, text: str, redo: Callable[[], Any], undo: Callable[[], Any], *topics: str
    ) -> None:
        def notify() -> None:
            for topic in topics:
                self.changed.emit(topic)

        failed = self._replay_failures.append
        self.undo_stack.push(FacadeCommand(text, redo, undo, notify, failed))
        notify()

    def undo(self) -> bool:
        """Undo the last step; if the library refuses, the stack stays where it was.

        Returns False (and emits ``userError``) when the step could not be undone, for
        example because another window deleted the card it changed.
        """
        text = self.undo_stack.undoText()
        return self._replay(self.undo_stack.undo, self.undo_stack.redo, f"undo “{text}”")

    def redo(self) -> bool:
        """Redo the next step; if the library refuses, the stack stays where it was."""
        text = self.undo_stack.redoText()
        return self._replay(self.undo_stack.redo, self.undo_stack.undo, f"redo “{text}”")

    def _replay(self, move: Callable[[], None], back: Callable[[], None], what: str) -> bool:
        self._replay_failures.clear()
        move()
        if not self._replay_failures:
            return True
        # The failed command skips its part of this move back (see FacadeCommand); the parts
        # of a macro that did succeed are replayed, so the library is as it was before.
        message = self._replay_failures[0]
        back()
        self._replay_failures.clear()
        logger.info("could not %s: %s", what, message)
        self.userError.emit(f"Could not {what}: {message}")
        return False

    def open_card(self, card_id: int) -> None:
        self.cardActivated.emit(card_id)

    def show_source(self, source_id: int, start: int = 0, end: int = 0) -> None:
        self.sourceRequested.emit(source_id, start, end)

    # -- cards -----------------------------------------------------------------------------

    def cut_card(
        self, source_id: int, start: int, end: int, *, tag: str, side: Side
    ) -> CardRecord | None:
        library = self.library
        motion_id = self.current_motion_id
        card = self.attempt(
            lambda: library.cut_card(source_id, start, end, tag=tag, side=side, motion_id=motion_id)
        )
        if card is not None:
            self._push_created("Cut card", card, CARDS, SOURCES)
        return card

    def create_card(self, kind: CardKind, side: Side, tag: str) -> CardRecord | None:
        library = self.library
        motion_id = self.current_motion_id
        card = self.attempt(lambda: library.create_card(kind, side, tag, motion_id=motion_id))
        if card is not None:
            self._push_created(f"New {kind.value}", card, CARDS)
        return card

    def _push_created(self, text: str, card: CardRecord, *topics: str) -> None:
        holder: dict[str, Any] = {}

        def undo() -> None:
            holder["deleted"] = self.library.delete_card(card.id)

        def redo() -> None:
            self.library.restore_card(holder["deleted"])

        self._push(text, redo, undo, *topics)

    def edit_card(self, card_id: int, text: str = "Edit card", **changes: Any) -> bool:
        """Change card fields (tag, notes, labels, side, kind, highlights, cite, span)."""
        library = self.library
        before = self.attempt(lambda: library.card(card_id))
        if before is None:
            return False
        after = self.attempt(lambda: library.edit_card(card_id, **changes))
        if after is None:
            return False
        old = _fields_before(before, changes)
        self._push(
            text,
            lambda: library.edit_card(card_id, **changes),
            lambda: library.edit_card(card_id, **old),
            CARDS,
        )
        return True

    def delete_card(self, card_id: int) -> bool:
        library = self.library
        holder: dict[str, Any] = {}
        deleted = self.attempt(lambda: library.delete_card(card_id))
        if deleted is None:
            return False
        holder["deleted"] = deleted

        def redo() -> None:
            holder["deleted"] = library.delete_card(card_id)

        self._push(
            f"Delete “{deleted.card.tag}”",
            redo,
            lambda: library.restore_card(holder["deleted"]),
            CARDS,
            LINKS,
            BRIEFS,
            SOURCES,
        )
        return True

    def reorder_cards(self, card_ids: Iterable[int]) -> bool:
        """Give cards of one motion and side this order (the map's drag and drop)."""
        library = self.library
        wanted = list(card_ids)
        positions = {card.id: card.position for card in library.cards(ids=wanted)}
        before = sorted(wanted, key=lambda card_id: (positions.get(card_id, 0), card_id))
        if not wanted or before == wanted:
            return False
        if self.attempt(lambda: library.reorder_cards(wanted)) is None:
            return False
        self._push(
            "Reorder cards",
            lambda: library.reorder_cards(wanted),
            lambda: library.reorder_cards(before),
            CARDS,
        )
        return True

    # -- links -----------------------------------------------------------------------------

    def link(self, from_id: int, to_id: int, kind: LinkKind) -> LinkRecord | None:
        library = self.library
        link = self.attempt(lambda: library.link(from_id, to_id, kind))
        if link is not None:
            self._push(
                f"Link ({kind.value})",
                lambda: library.link(from_id, to_id, kind),
                lambda: library.unlink(from_id, to_id, kind),
                LINKS,
            )
        return link

    def unlink(self, from_id: int, to_id: int, kind: LinkKind) -> bool:
        library = self.library
        if self.attempt(lambda: library.unlink(from_id, to_id, kind)) is None:
            return False
        self._push(
            f"Unlink ({kind.value})",
            lambda: library.unlink(from_id, to_id, kind),
            lambda: library.link(from_id, to_id, kind),
            LINKS,
        )
        return True

    # -- sources ---------------------------------------------------------------------------

    def edit_source(self, source_id: int, **changes: str) -> SourceRecord | None:
        library = self.library
        before = self.attempt(lambda: library.source(source_id))
        if before is None:
            return None
        after = self.attempt(lambda: library.edit_source(source_id, **changes))
        if after is not None:
            old = {name: getattr(before, name) for name in changes}
            self._push(
                "Edit source",
                lambda: library.edit_source(source_id, **changes),
                lambda: library.edit_source(source_id, **old),
                SOURCES,
                CARDS,
            )
        return after

    # -- motions ---------------------------------------------------------------------------

    def create_motion(self, resolution: str, side_a: str, side_b: str) -> MotionRecord | None:
        """A new motion, made the current one."""
        library = self.library
        motion = self.attempt(lambda: library.create_motion(resolution, side_a, side_b))
        if motion is None:
            return None
        holder = {"id": motion.id}

        def redo() -> None:
            holder["id"] = library.create_motion(resolution, side_a, side_b).id
            self.current_motion_id = holder["id"]

        def undo() -> None:
            library.delete_motion(holder["id"])
            motions = library.motions()
            self.current_motion_id = motions[0].id if motions else None

        self.current_motion_id = motion.id
        self._push("New motion", redo, undo, MOTIONS, CARDS, BRIEFS)
        return motion

    def imported_sources(self, sources: Sequence[SourceRecord]) -> None:
        """Sources an import task added become one undo step (see ``ImportedSources``)."""
        step = ImportedSources(self.library, sources)
        self._push(step.text, step.redo, step.undo, SOURCES)

    # -- briefs ----------------------------------------------------------------------------

    def create_brief(self, side: Side, title: str) -> BriefRecord | None:
        if self.current_motion_id is None:
            self.userError.emit("Create a motion first.")
            return None
        library = self.library
        motion_id = self.current_motion_id
        brief = self.attempt(lambda: library.create_brief(motion_id, side, title, outline=True))
        if brief is not None:
            holder = {"brief": brief}

            def redo() -> None:
                holder["brief"] = library.create_brief(motion_id, side, title, outline=True)

            self._push("New brief", redo, lambda: library.delete_brief(holder["brief"].id), BRIEFS)
        return brief

    def add_to_brief(self, section_id: int, card_id: int, position: int | None = None) -> bool:
        library = self.library
        if self.attempt(lambda: library.add_to_brief(section_id, card_id, position)) is None:
            return False
        self._push(
            "Add to brief",
            lambda: library.add_to_brief(section_id, card_id, position),
            lambda: library.remove_from_brief(section_id, card_id),
            BRIEFS,
        )
        return True

    def remove_from_brief(self, section_id: int, card_id: int) -> bool:
        library = self.library
        brief = self._brief_of_section(section_id)
        if brief is None:
            return False
        section = next(s for s in brief.sections if s.id == section_id)
        position = section.card_ids.index(card_id) if card_id in section.card_ids else None
        if self.attempt(lambda: library.remove_from_brief(section_id, card_id)) is None:
            return False
        self._push(
            "Remove from brief",
            lambda: library.remove_from_brief(section_id, card_id),
            lambda: library.add_to_brief(section_id, card_id, position),
            BRIEFS,
        )
        return True

    def move_in_brief(
        self, section_id: int, card_id: int, to_section_id: int, position: int
    ) -> bool:
        library = self.library
        brief = self._brief_of_section(section_id)
        if brief is None:
            return False
        section = next(s for s in brief.sections if s.id == section_id)
        if card_id not in section.card_ids:
            return False
        old_position = section.card_ids.index(card_id)
        done = self.attempt(
            lambda: library.move_in_brief(section_id, card_id, to_section_id, position)
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

    def add_brief_section(self, brief_id: int, title: str) -> bool:
        library = self.library
        brief = self.attempt(lambda: library.add_brief_section(brief_id, title))
        if brief is None:
            return False
        holder = {"id": brief.sections[-1].id}

        def redo() -> None:
            holder["id"] = library.add_brief_section(brief_id, title).sections[-1].id

        self._push("Add section", redo, lambda: library.remove_brief_section(holder["id"]), BRIEFS)
        return True

    def _brief_of_section(self, section_id: int) -> BriefRecord | None:
        for brief in self.library.briefs():
            if any(section.id == section_id for section in brief.sections):
                return brief
        self.userError.emit(f"There is no brief section with id {section_id}.")
        return None


def _fields_before(card: CardRecord, changes: dict[str, Any]) -> dict[str, Any]:
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
