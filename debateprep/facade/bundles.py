"""A motion's bundle: what every export of a motion renders, read in one session.

The caller owns the transaction, so a render that also needs a brief or a default motion reads
all of it in the same snapshot (see ``exports``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from debateprep.facade import lookup
from debateprep.records import MotionBundle
from debateprep.storage.convert import card_record, link_record, motion_record, source_record
from debateprep.storage.models import Card, Link, Source


def load_bundle(
    session: Session,
    motion_id: int,
    extra_card_ids: Collection[int],
    with_texts: bool,
) -> MotionBundle:
    """The motion's cards (plus ``extra_card_ids``), the links among them and the sources they
    quote (with their texts when ``with_texts``), read in the caller's session: one snapshot."""
    motion = motion_record(lookup.motion(session, motion_id))
    condition = Card.motion_id == motion_id
    if extra_card_ids:
        condition = condition | Card.id.in_(extra_card_ids)
    cards = session.scalars(
        select(Card)
        .where(condition)
        .options(selectinload(Card.labels))
        .order_by(Card.side, Card.position, Card.id)
    ).all()
    ids = {card.id for card in cards}
    links = session.scalars(
        select(Link).where(Link.from_id.in_(ids), Link.to_id.in_(ids)).order_by(Link.id)
    ).all()
    source_ids = {card.source_id for card in cards if card.source_id is not None}
    sources = session.scalars(
        select(Source).where(Source.id.in_(source_ids)).order_by(Source.id)
    ).all()
    # One pass over the cards (counting per source by scanning them all was sources x cards).
    counts = Counter(card.source_id for card in cards if card.source_id is not None)
    return MotionBundle(
        motion=motion,
        cards=tuple(card_record(card) for card in cards),
        links=tuple(link_record(link) for link in links),
        sources=tuple(source_record(source, counts[source.id]) for source in sources),
        texts={source.id: source.text for source in sources} if with_texts else {},
    )
