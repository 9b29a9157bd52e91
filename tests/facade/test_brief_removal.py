"""Deleting a brief section or a whole brief, and putting it back exactly (issue 12, item 4):
the same ids, titles, levels, places and cards in the same order, one transaction each."""

from __future__ import annotations

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import BriefRecord, SectionLevel, Side


def _brief(library: Library) -> tuple[BriefRecord, list[int]]:
    """A brief with a pocket, a hat and two blocks; the first block holds three cards."""
    motion = library.create_motion("Resolved: X.", "Pro", "Con")
    cards = [
        library.create_card("argument", "A", f"Claim {n}", motion_id=motion.id).id for n in range(3)
    ]
    brief = library.create_brief(motion.id, Side.A, "Aff")
    levels = (SectionLevel.POCKET, SectionLevel.HAT, SectionLevel.BLOCK, SectionLevel.BLOCK)
    for title, level in zip(("1AC", "Inherency", "Trust", "Empty"), levels, strict=True):
        brief = library.add_brief_section(brief.id, title, level=level)
    block = brief.sections[2].id
    for card_id in (cards[2], cards[0], cards[1]):  # not in id order: order must survive
        brief = library.add_to_brief(block, card_id)
    return brief, cards


def test_remove_section_says_what_went_and_restore_puts_it_back(empty_library: Library) -> None:
    library = empty_library
    brief, cards = _brief(library)
    block = brief.sections[2]
    removed = library.remove_brief_section(block.id)
    assert removed.position == 2
    assert removed.section == block  # id, title, level and cards in order
    assert removed.section.card_ids == (cards[2], cards[0], cards[1])
    assert removed.section.level is SectionLevel.BLOCK
    assert [s.title for s in removed.brief.sections] == ["1AC", "Inherency", "Empty"]
    assert library.brief(brief.id) == removed.brief
    assert len(library.cards()) == 3  # the cards stay in the library
    assert library.restore_brief_section(removed) == brief
    assert library.brief(brief.id) == brief


def test_restore_section_keeps_levels_of_a_pocket_and_skips_cards_gone(
    empty_library: Library,
) -> None:
    library = empty_library
    brief, cards = _brief(library)
    pocket = library.remove_brief_section(brief.sections[0].id)
    assert pocket.section.level is SectionLevel.POCKET
    block = library.remove_brief_section(brief.sections[2].id)
    assert block.position == 1  # among what is left
    library.delete_card(cards[0])
    library.restore_brief_section(block)
    restored = library.restore_brief_section(pocket)
    assert [(s.title, s.level) for s in restored.sections] == [
        (s.title, s.level) for s in brief.sections
    ]
    assert restored.sections[2].card_ids == (cards[2], cards[1])


def test_restore_section_refuses_when_it_exists_again(empty_library: Library) -> None:
    library = empty_library
    brief, _cards = _brief(library)
    removed = library.remove_brief_section(brief.sections[1].id)
    library.restore_brief_section(removed)
    with pytest.raises(UserError, match="exists again"):
        library.restore_brief_section(removed)
    assert library.brief(brief.id) == brief


def test_delete_brief_and_restore_with_same_ids(empty_library: Library) -> None:
    library = empty_library
    brief, cards = _brief(library)
    other = library.create_brief(brief.motion_id, Side.B, "Neg", outline=True)
    deleted = library.delete_brief(brief.id)
    assert deleted.title == "Aff" and deleted.brief_ids == (brief.id,)
    assert deleted.card_ids == ()  # no card goes with a brief
    assert library.briefs() == [other]
    assert len(library.cards()) == 3
    library.restore_brief(deleted)
    assert library.briefs() == [brief, other]
    assert library.brief(brief.id).sections[2].card_ids == (cards[2], cards[0], cards[1])
    # Deleting again after the restore works the same way.
    library.restore_brief(library.delete_brief(brief.id))
    assert library.briefs() == [brief, other]
    with pytest.raises(UserError, match="exists again"):
        library.restore_brief(deleted)


def test_restore_brief_skips_cards_gone_and_refuses_without_its_motion(
    empty_library: Library,
) -> None:
    library = empty_library
    brief, cards = _brief(library)
    deleted = library.delete_brief(brief.id)
    library.delete_card(cards[2])
    library.restore_brief(deleted)
    assert library.brief(brief.id).sections[2].card_ids == (cards[0], cards[1])
    deleted = library.delete_brief(brief.id)
    library.delete_motion(brief.motion_id)
    with pytest.raises(UserError, match="motion of brief “Aff” is gone"):
        library.restore_brief(deleted)
    assert library.briefs() == []


def test_brief_card_count(empty_library: Library) -> None:
    brief, _cards = _brief(empty_library)
    assert brief.card_count == 3
