"""The Motions part: the motions cards argue, and the argument map's light reads of one.

``claim_bundle`` and ``evidence_counts`` are what the window's map draws, cheaper than the
whole motion an export loads (``bundles.load_bundle``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from debateprep.errors import UserError
from debateprep.facade import lookup, removal
from debateprep.facade.validation import clean_text
from debateprep.records import (
    CardKind,
    CardRecord,
    Cite,
    DeletedRows,
    LinkKind,
    MotionBundle,
    MotionRecord,
    Side,
)
from debateprep.storage.convert import (
    CITE_FIELDS,
    SPEAKER_FIELDS,
    link_record,
    load_highlights,
    motion_record,
    source_record,
    span_pages,
)
from debateprep.storage.models import Brief, Card, CardLabel, Link, Motion, Source
from debateprep.storage.store import Store
from debateprep.text.cite_gaps import cite_gaps

_CLAIMS = (CardKind.ARGUMENT.value, CardKind.COUNTERARGUMENT.value)
_CITE_COLUMNS = ("source_id", *(f"cite_{name}" for name in CITE_FIELDS), *SPEAKER_FIELDS)


def motion_fields(resolution: str, side_a: str, side_b: str) -> dict[str, str]:
    """The cleaned fields of a motion; UserError for a missing resolution or side name."""
    fields = {
        "resolution": clean_text(resolution, "resolution"),
        "side_a": clean_text(side_a, "side name", max_length=200),
        "side_b": clean_text(side_b, "side name", max_length=200),
    }
    if not fields["resolution"]:
        raise UserError("A motion needs its resolution text.")
    if not fields["side_a"] or not fields["side_b"]:
        raise UserError("Name both sides of the motion.")
    if fields["side_a"].casefold() == fields["side_b"].casefold():
        raise UserError("The two sides need different names.")
    return fields


class Motions:
    """Motion actions and map reads; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def motions(self) -> list[MotionRecord]:
        with self._store.read() as session:
            return [motion_record(m) for m in session.scalars(select(Motion).order_by(Motion.id))]

    def motion(self, motion_id: int) -> MotionRecord:
        with self._store.read() as session:
            return motion_record(lookup.motion(session, motion_id))

    def default_motion(self) -> MotionRecord:
        """The first motion, which exports and listings use when none is named."""
        with self._store.read() as session:
            return motion_record(lookup.motion_or_default(session, None))

    def create_motion(self, resolution: str, side_a: str, side_b: str) -> MotionRecord:
        fields = motion_fields(resolution, side_a, side_b)
        with self._store.write() as tx:
            motion = Motion(**fields)
            tx.session.add(motion)
            tx.session.flush()
            record = motion_record(motion)
        return record

    def edit_motion(
        self,
        motion_id: int,
        *,
        resolution: str | None = None,
        side_a: str | None = None,
        side_b: str | None = None,
    ) -> MotionRecord:
        with self._store.write() as tx:
            motion = lookup.motion(tx.session, motion_id)
            fields = motion_fields(
                motion.resolution if resolution is None else resolution,
                motion.side_a if side_a is None else side_a,
                motion.side_b if side_b is None else side_b,
            )
            for name, value in fields.items():
                setattr(motion, name, value)
            record = motion_record(motion)
        return record

    def motion_contents(self, motion_id: int) -> tuple[int, int]:
        """How many cards and briefs deleting this motion would take with it."""
        with self._store.read() as session:
            lookup.motion(session, motion_id)
            cards = session.scalar(select(func.count(Card.id)).where(Card.motion_id == motion_id))
            briefs = session.scalar(
                select(func.count(Brief.id)).where(Brief.motion_id == motion_id)
            )
        return cards or 0, briefs or 0

    def delete_motion(self, motion_id: int) -> DeletedRows:
        """Delete a motion with its briefs and its cards (their links and brief places go too:
        a claim without its motion would show nowhere). The result lets undo restore it."""
        with self._store.write() as tx:
            motion = lookup.motion(tx.session, motion_id)
            card_ids = list(tx.session.scalars(select(Card.id).where(Card.motion_id == motion_id)))
            deleted = removal.take(tx, motion.resolution, card_ids=card_ids, motion_id=motion_id)
        return deleted

    def restore_motion(self, deleted: DeletedRows) -> None:
        """Undo ``delete_motion``: the same motion, briefs, cards and links come back."""
        with self._store.write() as tx:
            removal.restore(tx, deleted)

    # -- the argument map's reads ----------------------------------------------------------

    def claim_bundle(self, motion_id: int) -> MotionBundle:
        """The motion's arguments and counterarguments and the links between them.

        What the argument map draws, without the evidence quotes and source texts an export
        of the whole motion loads (pair it with :meth:`evidence_counts`). Cards are in map
        order, as in ``motion_bundle``, and equal the records ``card()`` returns; ``sources``
        is empty.
        """
        claims = select(Card.__table__).where(Card.motion_id == motion_id, Card.kind.in_(_CLAIMS))
        origin, target = aliased(Card), aliased(Card)
        links = (
            select(Link)
            .join(origin, origin.id == Link.from_id)
            .join(target, target.id == Link.to_id)
            .where(origin.motion_id == motion_id, origin.kind.in_(_CLAIMS))
            .where(target.motion_id == motion_id, target.kind.in_(_CLAIMS))
            .order_by(Link.id)
        )
        with self._store.read() as session:
            motion = motion_record(lookup.motion(session, motion_id))
            cards = _card_records(session, claims.order_by(Card.side, Card.position, Card.id))
            return MotionBundle(
                motion=motion,
                cards=tuple(cards),
                links=tuple(link_record(link) for link in session.scalars(links)),
                sources=(),
            )

    def evidence_counts(self, motion_id: int) -> dict[int, int]:
        """Claim id -> how many of the motion's evidence cards support it (claims without
        evidence are left out), counted in SQL: the map's "N evidence" without the quotes."""
        evidence, claim = aliased(Card), aliased(Card)
        # The link kind is tested inside the count, not in WHERE: there SQLite would start
        # from every "supports" link of the library (its unique index leads with the kind)
        # instead of from this motion's cards, ten times slower at 100,000 cards.
        supporting = case((Link.kind == LinkKind.SUPPORTS.value, Link.from_id))
        count = func.count(func.distinct(supporting))
        query = (
            select(Link.to_id, count)
            .join(claim, claim.id == Link.to_id)
            .join(evidence, evidence.id == Link.from_id)
            .where(claim.motion_id == motion_id)
            .where(evidence.kind == CardKind.EVIDENCE.value, evidence.motion_id == motion_id)
            .group_by(Link.to_id)
            .having(count > 0)
        )
        with self._store.read() as session:
            return {card_id: n for card_id, n in session.execute(query)}

    def incomplete_cite_counts(self, motion_id: int) -> dict[int, int]:
        """Claim id -> how many of its supporting evidence cards have an incomplete cite
        (``text.cite_gaps`` decides; a card with no cite of its own uses its source's)."""
        evidence, claim = aliased(Card), aliased(Card)
        query = (
            select(Link.to_id, evidence.id, *(getattr(evidence, c) for c in _CITE_COLUMNS))
            .join(claim, claim.id == Link.to_id)
            .join(evidence, evidence.id == Link.from_id)
            .where(Link.kind == LinkKind.SUPPORTS.value, claim.motion_id == motion_id)
            .where(evidence.kind == CardKind.EVIDENCE.value, evidence.motion_id == motion_id)
        )
        counts: dict[int, int] = defaultdict(int)
        with self._store.read() as session:
            rows = session.execute(query).all()
            source_ids = {row.source_id for row in rows if row.source_id is not None}
            sources = {
                source.id: source_record(source)
                for source in session.scalars(select(Source).where(Source.id.in_(source_ids)))
            }
        for row in rows:
            cite = Cite(
                **{name: getattr(row, f"cite_{name}") for name in CITE_FIELDS},
                **{name: getattr(row, name) or "" for name in SPEAKER_FIELDS},
            )
            source = sources.get(row.source_id)
            if cite.is_empty() and source is not None:
                cite = replace(source.cite, speaker=cite.speaker, speaker_quals=cite.speaker_quals)
            if cite_gaps(cite):
                counts[row.to_id] += 1
        return dict(counts)


