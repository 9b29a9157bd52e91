"""The argument map as a graph: the edges the Argdown, AIF and Mermaid exports draw.

``edges`` lists each *supports* and *answers* link between two cards of the bundle once, in
map order (by the card the link comes from, then by the card it goes to), whatever order the
links were stored in; links to cards outside the bundle, to the card itself, and repeats are
left out exactly as ``BundleIndex`` leaves them out. ``motion_edges`` adds what the graph
formats can say and the side-by-side table shows by its columns: side A's arguments support
the resolution and side B's arguments attack it (counterarguments and evidence relate to the
resolution only through the claims they answer or support).
"""

from __future__ import annotations

from dataclasses import dataclass

from debateprep.records import CardKind, CardRecord, LinkKind, Side
from debateprep.text.bundleindex import BundleIndex


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` supports or answers ``target``."""

    kind: LinkKind
    source: CardRecord
    target: CardRecord


def edges(index: BundleIndex) -> list[Edge]:
    """Every drawable link once, in map order."""
    found: list[Edge] = []
    for card in index.cards.values():
        found += [Edge(LinkKind.SUPPORTS, card, target) for target in index.supports(card.id)]
        found += [Edge(LinkKind.ANSWERS, card, target) for target in index.answers(card.id)]
    return found


def incoming(index: BundleIndex) -> dict[int, list[Edge]]:
    """The edges into each card (every card has an entry), supports before answers."""
    result: dict[int, list[Edge]] = {card_id: [] for card_id in index.cards}
    for edge in sorted(edges(index), key=lambda edge: edge.kind is LinkKind.ANSWERS):
        result[edge.target.id].append(edge)
    return result


def motion_edges(index: BundleIndex) -> list[tuple[LinkKind, CardRecord]]:
    """Each argument and how it bears on the resolution: side A supports, side B answers it."""
    return [
        (LinkKind.SUPPORTS if card.side is Side.A else LinkKind.ANSWERS, card)
        for card in index.cards.values()
        if card.kind is CardKind.ARGUMENT
    ]
