"""Brief actions: a side's ordered, sectioned selection of cards, and its default outline."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from debateprep.errors import UserError
from debateprep.facade import lookup, removal
from debateprep.facade.validation import clean_tag, parse_side
from debateprep.records import (
    BriefRecord,
    BriefSectionRecord,
    CardKind,
    DeletedRows,
    LinkKind,
    RemovedSection,
    SectionLevel,
    Side,
)
from debateprep.storage.convert import brief_record, motion_record
from debateprep.storage.models import Brief, BriefItem, BriefSection, Card, Link, Motion
from debateprep.storage.store import Store

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
            sections = _outline(tx.session, motion_id, side_value) if outline else []
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

    def rename_brief(self, brief_id: int, title: str) -> BriefRecord:
        with self._store.write() as tx:
            brief = lookup.brief(tx.session, brief_id)
            brief.title = clean_tag(title)
            record = full_brief_record(tx.session, brief)
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
    ) -> BriefRecord:
        """A new pocket, hat or block (``level``) at ``position`` (the end when None)."""
        level_value = parse_level(level)
        with self._store.write() as tx:
            brief = lookup.brief(tx.session, brief_id)
            sections = list(brief.sections)
            place = len(sections) if position is None else max(0, min(position, len(sections)))
            section = BriefSection(title=clean_tag(title), position=0, level=level_value.value)
            sections.insert(place, section)
            brief.sections = sections
            _renumber(sections)
            tx.session.flush()
            record = full_brief_record(tx.session, brief)
        return record

    def rename_brief_section(self, section_id: int, title: str) -> BriefRecord:
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            section.title = clean_tag(title)
            record = full_brief_record(tx.session, lookup.brief(tx.session, section.brief_id))
        return record

    def set_brief_section_level(self, section_id: int, level: int | SectionLevel) -> BriefRecord:
        """Make a section a pocket, hat or block; its cards and place stay."""
        level_value = parse_level(level)
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            section.level = level_value.value
            record = full_brief_record(tx.session, lookup.brief(tx.session, section.brief_id))
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

    def remove_brief_section(self, section_id: int) -> RemovedSection:
        """Remove a pocket, hat or block (its cards stay in the library); the result lets
        ``restore_brief_section`` put it back exactly."""
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief = lookup.brief(tx.session, section.brief_id)
            before = full_brief_record(tx.session, brief).sections
            position = next(place for place, s in enumerate(before) if s.id == section_id)
            sections = [s for s in brief.sections if s.id != section_id]
            brief.sections = sections
            _renumber(sections)
            tx.session.flush()
            record = full_brief_record(tx.session, brief)
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

    def move_brief_section(self, section_id: int, position: int) -> BriefRecord:
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            brief = lookup.brief(tx.session, section.brief_id)
            sections = [s for s in brief.sections if s.id != section_id]
            sections.insert(max(0, min(position, len(sections))), section)
            _renumber(sections)
            tx.session.flush()
            tx.session.expire(brief, ["sections"])
            record = full_brief_record(tx.session, brief)
        return record

    def add_to_brief(
        self, section_id: int, card_id: int, position: int | None = None
    ) -> BriefRecord:
        """Put a card into a brief section (at the end unless a position is given)."""
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            card = lookup.card(tx.session, card_id)
            if any(item.card_id == card_id for item in section.items):
                raise UserError(f"“{card.tag}” is already in section “{section.title}”.")
            place = len(section.items) if position is None else position
            self._insert_item(section, card_id, place)
            tx.session.flush()
            record = full_brief_record(tx.session, lookup.brief(tx.session, section.brief_id))
        return record

    def remove_from_brief(self, section_id: int, card_id: int) -> BriefRecord:
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
            items = [item for item in section.items if item.card_id != card_id]
            if len(items) == len(section.items):
                raise UserError(f"Card {card_id} is not in section “{section.title}”.")
            section.items = items
            _renumber(items)
            tx.session.flush()
            record = full_brief_record(tx.session, lookup.brief(tx.session, section.brief_id))
        return record

    def move_in_brief(
        self, section_id: int, card_id: int, to_section_id: int, position: int
    ) -> BriefRecord:
        """Move a card within its section or to another section of the same brief."""
        with self._store.write() as tx:
            section = lookup.section(tx.session, section_id)
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
            tx.session.flush()
            record = full_brief_record(tx.session, lookup.brief(tx.session, section.brief_id))
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


def full_brief_record(session: Session, brief: Brief) -> BriefRecord:
    """``brief_record`` with every section's items loaded in one query.

    Building the record touches each section's items; loaded lazily that was one query per
    section (a debate brief has hundreds), on every brief edit and export.
    """
    sections = list(brief.sections)
    unloaded = [section.id for section in sections if "items" in inspect(section).unloaded]
    if unloaded:
        session.scalars(
            select(BriefSection)
            .where(BriefSection.id.in_(unloaded))
            .options(selectinload(BriefSection.items))
        ).all()
    return brief_record(brief)


def brief_or_outline(
    session: Session, brief_id: int | None, motion_id: int | None, side: str | Side
) -> BriefRecord:
    """What a brief export writes: the stored brief ``brief_id``, else the default outline of
    ``side`` of the motion (the first motion when none is named)."""
    if brief_id is not None:
        return full_brief_record(session, lookup.brief(session, brief_id))
    return outline_record(session, lookup.motion_or_default(session, motion_id), side)


def outline_record(session: Session, motion: Motion, side: str | Side) -> BriefRecord:
    record = motion_record(motion)
    side_value = parse_side(side, record)
    return BriefRecord(
        id=0,
        motion_id=motion.id,
        side=side_value,
        title=f"{record.side_name(side_value)} brief",
        sections=tuple(_outline(session, motion.id, side_value)),
    )


def _renumber(rows: Sequence[BriefSection | BriefItem]) -> None:
    for index, row in enumerate(rows):
        row.position = index


def _outline(session: Session, motion_id: int, side: Side) -> list[BriefSectionRecord]:
    cards = session.scalars(
        select(Card)
        .where(Card.motion_id == motion_id, Card.side == side.value)
        .order_by(Card.position, Card.id)
    ).all()
    # Only the links this side's sections use (what supports its cards, what they answer),
    # not every link in the library. A link is one of the two kinds (a CHECK constraint).
    side_ids = select(Card.id).where(Card.motion_id == motion_id, Card.side == side.value)
    links = session.execute(
        select(Link.kind, Link.from_id, Link.to_id)
        .where(
            or_(
                and_(Link.kind == LinkKind.SUPPORTS.value, Link.to_id.in_(side_ids)),
                and_(Link.kind == LinkKind.ANSWERS.value, Link.from_id.in_(side_ids)),
            )
        )
        .order_by(Link.id)
    ).all()
    supporters: dict[int, list[int]] = {}
    answers: dict[int, list[int]] = {}
    for kind, from_id, to_id in links:
        if kind == LinkKind.SUPPORTS.value:
            supporters.setdefault(to_id, []).append(from_id)
        else:
            answers.setdefault(from_id, []).append(to_id)
    by_id = {card.id: card for card in cards}
    answered_ids = {target for targets in answers.values() for target in targets}
    tags = dict(session.execute(select(Card.id, Card.tag).where(Card.id.in_(answered_ids))).all())
    sections: list[BriefSectionRecord] = []
    for kind in (CardKind.ARGUMENT, CardKind.COUNTERARGUMENT):
        for card in cards:
            if card.kind != kind.value:
                continue
            evidence = [cid for cid in supporters.get(card.id, []) if cid in by_id]
            title = card.tag
            targets = [tags[target] for target in answers.get(card.id, []) if target in tags]
            if targets:
                # "A2" (answer to) is how debaters title a block that answers the other side.
                title = "A2: " + "; ".join(targets)
            sections.append(BriefSectionRecord(id=0, title=title, card_ids=(card.id, *evidence)))
    return sections
