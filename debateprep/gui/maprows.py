"""The argument map's rows as plain records, built off the GUI thread (no Qt here).

A row sets one claim (its anchor) beside the claims that answer it directly. The motion's
arguments are the top rows. A row can be opened: each direct answer then gets a row of its own
just below, indented, beside the answers to it, and so on (answers to answers are rows, never
inline text). Counterarguments that answer nothing reachable from an argument would otherwise
show nowhere; they follow, under an "Unplaced" heading row, each a row of its own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from debateprep.exporters.argument_map import NO_EVIDENCE, UNANSWERED, MapRow
from debateprep.records import CardKind, CardRecord, Side
from debateprep.text.bundleindex import BundleIndex, display_tag

UNPLACED_TITLE = "Unplaced — counterarguments that answer nothing on the map yet (Ctrl+L links one)"
NO_ANSWER_NOTE = "Nothing answers this yet."


class RowKind(enum.Enum):
    ARGUMENT = "argument"  # a top row: one of the motion's arguments
    ANSWER = "answer"  # an opened row: an answer shown as a row of its own
    UNPLACED = "unplaced"  # a counterargument that answers nothing on the map
    HEADING = "heading"  # the "Unplaced" section's title row


@dataclass(frozen=True, slots=True)
class RowInfo:
    """How a row sits in the map: its kind, how deep it is opened, whether it can open."""

    kind: RowKind
    depth: int = 0
    openable: bool = False  # its anchor has answers that opening shows as rows
    opened: bool = False


@dataclass(frozen=True, slots=True)
class MapClaim:
    """One claim as a map cell shows it."""

    card: CardRecord
    is_anchor: bool
    evidence: int  # evidence cards supporting it
    answers: tuple[str, ...] = ()  # tags it answers, when that is not the row's anchor
    supports: tuple[str, ...] = ()  # tags of the claims it supports
    incomplete: int = 0  # of its evidence, cards whose cite lacks author, date or quals

    @property
    def evidence_line(self) -> str:
        """ "2 evidence · 1 cite incomplete", "2 evidence", or the "No evidence" flag."""
        if not self.evidence:
            return NO_EVIDENCE
        line = f"{self.evidence} evidence"
        return line + f" · {self.incomplete} cite incomplete" if self.incomplete else line

    def lines(self) -> list[str]:
        head = display_tag(self.card) if self.is_anchor else f"↩ Answer: {display_tag(self.card)}"
        lines = [head]
        if self.answers:
            lines.append("Answers: " + "; ".join(self.answers))
        if self.supports:
            lines.append("Supports: " + "; ".join(self.supports))
        lines.append(self.evidence_line)
        return lines


@dataclass(frozen=True, slots=True)
class MapCell:
    """A map cell: its side's claims of the row, or the gap beside an anchor."""

    claims: tuple[MapClaim, ...]
    unanswered: bool  # the flagged empty cell beside an argument nobody answers yet
    open_card: int  # what a click opens: the anchor if here, else the first card
    note: str = ""  # muted text for a cell without claims (a heading, "nothing answers")

    @property
    def flags(self) -> list[str]:
        flags = [UNANSWERED] if self.unanswered else []
        return flags + [NO_EVIDENCE] * sum(1 for c in self.claims if not c.evidence)


@dataclass(frozen=True, slots=True)
class MapData:
    """Everything the map shows: rows (None for the heading row), how each sits, its cells."""

    rows: tuple[MapRow | None, ...] = ()
    cells: tuple[tuple[MapCell, MapCell], ...] = ()
    infos: tuple[RowInfo, ...] = ()


def _answers(index: BundleIndex, card_id: int) -> tuple[CardRecord, ...]:
    # Arguments have rows of their own; evidence does not answer.
    return tuple(c for c in index.answered_by(card_id) if c.kind is CardKind.COUNTERARGUMENT)


