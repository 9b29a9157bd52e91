"""The window's light reads: titles, the source list and the map's claims and evidence counts.

Each must answer exactly what the full read it stands in for answers, only cheaper.
"""

from __future__ import annotations

from debateprep.exporters import side_rows
from debateprep.facade.library import Library
from debateprep.records import CardKind, LinkKind, Side
from debateprep.text.bundleindex import BundleIndex


def test_card_titles_follow_map_order_and_filters(starter_library: Library) -> None:
    library = starter_library
    motion_id = library.motions()[0].id
    full = library.cards(motion_id=motion_id)
    titles = library.card_titles(motion_id=motion_id)
    assert [(t.id, t.kind, t.side, t.tag) for t in titles] == [
        (c.id, c.kind, c.side, c.tag) for c in full
    ]
    claims = library.card_titles(motion_id=motion_id, kinds=(CardKind.ARGUMENT, "counterargument"))
    assert claims and not any(title.is_evidence for title in claims)
    assert [t.id for t in claims] == [c.id for c in full if not c.is_evidence]
    first, *rest = claims
    assert library.card_titles(motion_id=motion_id, kinds=("argument",), limit=1)[0].id == next(
        c.id for c in full if c.kind is CardKind.ARGUMENT
    )
    without = library.card_titles(
        motion_id=motion_id, kinds=("argument", "counterargument"), exclude=[first.id]
    )
    assert [t.id for t in without] == [t.id for t in rest]
    source_id = next(c.source_id for c in full if c.source_id is not None)
    assert {t.id for t in library.card_titles(source_id=source_id)} == {
        c.id for c in library.cards(source_id=source_id)
    }


def test_source_list_equals_sources(starter_library: Library) -> None:
    assert starter_library.source_list() == starter_library.sources()
    assert starter_library.source_titles() == [(s.id, s.title) for s in starter_library.sources()]
    assert starter_library.first_source_id() == min(s.id for s in starter_library.sources())


def test_empty_library_light_reads(empty_library: Library) -> None:
    assert empty_library.source_list() == []
    assert empty_library.source_titles() == []
    assert empty_library.first_source_id() is None
    assert empty_library.card_titles() == []


def test_claim_bundle_draws_the_same_map_as_the_full_bundle(starter_library: Library) -> None:
    library = starter_library
    motion_id = library.motions()[0].id
    # A label and a second motion's cards must not disturb anything.
    claim = library.card_titles(motion_id=motion_id, kinds=("argument",))[0]
    library.edit_card(claim.id, labels=["priority", "aff"])
    other = library.create_motion("Resolved: another.", "Yes", "No")
    library.create_card(CardKind.ARGUMENT, Side.A, "Elsewhere", motion_id=other.id)
    full = library.motion_bundle(motion_id)
    light = library.claim_bundle(motion_id)
    assert light.motion == full.motion
    assert list(light.cards) == [card for card in full.cards if not card.is_evidence]
    assert light.sources == ()
    index = BundleIndex.of(full)
    counts = library.evidence_counts(motion_id)
    assert counts == {
        card.id: len(index.evidence_for(card.id))
        for card in light.cards
        if index.evidence_for(card.id)
    }
    assert side_rows(light) == side_rows(full)
    light_index = BundleIndex.of(light)
    for card in light.cards:
        assert light_index.answers(card.id) == index.answers(card.id)
        assert light_index.answered_by(card.id) == index.answered_by(card.id)


def test_evidence_counts_ignore_other_links(empty_library: Library) -> None:
    library = empty_library
    motion = library.create_motion("Resolved: x.", "Pro", "Con")
    source = library.add_source("One two three four five six.", title="S")
    argument = library.create_card(CardKind.ARGUMENT, Side.A, "Claim", motion_id=motion.id)
    backing = library.create_card(CardKind.ARGUMENT, Side.A, "Backing", motion_id=motion.id)
    evidence = library.cut_card(source.id, 0, 7, tag="E", side=Side.A, motion_id=motion.id)
    stray = library.cut_card(source.id, 8, 13, tag="Stray", side=Side.A)  # no motion
    library.link(evidence.id, argument.id, LinkKind.SUPPORTS)
    library.link(backing.id, argument.id, LinkKind.SUPPORTS)  # an argument, not evidence
    library.link(stray.id, argument.id, LinkKind.SUPPORTS)  # evidence of no motion
    assert library.evidence_counts(motion.id) == {argument.id: 1}
    assert [card.id for card in library.claim_bundle(motion.id).cards] == [
        argument.id,
        backing.id,
    ]
