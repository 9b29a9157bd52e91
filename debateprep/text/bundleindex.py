"""A motion bundle indexed for exporters: cards and sources by id, links both ways, map order.

Exporters ask the same questions of a bundle (which evidence backs this claim, which
counterarguments answer it, what does this card answer, which cite does it carry); answering
them here, sorted by the cards' position in ``bundle.cards`` rather than by link order, is what
makes every export independent of the order links were stored or loaded in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from debateprep.records import (
    CardKind,
    CardRecord,
    Cite,
    LinkKind,
    MotionBundle,
    MotionRecord,
    Side,
    SourceRecord,
)
from debateprep.text.markdown_text import collapse_whitespace

UNTITLED = "Untitled card"


def display_tag(card: CardRecord) -> str:
    """The card's tag, or a placeholder so a heading or bold run is never empty."""
    return card.tag if collapse_whitespace(card.tag) else UNTITLED


def side_label(motion: MotionRecord, side: Side) -> str:
    """The side's display name, or "Side A" / "Side B" when the motion left it blank."""
    name = motion.side_name(side)
    return name if collapse_whitespace(name) else f"Side {side.value}"


@dataclass(frozen=True, slots=True)
class BundleIndex:
    """One bundle's cards, sources and links by id; every list is in map order, no repeats."""

    cards: dict[int, CardRecord]
    sources: dict[int, SourceRecord]
    source_numbers: dict[int, int]  # source id -> 1-based position in bundle.sources
    _targets: dict[tuple[LinkKind, int], tuple[int, ...]]  # from-card -> to-cards
    _origins: dict[tuple[LinkKind, int], tuple[int, ...]]  # to-card -> from-cards

    @classmethod
    def of(cls, bundle: MotionBundle) -> BundleIndex:
        order: dict[int, int] = {}
        cards: dict[int, CardRecord] = {}
        for index, card in enumerate(bundle.cards):
            # Like MotionBundle.card(), the first card with an id wins.
            if card.id not in cards:
                cards[card.id] = card
                order[card.id] = index
        sources: dict[int, SourceRecord] = {}
        for source in bundle.sources:
            sources.setdefault(source.id, source)
        targets: defaultdict[tuple[LinkKind, int], set[int]] = defaultdict(set)
        origins: defaultdict[tuple[LinkKind, int], set[int]] = defaultdict(set)
        for link in bundle.links:
            # Links to cards outside the bundle (or to themselves) cannot be drawn: skip them.
            if link.from_id in cards and link.to_id in cards and link.from_id != link.to_id:
                targets[link.kind, link.from_id].add(link.to_id)
                origins[link.kind, link.to_id].add(link.from_id)

        def in_order(ids: set[int]) -> tuple[int, ...]:
            return tuple(sorted(ids, key=order.__getitem__))

        return cls(
            cards=cards,
            sources=sources,
            source_numbers={source_id: n for n, source_id in enumerate(sources, start=1)},
            _targets={key: in_order(ids) for key, ids in targets.items()},
            _origins={key: in_order(ids) for key, ids in origins.items()},
        )

    def _cards(self, ids: tuple[int, ...]) -> tuple[CardRecord, ...]:
        return tuple(self.cards[card_id] for card_id in ids)

    def evidence_for(self, card_id: int) -> tuple[CardRecord, ...]:
        """Evidence cards that support the card (supporting arguments are left out)."""
        supporters = self._cards(self._origins.get((LinkKind.SUPPORTS, card_id), ()))
        return tuple(card for card in supporters if card.kind is CardKind.EVIDENCE)

    def supports(self, card_id: int) -> tuple[CardRecord, ...]:
        """The claims this card supports."""
        return self._cards(self._targets.get((LinkKind.SUPPORTS, card_id), ()))

    def answered_by(self, card_id: int) -> tuple[CardRecord, ...]:
        """The cards that answer this card."""
        return self._cards(self._origins.get((LinkKind.ANSWERS, card_id), ()))

    def answers(self, card_id: int) -> tuple[CardRecord, ...]:
        """The cards this card answers."""
        return self._cards(self._targets.get((LinkKind.ANSWERS, card_id), ()))

    def source_of(self, card: CardRecord) -> SourceRecord | None:
        return self.sources.get(card.source_id) if card.source_id is not None else None

    def cite_of(self, card: CardRecord) -> Cite:
        """The card's own cite; its source's when the card's fields were never filled in."""
        source = self.source_of(card)
        if card.cite.is_empty() and source is not None:
            return replace(
                source.cite,
                pages=card.cite.pages,
                speaker=card.speaker,
                speaker_quals=card.speaker_quals,
            )
        return card.cite


def short_side_name(name: str) -> str:
    """ "Pro: for sanctuary policies" -> "Pro": the head of a side name, when it has one."""
    head, colon, _rest = name.partition(":")
    return head.strip() if colon and 0 < len(head.strip()) <= 20 else name
