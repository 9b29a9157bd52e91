"""The Links part: a card supports or answers another (the rules the core keeps).

``answer_claim`` and ``support_claim`` are the map's Kialo-style actions: a new claim and its
link to the selected one, written in one transaction so that one undo takes both away.
"""

from __future__ import annotations

from sqlalchemy import select

from debateprep.errors import UserError
from debateprep.facade import lookup, versions
from debateprep.facade.validation import clean_tag, parse_link_kind
from debateprep.records import CardKind, CardRecord, LinkKind, LinkRecord, Side
from debateprep.storage.convert import card_record, link_record
from debateprep.storage.models import Card, Link
from debateprep.storage.store import Store, WriteTx

_CLAIMS = (CardKind.ARGUMENT.value, CardKind.COUNTERARGUMENT.value)


class Links:
    """Link actions; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def links(self, card_id: int | None = None) -> list[LinkRecord]:
        """All links, or those touching one card, in creation order."""
        query = select(Link).order_by(Link.id)
        if card_id is not None:
            query = query.where((Link.from_id == card_id) | (Link.to_id == card_id))
        with self._store.read() as session:
            return [link_record(link) for link in session.scalars(query)]

    def link(self, from_id: int, to_id: int, kind: str | LinkKind) -> LinkRecord:
        """``from`` supports or answers ``to``."""
        link_kind = parse_link_kind(kind)
        if from_id == to_id:
            raise UserError("A card cannot support or answer itself.")
        with self._store.write() as tx:
            source = lookup.card(tx.session, from_id)
            target = lookup.card(tx.session, to_id)
            self._check_link(source, target, link_kind)
            duplicate = tx.session.scalar(
                select(Link.id).where(
                    Link.kind == link_kind.value, Link.from_id == from_id, Link.to_id == to_id
                )
            )
            if duplicate is not None:
                raise UserError(f"“{source.tag}” already {link_kind.value} “{target.tag}”.")
            link = Link(kind=link_kind.value, from_id=from_id, to_id=to_id)
            tx.session.add(link)
            tx.session.flush()
            record = link_record(link)
        return record

    def unlink(
        self,
        from_id: int,
        to_id: int,
        kind: str | LinkKind,
        expected_version: int | None = None,
    ) -> LinkRecord:
        """Remove a link; returns it so undo can put it back. With ``expected_version`` (the
        version the caller showed) a link gone or changed meanwhile is a ``ConflictError``."""
        link_kind = parse_link_kind(kind)
        store = self._store
        with store.write() as tx:
            query = select(Link).where(
                Link.kind == link_kind.value, Link.from_id == from_id, Link.to_id == to_id
            )
            if expected_version is not None:
                query = query.with_for_update()
            link = tx.session.scalar(query)
            if link is None and expected_version is not None:
                raise versions.deleted(store, tx.session, "link", None)
            if link is None:
                raise UserError(f"Card {from_id} does not {link_kind.value[:-1]} card {to_id}.")
            record = link_record(link)
            if versions.is_stale(link.version, expected_version):
                versions.refuse(store, "link", record, record, "", "", link.version)
            tx.session.delete(link)
        return record

    def answer_claim(
        self, claim_id: int, tag: str = "New counterargument"
    ) -> tuple[CardRecord, LinkRecord]:
        """A new counterargument on the other side that answers this claim, with its link."""
        return self._new_linked(claim_id, tag, LinkKind.ANSWERS)

    def support_claim(
        self, claim_id: int, tag: str = "New argument"
    ) -> tuple[CardRecord, LinkRecord]:
        """A new argument on the claim's side that supports it, placed just after it.

        On an evidence card it makes the argument that evidence proves: the new argument is
        what the evidence supports (evidence is never a link's target), so cutting a card
        and pressing Support This writes its claim in one step.
        """
        return self._new_linked(claim_id, tag, LinkKind.SUPPORTS)

    def _new_linked(self, claim_id: int, tag: str, kind: LinkKind) -> tuple[CardRecord, LinkRecord]:
        tag = clean_tag(tag)
        with self._store.write() as tx:
            target = lookup.card(tx.session, claim_id)
            from_evidence = target.kind not in _CLAIMS
            if from_evidence and (kind is LinkKind.ANSWERS or target.motion_id is None):
                raise UserError(
                    f"“{target.tag}” is evidence: answer the argument it supports instead."
                    if kind is LinkKind.ANSWERS
                    else f"“{target.tag}” belongs to no motion; choose a motion first."
                )
            card = _new_claim(tx, target, tag, kind)
            ends = (target.id, card.id) if from_evidence else (card.id, target.id)
            link = Link(kind=kind.value, from_id=ends[0], to_id=ends[1])
            tx.session.add(link)
            tx.session.flush()
            result = card_record(card), link_record(link)
        return result

    @staticmethod
    def _check_link(source: Card, target: Card, kind: LinkKind) -> None:
        if target.kind not in _CLAIMS:
            raise UserError(
                f"“{target.tag}” is evidence; link evidence to the argument it supports, "
                "not the other way round."
            )
        if kind is LinkKind.ANSWERS:
            if source.kind not in _CLAIMS:
                raise UserError(
                    "Evidence cannot answer a claim by itself: write a counterargument that "
                    "answers it and link the evidence to that."
                )
            if source.side == target.side:
                raise UserError(
                    "A card can only answer a card of the other side; "
                    f"both “{source.tag}” and “{target.tag}” are on side {source.side}."
                )


def _new_claim(tx: WriteTx, target: Card, tag: str, kind: LinkKind) -> Card:
    """The new card: an answer goes to the other side's end; a supporting argument goes
    right after an argument it supports, so its row sits below that one in the map."""
    if kind is LinkKind.ANSWERS:
        side, new_kind = Side(target.side).other, CardKind.COUNTERARGUMENT
        position = lookup.next_position(tx.session, target.motion_id, side.value)
    else:
        side, new_kind = Side(target.side), CardKind.ARGUMENT
        position = lookup.next_position(tx.session, target.motion_id, side.value)
        if target.kind == CardKind.ARGUMENT.value:
            position = target.position + 1
            later = select(Card).where(
                Card.motion_id == target.motion_id,
                Card.side == side.value,
                Card.position >= position,
            )
            for other in tx.session.scalars(later):
                other.position += 1
    card = Card(
        kind=new_kind.value,
        side=side.value,
        tag=tag,
        notes="",
        motion_id=target.motion_id,
        position=position,
        labels=[],
    )
    tx.session.add(card)
    tx.session.flush()
    tx.touch_card(card.id)
    return card
