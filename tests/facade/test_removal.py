"""Deleting a source or a motion takes its cards, links and brief items; restoring brings
back exactly the same rows (same ids), so the window's undo loses nothing."""

from __future__ import annotations

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import LinkKind, Side

ARTICLE = "Cities will not cooperate.\n\nThe county jail holds people 48 hours longer."


def _snapshot(library: Library) -> tuple[object, ...]:
    """Everything a user could see of the library (ids included)."""
    return (
        library.sources(),
        library.motions(),
        library.cards(),
        library.links(),
        library.briefs(),
    )


def _world(library: Library) -> dict[str, int]:
    """A motion with a claim, evidence from one source linked to it, a brief holding both,
    and a second motion whose brief also holds the evidence."""
    source = library.add_source(ARTICLE, title="Jail")
    other_source = library.add_source("Another article about sanctuary policy.", title="Other")
    motion = library.create_motion("Resolved: X.", "Aff", "Neg")
    second = library.create_motion("Resolved: Y.", "Pro", "Con")
    claim = library.create_card("argument", "A", "Jails hold people", motion_id=motion.id)
    answer = library.create_card("counterargument", "B", "Not long", motion_id=motion.id)
    evidence = library.cut_card(source.id, 0, 10, tag="Cities", side=Side.A, motion_id=motion.id)
    kept = library.cut_card(other_source.id, 0, 7, tag="Kept", side=Side.A, motion_id=second.id)
    library.edit_card(evidence.id, labels=("jail", "county"))
    library.link(evidence.id, claim.id, LinkKind.SUPPORTS)
    library.link(answer.id, claim.id, LinkKind.ANSWERS)
    brief = library.create_brief(motion.id, Side.A, "Aff", outline=False)
    section = library.add_brief_section(brief.id, "Cards").sections[0].id
    library.add_to_brief(section, claim.id)
    library.add_to_brief(section, evidence.id)
    other_brief = library.create_brief(second.id, Side.A, "Pro", outline=False)
    other_section = library.add_brief_section(other_brief.id, "Cards").sections[0].id
    library.add_to_brief(other_section, kept.id)
    library.add_to_brief(other_section, evidence.id)
    return {
        "source": source.id,
        "motion": motion.id,
        "evidence": evidence.id,
        "kept": kept.id,
        "claim": claim.id,
    }


def test_delete_source_with_cards_and_restore(empty_library: Library) -> None:
    library = empty_library
    ids = _world(library)
    before = _snapshot(library)
    with pytest.raises(UserError, match="quoted by 1 evidence card"):
        library.delete_source(ids["source"])
    assert _snapshot(library) == before
    deleted = library.delete_source(ids["source"], with_cards=True)
    assert deleted.title == "Jail" and deleted.card_ids == (ids["evidence"],)
    assert [s.title for s in library.sources()] == ["Other"]
    assert ids["evidence"] not in {card.id for card in library.cards()}
    assert all(ids["evidence"] not in (ln.from_id, ln.to_id) for ln in library.links())
    assert all(ids["evidence"] not in s.card_ids for b in library.briefs() for s in b.sections)
    library.wait_for_index()
    assert library.search("county") == []
    library.restore_source(deleted)
    assert _snapshot(library) == before
    library.wait_for_index()
    assert [hit.id for hit in library.search("county")] == [ids["source"]]


def test_delete_motion_takes_cards_and_briefs_and_restores(empty_library: Library) -> None:
    library = empty_library
    ids = _world(library)
    before = _snapshot(library)
    assert library.motion_contents(ids["motion"]) == (3, 1)
    deleted = library.delete_motion(ids["motion"])
    assert [m.resolution for m in library.motions()] == ["Resolved: Y."]
    assert {card.id for card in library.cards()} == {ids["kept"]}
    assert [b.title for b in library.briefs()] == ["Pro"]
    assert library.links() == []
    assert len(deleted.card_ids) == 3 and len(deleted.brief_ids) == 1
    library.restore_motion(deleted)
    assert _snapshot(library) == before
    # Deleting again after the restore works the same way (nothing left half-restored).
    library.restore_motion(library.delete_motion(ids["motion"]))
    assert _snapshot(library) == before


def test_restore_skips_links_whose_other_card_went_meanwhile(empty_library: Library) -> None:
    library = empty_library
    ids = _world(library)
    deleted = library.delete_source(ids["source"], with_cards=True)
    library.delete_card(ids["claim"])  # the deleted evidence supported it
    library.restore_source(deleted)
    assert ids["evidence"] in {card.id for card in library.cards()}
    assert all(ids["claim"] not in (ln.from_id, ln.to_id) for ln in library.links())


def test_restore_refuses_when_the_source_exists_again(empty_library: Library) -> None:
    library = empty_library
    ids = _world(library)
    deleted = library.delete_source(ids["source"], with_cards=True)
    library.restore_source(deleted)
    with pytest.raises(UserError, match="exists again"):
        library.restore_source(deleted)
