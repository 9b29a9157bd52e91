"""Reading briefs: a stored brief with all its items, and the default outline of a side.

Plain functions of a session, shared by the brief actions and the exports.
"""

from __future__ import annotations

from sqlalchemy import and_, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from debateprep.facade import lookup
from debateprep.facade.validation import parse_side
from debateprep.records import BriefRecord, BriefSectionRecord, CardKind, LinkKind, Side
from debateprep.storage.convert import brief_record, motion_record
from debateprep.storage.models import Brief, BriefSection, Card, Link, Motion


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
        sections=tuple(outline_sections(session, motion.id, side_value)),
    )


def outline_sections(session: Session, motion_id: int, side: Side) -> list[BriefSectionRecord]:
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
