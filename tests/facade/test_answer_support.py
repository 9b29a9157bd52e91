"""The map's Kialo-style actions: answer or support a claim, card and link in one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import CardKind, LinkKind, Side


def _count_writes(monkeypatch: pytest.MonkeyPatch, library: Library) -> Counter[str]:
    counts: Counter[str] = Counter()
    store = library._store
    real: Callable[[], AbstractContextManager[Any]] = store.write

    def counted() -> AbstractContextManager[Any]:
        counts["write"] += 1
        return real()

    monkeypatch.setattr(store, "write", counted)
    return counts


@pytest.fixture
def motion_cards(empty_library: Library) -> dict[str, int]:
    motion = empty_library.create_motion("This house would test", "Pro", "Con")
    make = empty_library.create_card
    source = empty_library.add_source("ICE asked for the man. The request was denied.", title="S")
    return {
        "motion": motion.id,
        "first": make("argument", "A", "First", motion_id=motion.id).id,
        "second": make("argument", "A", "Second", motion_id=motion.id).id,
        "evidence": empty_library.cut_card(
            source.id, 0, 22, tag="Ev", side="A", motion_id=motion.id
        ).id,
    }


def test_answer_claim_is_one_transaction(
    empty_library: Library, motion_cards: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _count_writes(monkeypatch, empty_library)
    card, link = empty_library.answer_claim(motion_cards["first"], "  They  disagree ")
    assert writes["write"] == 1
    assert (card.kind, card.side, card.tag) == (CardKind.COUNTERARGUMENT, Side.B, "They disagree")
    assert card.motion_id == motion_cards["motion"]
    assert (link.kind, link.from_id, link.to_id) == (
        LinkKind.ANSWERS,
        card.id,
        motion_cards["first"],
    )
    assert empty_library.links(card.id) == [link]
    # An answer to the answer goes back to side A.
    again, _ = empty_library.answer_claim(card.id)
    assert (again.side, again.tag) == (Side.A, "New counterargument")


def test_support_claim_places_the_argument_after_it(
    empty_library: Library, motion_cards: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _count_writes(monkeypatch, empty_library)
    card, link = empty_library.support_claim(motion_cards["first"], "Because")
    assert writes["write"] == 1
    assert (card.kind, card.side) == (CardKind.ARGUMENT, Side.A)
    assert (link.kind, link.from_id, link.to_id) == (
        LinkKind.SUPPORTS,
        card.id,
        motion_cards["first"],
    )
    order = [c.id for c in empty_library.cards(kind="argument", motion_id=motion_cards["motion"])]
    assert order == [motion_cards["first"], card.id, motion_cards["second"]]


def test_evidence_and_bad_tags_are_refused_without_writing(
    empty_library: Library, motion_cards: dict[str, int]
) -> None:
    before = (empty_library.cards(), empty_library.links())
    with pytest.raises(UserError, match="is evidence"):
        empty_library.answer_claim(motion_cards["evidence"])
    with pytest.raises(UserError, match="tag"):
        empty_library.answer_claim(motion_cards["first"], "   ")
    with pytest.raises(UserError):
        empty_library.answer_claim(99999)
    assert (empty_library.cards(), empty_library.links()) == before


def test_support_on_evidence_writes_the_argument_it_proves(
    empty_library: Library, motion_cards: dict[str, int]
) -> None:
    evidence = empty_library.card(motion_cards["evidence"])
    argument, link = empty_library.support_claim(evidence.id, "What the card proves")
    assert (argument.kind, argument.side, argument.motion_id) == (
        CardKind.ARGUMENT,
        evidence.side,
        evidence.motion_id,
    )
    # Evidence is never a link's target: the evidence supports the new argument.
    assert (link.from_id, link.to_id, link.kind) == (evidence.id, argument.id, LinkKind.SUPPORTS)
