"""Brief actions: a side's ordered, sectioned selection of cards, and its default outline."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from debateprep.errors import UserError
from debateprep.facade import lookup, removal, versions
from debateprep.facade.brief_reads import full_brief_record, outline_record, outline_sections
from debateprep.facade.validation import clean_tag, parse_side
from debateprep.records import (
    BriefRecord,
    BriefSectionRecord,
    DeletedRows,
    RemovedSection,
    SectionLevel,
    Side,
)
from debateprep.storage.convert import brief_record, motion_record
from debateprep.storage.models import Brief, BriefItem, BriefSection, Card
from debateprep.storage.store import Store, WriteTx

# Eager loading for whole briefs: sections and their items in one query each.
_SECTIONS_AND_ITEMS = selectinload(Brief.sections).selectinload(BriefSection.items)
# The block Send to Brief makes when a brief has none to hold the card.
FIRST_BLOCK = "Cards"


class Briefs:
    """Brief actions; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def briefs(self, motion_id: int | None = None) -> list[BriefRecord]:
        query = select(Brief).order_by(Brief.id).options(_SECTIONS_AND_ITEMS)
        if motion_id is not None:
            query = query.where(Brief.motion_id == motion_id)
        with self._store.read() as session:
            return [brief_record(brief) for brief in session.scalars(query)]

    def brief(self, brief_id: int) -> BriefRecord:
        with self._store.read() as session:
            return full_brief_record(session, lookup.brief(session, brief_id))

    def create_brief(
        self,
        motion_id: int,
        side: str | Side,
        title: str,
        *,
        outline: bool = False,
        card_ids: Sequence[int] = (),
    ) -> BriefRecord:
        """A new brief; with ``outline`` it starts from the side's default outline, with
        ``card_ids`` (cards of its side) from one block holding them (Send to Brief)."""
        title = clean_tag(title) if title.strip() else ""
        with self._store.write() as tx:
            motion = motion_record(lookup.motion(tx.session, motion_id))
            side_value = parse_side(side, motion)
            brief = Brief(
                motion_id=motion_id,
                side=side_value.value,
                title=title or f"{motion.side_name(side_value)} brief",
            )
            sections = outline_sections(tx.session, motion_id, side_value) if outline else []
            for card_id in card_ids:
                _check_side(lookup.card(tx.session, card_id), brief)
            if card_ids:
                sections.append(BriefSectionRecord(id=0, title=FIRST_BLOCK, card_ids=(*card_ids,)))
            brief.sections = [
                BriefSection(
                    position=index,
                    title=section.title,
                    level=section.level.value,
                    items=[
                        BriefItem(card_id=card_id, position=place)
                        for place, card_id in enumerate(section.card_ids)
                    ],
                )
                for index, section in enumerate(sections)
            ]
            tx.session.add(brief)
            tx.session.flush()
            record = full_brief_record(tx.session, brief)
        return record

    def outline_brief(self, motion_id: int, side: str | Side) -> BriefRecord:
        """The default brief for a side, built on the fly (id 0, not stored): one section per
        argument with its evidence, then one per answer to the other side."""
        with self._store.read() as session:
            return outline_record(session, lookup.motion(session, motion_id), side)

    def rename_brief(
        self, brief_id: int, title: str, expected_version: int | None = None
    ) -> BriefRecord:
        """A new title; ``expected_version`` (on this and every section and item edit) is the
        brief's version the caller showed: a save over a newer change is a ConflictError."""
        with self._store.write() as tx:
            brief, theirs = self._open(tx, brief_id, expected_version)
            brief.title = clean_tag(title)
            record = self._done(tx, brief, theirs)
        return record

    def _open(
        self, tx: WriteTx, brief_id: int, expected: int | None
    ) -> tuple[Brief, BriefRecord | None]:
        """The brief to change, and as it is now when that is newer than ``expected``."""
        brief = versions.brief_for_edit(self._store, tx.session, brief_id, expected)
        stale = versions.is_stale(brief.version, expected)
        return brief, full_brief_record(tx.session, brief) if stale else None

    def _done(self, tx: WriteTx, brief: Brief, theirs: BriefRecord | None) -> BriefRecord:
        """The changed brief's record; refused (rolled back) when it was based on an older
        version than ``theirs``."""
        tx.session.flush()
        record = full_brief_record(tx.session, brief)
        if theirs is not None:
            by, at, version = theirs.updated_by, theirs.updated_at, theirs.version
            versions.refuse(self._store, "brief", theirs, record, by, at, version)
        return record

    def delete_brief(self, brief_id: int) -> DeletedRows:
        """Delete a brief with its sections (its cards stay); the result lets undo restore
        it with the same ids."""
        with self._store.write() as tx:
            brief = lookup.brief(tx.session, brief_id)
            deleted = removal.take(tx, brief.title, card_ids=(), brief_ids=[brief_id])
        return deleted

    def restore_brief(self, deleted: DeletedRows) -> None:
        """Put a deleted brief back: its sections, levels and cards in their order."""
        with self._store.write() as tx:
            removal.restore(tx, deleted)

    def add_brief_section(
        self,
        brief_id: int,
        title: str,
        position: int | None = None,
        level: int | SectionLevel = SectionLevel.BLOCK,
        expected_version: int | None = None,
    ) -> BriefRecord:
        """A new pocket, hat or block (``level``) at ``position`` (the end when None)."""
        level_value = parse_level(level)
        with self._store.write() as tx:
            brief, theirs = self._open(tx, brief_id, expected_version)
            sections = list(brief.sections)
            place = len(sections) if position is None else max(0, min(position, len(sections)))
            section = BriefSection(title=clean_tag(title), position=0, level=level_value.value)
            sections.insert(place, section)
            brief.sections = sections
            _renumber(sections)
            record = self._done(tx, brief, theirs)
        return record

    def rename_brief_section(
        self, section_id: int, title: str, expected_version: int | None = None
    ) -> BriefRecord:
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief, theirs = self._open(tx, section.brief_id, expected_version)
            section.title = clean_tag(title)
            record = self._done(tx, brief, theirs)
        return record

    def set_brief_section_level(
        self, section_id: int, level: int | SectionLevel, expected_version: int | None = None
    ) -> BriefRecord:
        """Make a section a pocket, hat or block; its cards and place stay."""
        level_value = parse_level(level)
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief, theirs = self._open(tx, section.brief_id, expected_version)
            section.level = level_value.value
            record = self._done(tx, brief, theirs)
        return record

    def send_to_brief(
        self, card_id: int, brief_id: int, section_id: int | None = None
    ) -> tuple[BriefRecord, int]:
        """Put a card at the end of a block of a brief of its side: ``section_id``, else the
        last block, else a new block “Cards”. Returns the brief and the section used."""
        with self._store.write() as tx:
            brief = lookup.brief(tx.session, brief_id)
            card = lookup.card(tx.session, card_id)
            _check_side(card, brief)
            sections = list(brief.sections)
            if section_id is not None:
                section = lookup.section(tx.session, section_id)
                if section.brief_id != brief.id:
                    raise UserError(f"That section is not part of “{brief.title}”.")
            else:
                blocks = [s for s in sections if s.level == SectionLevel.BLOCK.value]
                section = blocks[-1] if blocks else BriefSection(title=FIRST_BLOCK, position=0)
                if not blocks:
                    brief.sections = [*sections, section]
                    _renumber(brief.sections)
            if any(item.card_id == card_id for item in section.items):
                raise UserError(f"“{card.tag}” is already in “{section.title}”.")
            self._insert_item(section, card_id, len(section.items))
            tx.session.flush()
            record = full_brief_record(tx.session, brief)
            used = section.id
        return record, used

    def remove_brief_section(
        self, section_id: int, expected_version: int | None = None
    ) -> RemovedSection:
        """Remove a pocket, hat or block (its cards stay in the library); the result lets
        ``restore_brief_section`` put it back exactly."""
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief, theirs = self._open(tx, section.brief_id, expected_version)
            before = full_brief_record(tx.session, brief).sections
            position = next(place for place, s in enumerate(before) if s.id == section_id)
            sections = [s for s in brief.sections if s.id != section_id]
            brief.sections = sections
            _renumber(sections)
            record = self._done(tx, brief, theirs)
        return RemovedSection(brief=record, position=position, section=before[position])

    def restore_brief_section(self, removed: RemovedSection) -> BriefRecord:
        """Put a removed section back with its id, title and level at its place, holding its
        cards in their order (any deleted since are left out)."""
        kept = removed.section
        with self._store.write() as tx:
            brief = lookup.brief(tx.session, removed.brief.id)
            if tx.session.get(BriefSection, kept.id) is not None:
                raise UserError(f"Cannot undo: brief section {kept.id} exists again.")
            there = set(tx.session.scalars(select(Card.id).where(Card.id.in_(kept.card_ids))))
            section = BriefSection(id=kept.id, title=kept.title, level=kept.level.value)
            section.items = [BriefItem(card_id=c, position=0) for c in kept.card_ids if c in there]
            _renumber(section.items)
            sections = list(brief.sections)
            sections.insert(min(removed.position, len(sections)), section)
            brief.sections = sections
            _renumber(sections)
            tx.session.flush()
            record = full_brief_record(tx.session, brief)
        return record

    def move_brief_section(
        self, section_id: int, position: int, expected_version: int | None = None
    ) -> BriefRecord:
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief, theirs = self._open(tx, section.brief_id, expected_version)
            sections = [s for s in brief.sections if s.id != section_id]
            sections.insert(max(0, min(position, len(sections))), section)
            _renumber(sections)
            tx.session.flush()
            tx.session.expire(brief, ["sections"])
            record = self._done(tx, brief, theirs)
        return record

    def add_to_brief(
        self,
        section_id: int,
        card_id: int,
        position: int | None = None,
        expected_version: int | None = None,
    ) -> BriefRecord:
        """Put a card into a brief section (at the end unless a position is given)."""
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief, theirs = self._open(tx, section.brief_id, expected_version)
            card = lookup.card(tx.session, card_id)
            if any(item.card_id == card_id for item in section.items):
                raise UserError(f"“{card.tag}” is already in section “{section.title}”.")
            place = len(section.items) if position is None else position
            self._insert_item(section, card_id, place)
            record = self._done(tx, brief, theirs)
        return record

    def remove_from_brief(
        self, section_id: int, card_id: int, expected_version: int | None = None
    ) -> BriefRecord:
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief, theirs = self._open(tx, section.brief_id, expected_version)
            items = [item for item in section.items if item.card_id != card_id]
            if len(items) == len(section.items):
                raise UserError(f"Card {card_id} is not in section “{section.title}”.")
            section.items = items
            _renumber(items)
            record = self._done(tx, brief, theirs)
        return record

    def move_in_brief(
        self,
        section_id: int,
        card_id: int,
        to_section_id: int,
        position: int,
        expected_version: int | None = None,
    ) -> BriefRecord:
        """Move a card within its section or to another section of the same brief."""
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief, theirs = self._open(tx, section.brief_id, expected_version)
            target = lookup.section(tx.session, to_section_id)
            if target.brief_id != section.brief_id:
                raise UserError("Cards can only be moved between sections of the same brief.")
            items = [item for item in section.items if item.card_id != card_id]
            if len(items) == len(section.items):
                raise UserError(f"Card {card_id} is not in section “{section.title}”.")
            if target.id != section.id and any(i.card_id == card_id for i in target.items):
                raise UserError("That section already holds this card.")
            section.items = items
            _renumber(items)
            tx.session.flush()
            self._insert_item(target, card_id, position)
            record = self._done(tx, brief, theirs)
        return record

    @staticmethod
    def _insert_item(section: BriefSection, card_id: int, position: int) -> None:
        items = list(section.items)
        items.insert(max(0, min(position, len(items))), BriefItem(card_id=card_id, position=0))
        section.items = items
        _renumber(items)


def parse_level(level: int | SectionLevel) -> SectionLevel:
    try:
        return SectionLevel(int(level))
    except ValueError:
        raise UserError(
            f"A brief section is a pocket (1), hat (2) or block (3), not {level}."
        ) from None


def _check_side(card: Card, brief: Brief) -> None:
    """Refuse a card of the other side or another motion: a brief is one side's case."""
    if card.side != brief.side or (card.motion_id not in (None, brief.motion_id)):
        raise UserError(
            f"“{card.tag}” is for the other side (or another motion) than “{brief.title}”."
        )


def _renumber(rows: Sequence[BriefSection | BriefItem]) -> None:
    for index, row in enumerate(rows):
        row.position = index
