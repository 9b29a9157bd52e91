"""Brief actions: a side's ordered, sectioned selection of cards, and its default outline."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from debateprep.actions.base import ActionsBase
from debateprep.convert import brief_record, motion_record
from debateprep.errors import UserError
from debateprep.models import Brief, BriefItem, BriefSection, Card, Link, Motion
from debateprep.records import BriefRecord, BriefSectionRecord, CardKind, LinkKind, Side
from debateprep.validation import clean_tag, parse_side


class BriefActions(ActionsBase):
    def briefs(self, motion_id: int | None = None) -> list[BriefRecord]:
        query = select(Brief).order_by(Brief.id)
        if motion_id is not None:
            query = query.where(Brief.motion_id == motion_id)
        with self._store.read() as session:
            return [brief_record(brief) for brief in session.scalars(query)]

    def brief(self, brief_id: int) -> BriefRecord:
        with self._store.read() as session:
            return brief_record(self._brief(session, brief_id))

    def create_brief(
        self, motion_id: int, side: str | Side, title: str, *, outline: bool = False
    ) -> BriefRecord:
        """A new brief; with ``outline`` it starts from the side's default outline."""
        title = clean_tag(title) if title.strip() else ""
        with self._store.write() as tx:
            motion = motion_record(self._motion(tx.session, motion_id))
            side_value = parse_side(side, motion)
            brief = Brief(
                motion_id=motion_id,
                side=side_value.value,
                title=title or f"{motion.side_name(side_value)} brief",
            )
            sections = _outline(tx.session, motion_id, side_value) if outline else []
            brief.sections = [
                BriefSection(
                    position=index,
                    title=section.title,
                    items=[
                        BriefItem(card_id=card_id, position=place)
                        for place, card_id in enumerate(section.card_ids)
                    ],
                )
                for index, section in enumerate(sections)
            ]
            tx.session.add(brief)
            tx.session.flush()
            record = brief_record(brief)
        return record

    def outline_brief(self, motion_id: int, side: str | Side) -> BriefRecord:
        """The default brief for a side, built on the fly (id 0, not stored): one section per
        argument with its evidence, then one per answer to the other side."""
        with self._store.read() as session:
            return outline_record(session, self._motion(session, motion_id), side)

    def rename_brief(self, brief_id: int, title: str) -> BriefRecord:
        with self._store.write() as tx:
            brief = self._brief(tx.session, brief_id)
            brief.title = clean_tag(title)
            record = brief_record(brief)
        return record

    def delete_brief(self, brief_id: int) -> BriefRecord:
        with self._store.write() as tx:
            brief = self._brief(tx.session, brief_id)
            record = brief_record(brief)
            tx.session.delete(brief)
        return record

    def add_brief_section(
        self, brief_id: int, title: str, position: int | None = None
    ) -> BriefRecord:
        with self._store.write() as tx:
            brief = self._brief(tx.session, brief_id)
            sections = list(brief.sections)
            place = len(sections) if position is None else max(0, min(position, len(sections)))
            sections.insert(place, BriefSection(title=clean_tag(title), position=0))
            brief.sections = sections
            _renumber(sections)
            tx.session.flush()
            record = brief_record(brief)
        return record

    def rename_brief_section(self, section_id: int, title: str) -> BriefRecord:
        with self._store.write() as tx:
            section = self._section(tx.session, section_id)
            section.title = clean_tag(title)
            record = brief_record(self._brief(tx.session, section.brief_id))
        return record

    def remove_brief_section(self, section_id: int) -> BriefRecord:
        with self._store.write() as tx:
            section = self._section(tx.session, section_id)
            brief = self._brief(tx.session, section.brief_id)
            sections = [s for s in brief.sections if s.id != section_id]
            brief.sections = sections
            _renumber(sections)
            tx.session.flush()
            record = brief_record(brief)
        return record

    def move_brief_section(self, section_id: int, position: int) -> BriefRecord:
        with self._store.write() as tx:
            section = self._section(tx.session, section_id)
            brief = self._brief(tx.session, section.brief_id)
            sections = [s for s in brief.sections if s.id != section_id]
            sections.insert(max(0, min(position, len(sections))), section)
            _renumber(sections)
            tx.session.flush()
            tx.session.expire(brief, ["sections"])
            record = brief_record(brief)
        return record

    def add_to_brief(
        self, section_id: int, card_id: int, position: int | None = None
    ) -> BriefRecord:
        """Put a card into a brief section (at the end unless a position is given)."""
        with self._store.write() as tx:
            section = self._section(tx.session, section_id)
            card = self._card(tx.session, card_id)
            if any(item.card_id == card_id for item in section.items):
                raise UserError(f"“{card.tag}” is already in section “{section.title}”.")
            place = len(section.items) if position is None else position
            self._insert_item(section, card_id, place)
            tx.session.flush()
            record = brief_record(self._brief(tx.session, section.brief_id))
        return record

    def remove_from_brief(self, section_id: int, card_id: int) -> BriefRecord:
        with self._store.write() as tx:
            section = self._section(tx.session, section_id)
            items = [item for item in section.items if item.card_id != card_id]
            if len(items) == len(section.items):
                raise UserError(f"Card {card_id} is not in section “{section.title}”.")
            section.items = items
            _renumber(items)
            tx.session.flush()
            record = brief_record(self._brief(tx.session, section.brief_id))
        return record

    def move_in_brief(
        self, section_id: int, card_id: int, to_section_id: int, position: int
    ) -> BriefRecord:
        """Move a card within its section or to another section of the same brief."""
        with self._store.write() as tx:
            section = self._section(tx.session, section_id)
            target = self._section(tx.session, to_section_id)
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
            record = brief_record(self._brief(tx.session, section.brief_id))
        return record

    @staticmethod
    def _insert_item(section: BriefSection, card_id: int, position: int) -> None:
        items = list(section.items)
        items.insert(max(0, min(position, len(items))), BriefItem(card_id=card_id, position=0))
        section.items = items
        _renumber(items)


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
    links = session.execute(select(Link.kind, Link.from_id, Link.to_id).order_by(Link.id)).all()
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