def _card_records(session: Session, query: Select[Any]) -> list[CardRecord]:
    """Full card records from a query over the cards table's columns, without ORM objects.

    The same records as ``convert.card_record`` gives, built from plain rows (plus one query
    for all their labels): loading hundreds of ORM cards costs ten times more.
    """
    rows = session.execute(query).all()
    ids = query.with_only_columns(Card.id).order_by(None)
    labels: defaultdict[int, list[str]] = defaultdict(list)
    for card_id, label in session.execute(
        select(CardLabel.card_id, CardLabel.label)
        .where(CardLabel.card_id.in_(ids))
        .order_by(CardLabel.card_id, CardLabel.label)
    ):
        labels[card_id].append(label)
    return [
        CardRecord(
            id=row.id,
            kind=CardKind(row.kind),
            side=Side(row.side),
            tag=row.tag,
            notes=row.notes,
            labels=tuple(labels.get(row.id, ())),
            motion_id=row.motion_id,
            position=row.position,
            source_id=row.source_id,
            start=row.start,
            end=row.end,
            quote=row.quote,
            # Claims never have highlights: skip the JSON parse of their "[]".
            highlights=load_highlights(row.highlights) if row.highlights != "[]" else (),
            cite=Cite(
                **{name: getattr(row, f"cite_{name}") for name in CITE_FIELDS},
                pages=span_pages(session, row.source_id, row.start, row.end),
                **{name: getattr(row, name) or "" for name in SPEAKER_FIELDS},
            ),
        )
        for row in rows
    ]