class _Builder:
    def __init__(
        self,
        index: BundleIndex,
        evidence: Callable[[int], int],
        opened: Collection[int],
        incomplete: Mapping[int, int],
    ) -> None:
        self.index, self.evidence, self.opened = index, evidence, opened
        self.incomplete = incomplete
        self.rows: list[MapRow | None] = []
        self.cells: list[tuple[MapCell, MapCell]] = []
        self.infos: list[RowInfo] = []

    def claim(self, card: CardRecord, anchor: CardRecord, is_anchor: bool) -> MapClaim:
        answered = self.index.answers(card.id)
        answers: tuple[str, ...] = ()
        # An answer in the row of what it answers needs no "Answers:" line; an anchor does.
        if is_anchor or all(other.id != anchor.id for other in answered):
            answers = tuple(display_tag(other) for other in answered)
        supports = tuple(display_tag(c) for c in self.index.supports(card.id))
        evidence = self.evidence(card.id)
        incomplete = self.incomplete.get(card.id, 0)
        return MapClaim(card, is_anchor, evidence, answers, supports, incomplete)

    def add(self, anchor: CardRecord, kind: RowKind, depth: int, path: frozenset[int]) -> None:
        """The row of ``anchor``, then (when opened) a row per direct answer, recursively."""
        answers = tuple(c for c in _answers(self.index, anchor.id) if c.id not in path)
        opened = anchor.id in self.opened and bool(answers)
        self.rows.append(
            MapRow(
                left=tuple(c for c in (anchor, *answers) if c.side is Side.A),
                right=tuple(c for c in (anchor, *answers) if c.side is Side.B),
                anchor_side=anchor.side,
            )
        )
        self.infos.append(RowInfo(kind, depth, bool(answers), opened))
        own = MapCell((self.claim(anchor, anchor, True),), False, anchor.id)
        if answers:
            claims = tuple(self.claim(c, anchor, False) for c in answers)
            other = MapCell(claims, False, answers[0].id)
        else:
            flagged = kind is RowKind.ARGUMENT
            other = MapCell((), flagged, anchor.id, "" if flagged else NO_ANSWER_NOTE)
        self.cells.append((own, other) if anchor.side is Side.A else (other, own))
        if opened:
            for answer in answers:
                self.add(answer, RowKind.ANSWER, depth + 1, path | {anchor.id})

    def heading(self, text: str) -> None:
        cell = MapCell((), False, 0, text)
        self.rows.append(None)
        self.infos.append(RowInfo(RowKind.HEADING))
        self.cells.append((cell, cell))


def _reachable(index: BundleIndex, arguments: Sequence[CardRecord]) -> set[int]:
    """Every card reached from an argument by following answers."""
    seen = {card.id for card in arguments}
    frontier = list(seen)
    while frontier:
        card_id = frontier.pop()
        for answer in _answers(index, card_id):
            if answer.id not in seen:
                seen.add(answer.id)
                frontier.append(answer.id)
    return seen


def build_map(
    index: BundleIndex,
    evidence_counts: Mapping[int, int] | None = None,
    opened: Collection[int] = (),
    incomplete_cites: Mapping[int, int] | None = None,
) -> MapData:
    """The map of the claims in ``index``: argument rows, opened answers, then unplaced claims.

    Evidence counts come from ``evidence_counts`` when given (a claim bundle holds no
    evidence), else from ``index``; ``opened`` names the claims whose answers show as rows;
    ``incomplete_cites`` counts each claim's evidence with an incomplete cite.
    """
    counts = evidence_counts

    def evidence(card_id: int) -> int:
        if counts is not None:
            return counts.get(card_id, 0)
        return len(index.evidence_for(card_id))

    builder = _Builder(index, evidence, frozenset(opened), incomplete_cites or {})
    claims = list(index.cards.values())
    arguments = [
        card
        for side in (Side.A, Side.B)
        for card in claims
        if card.kind is CardKind.ARGUMENT and card.side is side
    ]
    for argument in arguments:
        builder.add(argument, RowKind.ARGUMENT, 0, frozenset())
    placed = _reachable(index, arguments)
    unplaced = [c for c in claims if c.kind is CardKind.COUNTERARGUMENT and c.id not in placed]
    if unplaced:
        builder.heading(UNPLACED_TITLE)
        # Answers among unplaced claims open below the claim they answer, as on the map;
        # only a ring of answers with no first claim needs each of its claims as a row.
        ids = {card.id for card in unplaced}
        roots = [c for c in unplaced if not any(t.id in ids for t in index.answers(c.id))]
        reached = _reachable(index, roots)
        for card in unplaced:
            if card in roots or card.id not in reached:
                builder.add(card, RowKind.UNPLACED, 0, frozenset())
                reached |= _reachable(index, [card])
    return MapData(tuple(builder.rows), tuple(builder.cells), tuple(builder.infos))
