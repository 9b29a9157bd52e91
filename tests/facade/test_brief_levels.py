"""Brief levels (issue 12): pockets, hats and blocks, and sending a card to a brief of its side."""

from __future__ import annotations

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import SectionLevel


@pytest.fixture
def motion_id(empty_library: Library) -> int:
    return empty_library.create_motion("Resolved: X.", "Pro", "Con").id


def test_sections_keep_their_level_through_add_rename_and_move(
    empty_library: Library, motion_id: int
) -> None:
    lib = empty_library
    brief = lib.create_brief(motion_id, "A", "Pro brief")
    lib.add_brief_section(brief.id, "Block one")  # a block by default
    lib.add_brief_section(brief.id, "Case", position=0, level=SectionLevel.POCKET)
    brief = lib.add_brief_section(brief.id, "Harms", position=1, level=2)
    assert [(s.title, s.level) for s in brief.sections] == [
        ("Case", SectionLevel.POCKET),
        ("Harms", SectionLevel.HAT),
        ("Block one", SectionLevel.BLOCK),
    ]
    hat = brief.sections[1]
    lib.rename_brief_section(hat.id, "Harms!")
    brief = lib.move_brief_section(hat.id, 2)
    assert [(s.title, s.level) for s in brief.sections][2] == ("Harms!", SectionLevel.HAT)
    brief = lib.set_brief_section_level(hat.id, SectionLevel.BLOCK)
    assert lib.brief(brief.id).sections[2].level is SectionLevel.BLOCK
    with pytest.raises(UserError, match="pocket"):
        lib.set_brief_section_level(hat.id, 4)
    with pytest.raises(UserError, match="pocket"):
        lib.add_brief_section(brief.id, "Tag?", level=0)


def test_outline_sections_are_blocks(empty_library: Library, motion_id: int) -> None:
    empty_library.create_card("argument", "A", "Trust", motion_id=motion_id)
    brief = empty_library.create_brief(motion_id, "A", "", outline=True)
    assert [s.level for s in brief.sections] == [SectionLevel.BLOCK]


def test_send_to_brief_uses_the_last_block_or_makes_one(
    empty_library: Library, motion_id: int
) -> None:
    lib = empty_library
    first = lib.create_card("argument", "A", "First", motion_id=motion_id)
    second = lib.create_card("argument", "A", "Second", motion_id=motion_id)
    brief = lib.create_brief(motion_id, "A", "Pro brief")
    lib.add_brief_section(brief.id, "Case", level=SectionLevel.POCKET)
    brief, section_id = lib.send_to_brief(first.id, brief.id)
    # The pocket does not hold cards: a block "Cards" was made for it, after the pocket.
    assert [(s.title, s.level, s.card_ids) for s in brief.sections] == [
        ("Case", SectionLevel.POCKET, ()),
        ("Cards", SectionLevel.BLOCK, (first.id,)),
    ]
    assert section_id == brief.sections[1].id
    brief, again = lib.send_to_brief(second.id, brief.id)
    assert again == section_id and brief.sections[1].card_ids == (first.id, second.id)
    with pytest.raises(UserError, match="already"):
        lib.send_to_brief(second.id, brief.id, section_id)


def test_send_to_brief_never_takes_a_card_of_the_other_side(
    empty_library: Library, motion_id: int
) -> None:
    lib = empty_library
    con = lib.create_card("argument", "B", "Con claim", motion_id=motion_id)
    brief = lib.create_brief(motion_id, "A", "Pro brief")
    with pytest.raises(UserError, match="other side"):
        lib.send_to_brief(con.id, brief.id)
    with pytest.raises(UserError, match="other side"):
        lib.create_brief(motion_id, "A", "Pro again", card_ids=[con.id])
    assert lib.brief(brief.id).sections == ()
    started = lib.create_brief(motion_id, "B", "", card_ids=[con.id])
    assert [(s.title, s.card_ids) for s in started.sections] == [("Cards", (con.id,))]
