"""The rules a card edit keeps, shared by the Cards part's actions.

Evidence stays evidence, an answer links opposite sides, a re-cut quotes the source exactly,
and a restored card takes back its place in a brief.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from debateprep.errors import UserError
from debateprep.facade import lookup
from debateprep.facade.validation import check_span
from debateprep.records import CardKind, LinkKind, MotionRecord, Side
from debateprep.storage.convert import motion_record
from debateprep.storage.models import BriefItem, BriefSection, Card, Link


def require_evidence(card: Card, message: str) -> None:
    if card.kind != CardKind.EVIDENCE.value:
        raise UserError(message)


def change_kind(card: Card, kind: CardKind) -> None:
    current = CardKind(card.kind)
    if kind is current:
        return
    if CardKind.EVIDENCE in (kind, current):
        raise UserError(
            "An evidence card cannot become a claim or the other way round; "
            "an argument can become a counterargument and back."
        )
    card.kind = kind.value


def change_side(session: Session, card: Card, side: Side) -> None:
    if card.side == side.value:
        return
    same_side = session.scalar(
        select(Link.id)
        .join(Card, Card.id == Link.to_id)
        .where(Link.kind == LinkKind.ANSWERS.value, Link.from_id == card.id)
        .where(Card.side == side.value)
        .union(
            select(Link.id)
            .join(Card, Card.id == Link.from_id)
            .where(Link.kind == LinkKind.ANSWERS.value, Link.to_id == card.id)
            .where(Card.side == side.value)
        )
        .limit(1)
    )
    if same_side is not None:
        raise UserError(
            "This card answers (or is answered by) a card of that side; unlink the "
            "answer first, since a side cannot answer itself."
        )
    card.side = side.value
    card.position = lookup.next_position(session, card.motion_id, side.value)


def recut(session: Session, card: Card, span: tuple[int, int]) -> None:
    require_evidence(card, "Only evidence cards quote a source.")
    assert card.source_id is not None
    source = lookup.source(session, card.source_id)
    start, end = check_span(source.text, *span)
    card.start, card.end = start, end
    card.quote = source.text[start:end]
    card.highlights = "[]"


def motion_record_or_none(session: Session, motion_id: int | None) -> MotionRecord | None:
    if motion_id is None:
        return None
    return motion_record(lookup.motion(session, motion_id))


def insert_brief_item(session: Session, section: BriefSection, card_id: int, position: int) -> None:
    items = list(section.items)
    position = max(0, min(position, len(items)))
    items.insert(position, BriefItem(section_id=section.id, card_id=card_id, position=0))
    section.items = items
    for index, item in enumerate(items):
        item.position = index
