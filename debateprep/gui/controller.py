"""The window's single entry point for edits: each method is one user action.

It calls the facade once, turns a UserError into the ``userError`` signal (the window shows it
as a message), and pushes an undo command that can replay or reverse the action with the
stored ids and before/after values. Panels never call editing facade methods themselves; they
read through ``library`` and edit through here, then refresh on ``changed``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from debateprep.errors import UserError
from debateprep.gui.brief_edits import BriefEdits
from debateprep.gui.card_saves import CardSaves
from debateprep.gui.classroom import ClassroomSteps
from debateprep.gui.commands import FacadeCommand
from debateprep.gui.import_summary import ImportedSources
from debateprep.gui.removals import RemovalSteps, cards_too
from debateprep.gui.tasks import TaskRunner
from debateprep.records import (
    BriefRecord,
    CardKind,
    CardRecord,
    DeletedRows,
    LinkKind,
    LinkRecord,
    MotionRecord,
    Side,
    SourceRecord,
)

if TYPE_CHECKING:
    from debateprep.facade.library import Library

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What changed, so panels refresh only what they show.
SOURCES, CARDS, LINKS, BRIEFS, MOTIONS = "sources", "cards", "links", "briefs", "motions"
ALIASES = "aliases"


class Controller(RemovalSteps, BriefEdits, CardSaves, ClassroomSteps, QObject):
    changed = Signal(str)  # one of the topics above
    userError = Signal(str)  # a message the user can act on
    cardActivated = Signal(int)  # open this card in the editor
    sourceRequested = Signal(int, int, int)  # source id, start, end: show and select
    removed = Signal(str)  # "Deleted …": a destructive step was pushed; the window offers Undo

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

    def _remove(
        self,
        what: str,
        take: Callable[[], DeletedRows],
        put_back: Callable[[DeletedRows], object],
        *topics: str,
    ) -> DeletedRows | None:
        """One undoable deletion of a source or motion with what hangs on it."""
        deleted = self.attempt(take)
        if deleted is None:
            return None
        holder = {"deleted": deleted}

        def redo() -> None:
            holder["deleted"] = take()

        self._push(f"Delete {what}", redo, lambda: put_back(holder["deleted"]), *topics)
        self.removed.emit(f"Deleted {what} “{deleted.title}”" + cards_too(deleted.card_ids))
        return deleted

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
        self.removed.emit(f"Deleted card “{deleted.card.tag}”")
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

    def unlink(
        self, from_id: int, to_id: int, kind: LinkKind, expected_version: int | None = None
    ) -> bool:
        """Remove a link; with the version the caller showed, one changed or removed
        meanwhile is refused with a message."""
        library = self.library
        if self.attempt(lambda: library.unlink(from_id, to_id, kind, expected_version)) is None:
            return False
        self._push(
            f"Unlink ({kind.value})",
            lambda: library.unlink(from_id, to_id, kind),
            lambda: library.link(from_id, to_id, kind),
            LINKS,
        )
        self.removed.emit(f"Removed link ({kind.value})")
        return True

    def add_alias(self, short: str, long: str) -> bool:
        """Add an alias (Search > Aliases…): one undo step."""
        library = self.library
        entry = self.attempt(lambda: library.add_alias(short, long))
        if entry is None:
            return False
        s, lf = entry.short, entry.long
        redo, undo = (lambda: library.add_alias(s, lf)), (lambda: library.remove_alias(s, lf))
        self._push(f"Add alias {s}", redo, undo, ALIASES)
        return True

    def remove_alias(self, short: str, long: str) -> bool:
        """Stop using an alias (learned and built-in ones come back on undo): one undo step."""
        library = self.library
        if self.attempt(lambda: library.remove_alias(short, long) or True) is None:
            return False
        redo, undo = (
            (lambda: library.remove_alias(short, long)),
            (lambda: library.add_alias(short, long)),
        )
        self._push(f"Remove alias {short}", redo, undo, ALIASES)
        return True

    def answer_claim(self, claim_id: int, tag: str = "New counterargument") -> CardRecord | None:
        """A counterargument answering this claim (the map's "Answer this"): one undo step."""
        library = self.library
        made = self.attempt(lambda: library.answer_claim(claim_id, tag))
        if made is not None:
            self._push_created("Answer", made[0], CARDS, LINKS)
        return made[0] if made is not None else None

    def support_claim(self, claim_id: int, tag: str = "New argument") -> CardRecord | None:
        """An argument supporting this claim (the map's "Support this"): one undo step."""
        library = self.library
        made = self.attempt(lambda: library.support_claim(claim_id, tag))
        if made is not None:
            self._push_created("Support", made[0], CARDS, LINKS)
        return made[0] if made is not None else None

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

    def paste_source(self, text: str, html: str = "", url: str = "") -> SourceRecord | None:
        """The clipboard's text or HTML as a new source (F2), undoable like any other step."""
        library = self.library
        source = self.attempt(lambda: library.paste_source(text, html=html, url=url))
        if source is None:
            return None
        holder = {"id": source.id}

        def redo() -> None:
            holder["id"] = library.paste_source(text, html=html, url=url).id

        self._push(
            "Paste as new source", redo, lambda: library.delete_source(holder["id"]), SOURCES
        )
        return source

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
