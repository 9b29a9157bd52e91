"""Plain, fully loaded records that the facade hands to the CLI, the window and the exporters.

Nothing here touches the database: a record is a snapshot taken inside one transaction, safe
to keep, compare and pass between threads.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple


class CardKind(enum.StrEnum):
    ARGUMENT = "argument"
    COUNTERARGUMENT = "counterargument"
    EVIDENCE = "evidence"


class Side(enum.StrEnum):
    """The two sides of a motion; their display names live on the motion."""

    A = "A"
    B = "B"

    @property
    def other(self) -> Side:
        return Side.B if self is Side.A else Side.A


class LinkKind(enum.StrEnum):
    SUPPORTS = "supports"  # evidence or argument -> the claim it backs
    ANSWERS = "answers"  # counterargument -> the other side's claim it rebuts


class ReadLevel(enum.StrEnum):
    """Verbatim's three read-aloud levels, weakest first (F9, F10, F11 in the card editor)."""

    UNDERLINE = "underline"
    EMPHASIS = "emphasis"
    HIGHLIGHT = "highlight"


class Highlight(NamedTuple):
    """A marked range ``start:end`` inside a card's quote, at one read-aloud level.

    Ranges of different levels may overlap (highlighted words are usually underlined too);
    ranges of one level never do.
    """

    start: int
    end: int
    level: ReadLevel = ReadLevel.HIGHLIGHT


@dataclass(frozen=True, slots=True)
class Cite:
    """Citation fields of a source or an evidence card; empty string means unknown."""

    author: str = ""
    qualifications: str = ""
    date: str = ""
    title: str = ""
    outlet: str = ""
    url: str = ""
    accessed: str = ""
    # Where the quote sits in a paged source: "p. 12" or "pp. 12–13" (cards only; computed
    # from the card's span and its source's pages, never typed or stored with the card).
    pages: str = ""
    # A card may quote someone other than the source's author: that person and their
    # qualifications ("Jeff Sessions", "Attorney General"); empty on a source's cite.
    speaker: str = ""
    speaker_quals: str = ""

    def is_empty(self) -> bool:
        return not any(
            (self.author, self.qualifications, self.date, self.title, self.outlet, self.url)
        )


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A source's metadata; its (possibly long) text is fetched separately."""

    id: int
    title: str
    author: str = ""
    qualifications: str = ""
    outlet: str = ""
    date: str = ""
    url: str = ""
    accessed: str = ""
    lean: str = ""
    origin: str = ""  # the file it was imported from, for the user's reference
    content_hash: str = ""
    length: int = 0  # characters of text
    card_count: int = 0
    # Imported PDFs: the offset in the text where each page starts and its printed number.
    page_starts: tuple[int, ...] = ()
    page_labels: tuple[str, ...] = ()
    # [start, end) spans of the text hidden from the default view (ads, captions, notices).
    hidden: tuple[tuple[int, int], ...] = ()

    @property
    def cite(self) -> Cite:
        return Cite(
            author=self.author,
            qualifications=self.qualifications,
            date=self.date,
            title=self.title,
            outlet=self.outlet,
            url=self.url,
            accessed=self.accessed,
        )


@dataclass(frozen=True, slots=True)
class CardRecord:
    """An argument, counterargument or evidence card.

    For evidence, ``quote == source_text[start:end]`` when the card verifies, and
    ``highlights`` are ranges *inside the quote* marking the read-aloud part, each at a level.
    """

    id: int
    kind: CardKind
    side: Side
    tag: str
    notes: str = ""
    labels: tuple[str, ...] = ()
    motion_id: int | None = None
    position: int = 0
    source_id: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str = ""
    highlights: tuple[Highlight, ...] = ()
    cite: Cite = field(default_factory=Cite)
    # Bookkeeping, left out of comparisons (two records of one card with the same content are
    # equal whatever saves came between): the row's version, which an edit passes back as
    # ``expected_version`` so a save over a newer change is refused, and who saved it when.
    version: int = field(default=0, compare=False)
    updated_by: str = field(default="", compare=False)
    updated_at: str = field(default="", compare=False)

    @property
    def is_evidence(self) -> bool:
        return self.kind is CardKind.EVIDENCE

    @property
    def speaker(self) -> str:
        """Who the quote's words belong to when not the source's author (stored on the cite)."""
        return self.cite.speaker

    @property
    def speaker_quals(self) -> str:
        return self.cite.speaker_quals


