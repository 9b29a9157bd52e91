"""The Links part: a card supports or answers another (the rules the core keeps)."""

from __future__ import annotations

from sqlalchemy import select

from debateprep.errors import UserError
from debateprep.facade import lookup
from debateprep.facade.validation import parse_link_kind
from debateprep.records import CardKind, LinkKind, LinkRecord
from debateprep.storage.convert import link_record
from debateprep.storage.models import Card, Link
from debateprep.storage.store import Store

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

    def unlink(self, from_id: int, to_id: int, kind: str | LinkKind) -> LinkRecord:
        """Remove a link; returns it so undo can put it back."""
        link_kind = parse_link_kind(kind)
        with self._store.write() as tx:
            link = tx.session.scalar(
                select(Link).where(
                    Link.kind == link_kind.value, Link.from_id == from_id, Link.to_id == to_id
                )
            )
            if link is None:
                raise UserError(f"Card {from_id} does not {link_kind.value[:-1]} card {to_id}.")
            record = link_record(link)
            tx.session.delete(link)
        return record

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
