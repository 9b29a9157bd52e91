"""Card actions: cut evidence from a span, write claims, edit, delete and restore, reorder."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from debateprep.errors import UserError
from debateprep.facade import card_rules, lookup, versions
from debateprep.facade.validation import (
    check_highlights,
    check_span,
    clean_labels,
    clean_tag,
    clean_text,
    parse_kind,
    parse_side,
)
from debateprep.records import CardKind, CardRecord, Cite, DeletedCard, Side
from debateprep.storage.convert import (
    CITE_FIELDS,
    SPEAKER_FIELDS,
    card_record,
    dump_highlights,
    link_record,
)
from debateprep.storage.models import (
    Brief,
    BriefItem,
    BriefSection,
    Card,
    CardLabel,
    Link,
    utc_now,
)
from debateprep.storage.store import Store, WriteTx
from debateprep.text.speakers import propose_speaker

_UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class CardTitle:
    """A card as long lists show it: identity, kind, side and tag, without quote, notes or cite.

    Listing thousands of these costs a column query, not thousands of full records.
    """

    id: int
    kind: CardKind
    side: Side
    tag: str
    motion_id: int | None = None
    position: int = 0

    @property
    def is_evidence(self) -> bool:
        return self.kind is CardKind.EVIDENCE


def _add(tx: WriteTx, card: Card, labels: Iterable[str]) -> CardRecord:
    """Store a new card with its labels and queue it for the index."""
    card.labels = [CardLabel(label=label) for label in clean_labels(labels)]
    tx.session.add(card)
    tx.session.flush()
    tx.touch_card(card.id)
    return card_record(card)


def _set_cite(card: Card, cite: Cite | None, speaker: dict[str, str | None]) -> None:
    """Store an edited cite, then any speaker field given on its own (those win)."""
    if cite is not None:
        card_rules.require_evidence(card, "Only evidence cards have a cite.")
        for name in CITE_FIELDS:
            setattr(card, f"cite_{name}", clean_text(getattr(cite, name), f"cite {name}"))
        for name in SPEAKER_FIELDS:
            setattr(card, name, clean_text(getattr(cite, name), name.replace("_", " ")))
    for name, given in speaker.items():
        if given is not None:
            card_rules.require_evidence(card, "Only evidence cards quote a speaker.")
            setattr(card, name, clean_text(given, name.replace("_", " ")))


def _set_labels(card: Card, labels: Iterable[str]) -> None:
    card.labels = [CardLabel(label=label) for label in clean_labels(labels)]
    # Labels are rows of their own: touch the card so its version moves too (flagged, as
    # the same second is no change of the value).
    card.updated_at = utc_now()
    flag_modified(card, "updated_at")


class Cards:
    """Card actions; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def card(self, card_id: int) -> CardRecord:
        with self._store.read() as session:
            return card_record(lookup.card(session, card_id))

    def cards(
        self,
        *,
        kind: str | CardKind | None = None,
        side: str | Side | None = None,
        motion_id: int | None = None,
        source_id: int | None = None,
        label: str | None = None,
        ids: Collection[int] | None = None,
    ) -> list[CardRecord]:
        """Cards matching every filter given, in map order (motion, side, position, id)."""
        query = select(Card).options(selectinload(Card.labels))
        if ids is not None:
            query = query.where(Card.id.in_(list(ids)))
        if kind is not None:
            query = query.where(Card.kind == parse_kind(kind).value)
        if motion_id is not None:
            query = query.where(Card.motion_id == motion_id)
        if source_id is not None:
            query = query.where(Card.source_id == source_id)
        if label is not None:
            wanted = " ".join(label.split()).lower()
            query = query.where(Card.labels.any(CardLabel.label == wanted))
        query = query.order_by(Card.motion_id, Card.side, Card.position, Card.id)
        with self._store.read() as session:
            if side is not None:
                motion = card_rules.motion_record_or_none(session, motion_id)
                query = query.where(Card.side == parse_side(side, motion).value)
            return [card_record(card) for card in session.scalars(query)]

    def cut_card(
        self,
        source_id: int,
        start: int,
        end: int,
        *,
        tag: str,
        side: str | Side,
        motion_id: int | None = None,
        highlights: Iterable[Sequence[object]] = (),
        notes: str = "",
        labels: Iterable[str] = (),
    ) -> CardRecord:
        """Cut an evidence card: the exact quote ``text[start:end]`` with the source's cite."""
        tag = clean_tag(tag)
        with self._store.write() as tx:
            source = lookup.source(tx.session, source_id)
            motion = card_rules.motion_record_or_none(tx.session, motion_id)
            side_value = parse_side(side, motion)
            start, end = check_span(source.text, start, end)
            quote = source.text[start:end]
            # Words the article quotes belong to their speaker: propose them (the user may clear).
            speaker = propose_speaker(source.text, start, end)
            card = Card(
                kind=CardKind.EVIDENCE.value,
                side=side_value.value,
                tag=tag,
                notes=notes.strip(),
                motion_id=motion_id,
                position=lookup.next_position(tx.session, motion_id, side_value.value),
                source_id=source.id,
                start=start,
                end=end,
                quote=quote,
                highlights=dump_highlights(check_highlights(quote, highlights)),
                **{f"cite_{name}": getattr(source, name) for name in CITE_FIELDS},
                speaker=speaker.name if speaker else "",
                speaker_quals=speaker.quals if speaker else "",
            )
            record = _add(tx, card, labels)
        return record

    def create_card(
        self,
        kind: str | CardKind,
        side: str | Side,
        tag: str,
        *,
        motion_id: int | None = None,
        notes: str = "",
        labels: Iterable[str] = (),
    ) -> CardRecord:
        """Write an argument or counterargument (evidence is cut from a source instead)."""
        card_kind = parse_kind(kind)
        if card_kind is CardKind.EVIDENCE:
            raise UserError("Evidence cards are cut from a source: select a passage to quote.")
        tag = clean_tag(tag)
        with self._store.write() as tx:
            motion = card_rules.motion_record_or_none(tx.session, motion_id)
            side_value = parse_side(side, motion)
            card = Card(
                kind=card_kind.value,
                side=side_value.value,
                tag=tag,
                notes=notes.strip(),
                motion_id=motion_id,
                position=lookup.next_position(tx.session, motion_id, side_value.value),
            )
            record = _add(tx, card, labels)
        return record

    def edit_card(
        self,
        card_id: int,
        *,
        tag: str | None = None,
        notes: str | None = None,
        labels: Iterable[str] | None = None,
        side: str | Side | None = None,
        kind: str | CardKind | None = None,
        motion_id: int | None = _UNSET,
        highlights: Iterable[Sequence[object]] | None = None,
        cite: Cite | None = None,
        span: tuple[int, int] | None = None,
        speaker: str | None = None,
        speaker_quals: str | None = None,
        expected_version: int | None = None,
    ) -> CardRecord:
        """Change any fields of a card in one action; fields left as None stay as they are.

        With ``expected_version`` (the version the caller showed) a save over a newer change
        or a deletion is refused with ``ConflictError`` (``versions``), carrying both cards.

        ``speaker`` and ``speaker_quals`` name who the quote's words belong to (also settable
        through ``cite``; given both ways, these win).

        ``span`` re-cuts an evidence card's quote from its source (highlights are cleared
        unless given), the only way a stored quote ever changes.
        """
        store = self._store
        with store.write() as tx:
            card = versions.card_for_edit(store, tx.session, card_id, expected_version)
            stale = versions.is_stale(card.version, expected_version)
            theirs = card_record(card) if stale else None
            if tag is not None:
                card.tag = clean_tag(tag)
            if notes is not None:
                card.notes = notes.strip()
            if labels is not None:
                _set_labels(card, labels)
            if motion_id is not _UNSET:
                card_rules.motion_record_or_none(tx.session, motion_id)
                card.motion_id = motion_id
            if kind is not None:
                card_rules.change_kind(card, parse_kind(kind))
            if side is not None:
                motion = card_rules.motion_record_or_none(tx.session, card.motion_id)
                card_rules.change_side(tx.session, card, parse_side(side, motion))
            if span is not None:
                card_rules.recut(tx.session, card, span)
            if highlights is not None:
                card_rules.require_evidence(card, "Only evidence cards have highlighted text.")
                card.highlights = dump_highlights(check_highlights(card.quote, highlights))
            _set_cite(card, cite, {"speaker": speaker, "speaker_quals": speaker_quals})
            if theirs is not None:  # refused with both versions; the transaction rolls back
                versions.refuse_card(store, theirs, card_record(card))
            tx.touch_card(card.id)
            tx.session.flush()
            record = card_record(card)
        return record

    def delete_card(self, card_id: int) -> DeletedCard:
        """Delete a card with its links and brief places; the result lets undo restore them."""
        with self._store.write() as tx:
            card = lookup.card(tx.session, card_id)
            links = tx.session.scalars(
                select(Link)
                .where((Link.from_id == card_id) | (Link.to_id == card_id))
                .order_by(Link.id)
            ).all()
            places = tx.session.execute(
                select(BriefItem.section_id, BriefItem.position)
                .where(BriefItem.card_id == card_id)
                .order_by(BriefItem.id)
            ).all()
            deleted = DeletedCard(
                card=card_record(card),
                links=tuple(link_record(link) for link in links),
                brief_places=tuple((section, position) for section, position in places),
                times=(card.created_at, card.updated_at),
                owner=card.owner,
            )
            tx.session.delete(card)
            tx.drop_card(card_id)
        return deleted

    def restore_card(self, deleted: DeletedCard) -> CardRecord:
        """Undo a deletion: the same card id, fields, links and brief places come back."""
        record = deleted.card
        with self._store.write() as tx:
            if tx.session.get(Card, record.id) is not None:
                raise UserError(f"Card {record.id} already exists.")
            card = Card(
                id=record.id,
                kind=record.kind.value,
                side=record.side.value,
                tag=record.tag,
                notes=record.notes,
                motion_id=record.motion_id,
                position=record.position,
                source_id=record.source_id,
                start=record.start,
                end=record.end,
                quote=record.quote,
                highlights=dump_highlights(record.highlights),
                **{f"cite_{name}": getattr(record.cite, name) for name in CITE_FIELDS},
                **{name: getattr(record.cite, name) for name in SPEAKER_FIELDS},
                owner=deleted.owner,  # '' (older undo records): the writer, as for a new card
            )
            if deleted.times[0]:
                card.created_at, card.updated_at = deleted.times
            card.labels = [CardLabel(label=label) for label in record.labels]
            tx.session.add(card)
            tx.session.flush()
            for link in deleted.links:
                other = link.to_id if link.from_id == record.id else link.from_id
                if tx.session.get(Card, other) is None:
                    continue  # the other card is gone too; its own undo brings the link back
                tx.session.add(
                    Link(id=link.id, kind=link.kind.value, from_id=link.from_id, to_id=link.to_id)
                )
            for section_id, position in deleted.brief_places:
                section = tx.session.get(BriefSection, section_id)
                if section is None or not self._may_change_brief(tx, section.brief_id):
                    continue  # the section went away meanwhile; the card still comes back
                card_rules.insert_brief_item(tx.session, section, record.id, position)
            tx.touch_card(record.id)
            tx.session.flush()
            restored = card_record(card)
        return restored

    def _may_change_brief(self, tx: WriteTx, brief_id: int) -> bool:
        """False for a student and someone else's brief (a class library's server refuses)."""
        if self._store.is_teacher:
            return True
        brief = tx.session.get(Brief, brief_id)
        return brief is not None and brief.owner == self._store.user

    def reorder_cards(self, card_ids: Sequence[int]) -> list[CardRecord]:
        """Give these cards (of one motion and side, as the map shows them) this order."""
        with self._store.write() as tx:
            cards = [lookup.card(tx.session, card_id) for card_id in card_ids]
            if len({(card.motion_id, card.side) for card in cards}) > 1:
                raise UserError("Only cards of the same motion and side can be reordered together.")
            # Reuse the positions these cards occupy so cards not listed keep their places.
            positions = sorted(card.position for card in cards)
            if len(set(positions)) != len(positions):
                positions = list(range(positions[0], positions[0] + len(cards)))
            for card, position in zip(cards, positions, strict=True):
                card.position = position
            tx.session.flush()  # the records carry the versions the move gave them
            records = [card_record(card) for card in cards]
        return records

    def card_titles(
        self,
        *,
        kinds: Collection[str | CardKind] | None = None,
        motion_id: int | None = None,
        source_id: int | None = None,
        exclude: Collection[int] = (),
        limit: int | None = None,
    ) -> list[CardTitle]:
        """Cards matching every filter given, in map order, as titles only (one light query).

        For pickers and lists that may hold thousands of cards: nothing but the columns they
        show is read. ``limit`` caps the result (1: the first card in map order).
        """
        query = select(Card.id, Card.kind, Card.side, Card.tag, Card.motion_id, Card.position)
        if kinds is not None:
            query = query.where(Card.kind.in_([parse_kind(kind).value for kind in kinds]))
        if motion_id is not None:
            query = query.where(Card.motion_id == motion_id)
        if source_id is not None:
            query = query.where(Card.source_id == source_id)
        if exclude:
            query = query.where(Card.id.not_in(list(exclude)))
        query = query.order_by(Card.motion_id, Card.side, Card.position, Card.id)
        if limit is not None:
            query = query.limit(limit)
        with self._store.read() as session:
            return [
                CardTitle(card_id, CardKind(kind), Side(side), tag, motion, position)
                for card_id, kind, side, tag, motion, position in session.execute(query)
            ]