@dataclass(frozen=True, slots=True)
class LinkRecord:
    id: int
    kind: LinkKind
    from_id: int
    to_id: int
    version: int = field(default=0, compare=False)  # what ``unlink`` checks, as on cards


@dataclass(frozen=True, slots=True)
class MotionRecord:
    id: int
    resolution: str
    side_a: str
    side_b: str
    # A class library's teacher locked it: only teachers change it or its cards.
    locked: bool = False

    def side_name(self, side: Side) -> str:
        return self.side_a if side is Side.A else self.side_b


class SectionLevel(enum.IntEnum):
    """Verbatim's levels of a brief section, its heading level in every export (cards are 4)."""

    POCKET = 1
    HAT = 2
    BLOCK = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True, slots=True)
class BriefSectionRecord:
    id: int
    title: str
    card_ids: tuple[int, ...] = ()
    level: SectionLevel = SectionLevel.BLOCK


@dataclass(frozen=True, slots=True)
class BriefRecord:
    """A brief: ordered sections of cards for one side of a motion.

    ``id`` is 0 for an outline the facade built on the fly and never stored.
    """

    id: int
    motion_id: int
    side: Side
    title: str
    sections: tuple[BriefSectionRecord, ...] = ()
    # As on cards: a rename, section or item edit passes the version back; not compared.
    version: int = field(default=0, compare=False)
    updated_by: str = field(default="", compare=False)
    updated_at: str = field(default="", compare=False)

    @property
    def card_count(self) -> int:
        """How many card places its sections hold (what deleting the brief asks about)."""
        return sum(len(section.card_ids) for section in self.sections)


@dataclass(frozen=True, slots=True)
class RemovedSection:
    """A brief section just removed, and all that puts it back exactly: the same id, title
    and level, at ``position`` among the brief's sections, its cards in the same order."""

    brief: BriefRecord  # the brief without it
    position: int
    section: BriefSectionRecord


@dataclass(frozen=True, slots=True)
class MotionBundle:
    """Everything an exporter needs about one motion, loaded in one transaction.

    ``cards`` are the motion's cards in map order (side, then position, then id);
    ``sources`` are the sources those cards quote (all sources for a packet), ordered by id;
    ``texts`` maps source id to full text and is filled only where an export needs it.
    """

    motion: MotionRecord
    cards: tuple[CardRecord, ...]
    links: tuple[LinkRecord, ...]
    sources: tuple[SourceRecord, ...]
    texts: Mapping[int, str] = field(default_factory=dict)

    def card(self, card_id: int) -> CardRecord:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def source(self, source_id: int) -> SourceRecord:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)


@dataclass(frozen=True, slots=True)
class QuoteProblem:
    """An evidence card whose stored quote no longer matches its source span."""

    card_id: int
    tag: str
    source_id: int | None
    start: int | None
    end: int | None
    quote: str
    found: str  # what source_text[start:end] holds now ("" when the span is gone)
    reason: str


class ImportStatus(enum.StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    SKIPPED = "skipped"  # found in a folder but never opened (a named pipe, a device)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one file of an import."""

    path: str
    status: ImportStatus
    message: str
    source: SourceRecord | None = None


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """One step of a folder import: ``done`` of ``total`` files handled so far."""

    done: int
    total: int
    outcome: ImportOutcome


@dataclass(frozen=True, slots=True)
class DeletedCard:
    """Everything needed to undo a card deletion: the card, its links, its brief places."""

    card: CardRecord
    links: tuple[LinkRecord, ...]
    brief_places: tuple[tuple[int, int], ...]  # (section id, position)
    times: tuple[str, str] = ("", "")  # created_at, updated_at: undo restores them too
    owner: str = ""  # who made it (a class library): a teacher's undo gives it back to them


@dataclass(frozen=True)
class DeletedRows:
    """What deleting a source, a motion or a brief removed, row by row (each row's columns by name),
    parents first, so undo puts back the same ids, links and brief items."""

    title: str  # the source's title, the motion's resolution or the brief's title
    card_ids: tuple[int, ...]
    brief_ids: tuple[int, ...]
    rows: tuple[tuple[str, tuple[Mapping[str, object], ...]], ...]  # (table name, rows)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One alias search expands with: ``origin`` is 'learned' (a source defines it),
    'built-in' (the topic's list) or 'user' (added by hand)."""

    short: str
    long: str
    origin: str
