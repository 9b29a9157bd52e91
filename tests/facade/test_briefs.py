"""Brief actions: create, outline, sections, add/remove/move cards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import Side


@pytest.fixture
def setup(empty_library: Library) -> dict[str, int]:
    motion = empty_library.create_motion("Resolved: X.", "Pro", "Con")
    source = empty_library.add_source("Detainers hold people longer. Trust falls.", title="S")
    claim = empty_library.create_card("argument", "A", "Trust", motion_id=motion.id)
    other = empty_library.create_card("argument", "B", "Safety", motion_id=motion.id)
    answer = empty_library.create_card("counterargument", "A", "Not safer", motion_id=motion.id)
    evidence = empty_library.cut_card(source.id, 0, 29, tag="Ev", side="A", motion_id=motion.id)
    empty_library.link(evidence.id, claim.id, "supports")
    empty_library.link(answer.id, other.id, "answers")
    return {
        "motion": motion.id,
        "claim": claim.id,
        "answer": answer.id,
        "evidence": evidence.id,
    }


def test_outline_has_a_section_per_claim(empty_library: Library, setup: dict[str, int]) -> None:
    outline = empty_library.outline_brief(setup["motion"], "Pro")
    assert outline.id == 0 and outline.side is Side.A
    assert [s.title for s in outline.sections] == ["Trust", "A2: Safety"]
    assert outline.sections[0].card_ids == (setup["claim"], setup["evidence"])
    assert outline.sections[1].card_ids == (setup["answer"],)


def test_build_and_reorder_a_brief(empty_library: Library, setup: dict[str, int]) -> None:
    brief = empty_library.create_brief(setup["motion"], "A", "")
    assert brief.title == "Pro brief" and brief.sections == ()
    brief = empty_library.add_brief_section(brief.id, "Case")
    brief = empty_library.add_brief_section(brief.id, "Answers")
    case, answers = (section.id for section in brief.sections)
    empty_library.add_to_brief(case, setup["claim"])
    empty_library.add_to_brief(case, setup["evidence"])
    brief = empty_library.add_to_brief(case, setup["answer"], position=0)
    assert brief.sections[0].card_ids == (setup["answer"], setup["claim"], setup["evidence"])
    brief = empty_library.move_in_brief(case, setup["answer"], answers, 0)
    assert brief.sections[0].card_ids == (setup["claim"], setup["evidence"])
    assert brief.sections[1].card_ids == (setup["answer"],)
    brief = empty_library.move_in_brief(case, setup["evidence"], case, 0)
    assert brief.sections[0].card_ids == (setup["evidence"], setup["claim"])
    brief = empty_library.move_brief_section(answers, 0)
    assert [s.title for s in brief.sections] == ["Answers", "Case"]
    brief = empty_library.rename_brief_section(answers, "A2 their case")
    assert brief.sections[0].title == "A2 their case"
    brief = empty_library.remove_from_brief(case, setup["claim"])
    assert brief.sections[1].card_ids == (setup["evidence"],)
    removed = empty_library.remove_brief_section(answers)
    brief = removed.brief
    assert [s.title for s in brief.sections] == ["Case"]
    assert (removed.position, removed.section.title) == (0, "A2 their case")
    assert empty_library.brief(brief.id) == brief
    assert empty_library.briefs(setup["motion"]) == [brief]


def test_brief_refusals(empty_library: Library, setup: dict[str, int]) -> None:
    brief = empty_library.create_brief(setup["motion"], "A", "Mine", outline=True)
    first = brief.sections[0].id
    with pytest.raises(UserError, match="already in section"):
        empty_library.add_to_brief(first, setup["claim"])
    with pytest.raises(UserError, match="not in section"):
        empty_library.remove_from_brief(first, setup["answer"])
    with pytest.raises(UserError, match="no brief section"):
        empty_library.add_to_brief(999, setup["claim"])
    with pytest.raises(UserError, match="Unknown side"):
        empty_library.create_brief(setup["motion"], "Maybe", "x")
    other = empty_library.create_brief(setup["motion"], "B", "Theirs", outline=True)
    with pytest.raises(UserError, match="same brief"):
        empty_library.move_in_brief(first, setup["claim"], other.sections[0].id, 0)
    assert empty_library.brief(brief.id) == brief


def test_rename_and_delete_brief(empty_library: Library, setup: dict[str, int]) -> None:
    brief = empty_library.create_brief(setup["motion"], "A", "Old", outline=True)
    assert empty_library.rename_brief(brief.id, "New").title == "New"
    empty_library.delete_brief(brief.id)
    assert empty_library.briefs() == []
    assert len(empty_library.cards()) == 4


@contextmanager
def statements(library: Library) -> Iterator[list[str]]:
    """The SQL statements the library runs inside the block."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    engine = library._store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_brief_records_take_a_few_queries_however_many_sections(
    empty_library: Library, setup: dict[str, int]
) -> None:
    brief = empty_library.create_brief(setup["motion"], "A", "Many")
    for n in range(40):
        brief = empty_library.add_brief_section(brief.id, f"Section {n}")
    last = brief.sections[-1].id
    empty_library.add_to_brief(brief.sections[0].id, setup["claim"])
    with statements(empty_library) as seen:
        loaded = empty_library.brief(brief.id)
    assert len(loaded.sections) == 40 and loaded.sections[0].card_ids == (setup["claim"],)
    # brief, sections, items (one query each), not one query per section.
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) <= 4
    with statements(empty_library) as seen:
        edited = empty_library.add_to_brief(last, setup["evidence"])
    assert edited.sections[-1].card_ids == (setup["evidence"],)
    assert edited == empty_library.brief(brief.id)
    assert len(seen) < 20
    assert empty_library.briefs() == [edited]


def test_outline_uses_links_to_and_from_its_own_side_only(
    empty_library: Library, setup: dict[str, int]
) -> None:
    other = empty_library.create_motion("Resolved: Y.", "Yes", "No")
    elsewhere = empty_library.create_card("argument", "B", "Elsewhere", motion_id=other.id)
    far = empty_library.create_card("counterargument", "B", "Far answer", motion_id=other.id)
    source = empty_library.add_source("Other motion evidence text here.", title="T")
    stray = empty_library.cut_card(source.id, 0, 20, tag="Stray", side="A", motion_id=other.id)
    # An answer to a card of another motion still titles its block; evidence filed under
    # another motion stays out of this motion's brief; links among other cards are ignored.
    empty_library.link(setup["answer"], elsewhere.id, "answers")
    empty_library.link(stray.id, setup["claim"], "supports")
    empty_library.link(far.id, setup["claim"], "answers")
    outline = empty_library.outline_brief(setup["motion"], "A")
    assert [s.title for s in outline.sections] == ["Trust", "A2: Safety; Elsewhere"]
    assert outline.sections[0].card_ids == (setup["claim"], setup["evidence"])
    assert outline.sections[1].card_ids == (setup["answer"],)
