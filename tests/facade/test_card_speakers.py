"""Quoted speakers on cards: proposed at cut time, edited, undone, cited; incomplete cites."""

from __future__ import annotations

import pytest

from debateprep.errors import UserError
from debateprep.facade.checkup import incomplete_cites
from debateprep.facade.library import Library
from debateprep.records import Cite
from debateprep.text.bundleindex import BundleIndex
from debateprep.text.cardtext import cite_line

TEXT = (
    "Sanctuary cities refused again.\n\n"
    "“These policies endanger law enforcement officers more than anyone,” said Acting ICE "
    "Director Thomas Homan. Cities disagreed.\n"
)
QUOTE = "These policies endanger law enforcement officers"


@pytest.fixture
def source_id(empty_library: Library) -> int:
    source = empty_library.add_source(TEXT, title="Homan warns", author="Robert Kraychik")
    return source.id


def test_cut_inside_an_attributed_quote_proposes_the_speaker(
    empty_library: Library, source_id: int
) -> None:
    start = TEXT.index(QUOTE)
    card = empty_library.cut_card(source_id, start, start + len(QUOTE), tag="T", side="A")
    assert (card.speaker, card.speaker_quals) == ("Thomas Homan", "Acting ICE Director")
    assert empty_library.card(card.id).cite.speaker == "Thomas Homan"


def test_cut_of_the_authors_words_names_no_speaker(empty_library: Library, source_id: int) -> None:
    card = empty_library.cut_card(source_id, 0, 30, tag="T", side="A")
    assert (card.speaker, card.speaker_quals) == ("", "")


def test_speaker_fields_are_edited_and_cleared(empty_library: Library, source_id: int) -> None:
    card = empty_library.cut_card(source_id, 0, 30, tag="T", side="A")
    edited = empty_library.edit_card(card.id, speaker=" Jeff  Sessions ", speaker_quals="AG")
    assert (edited.speaker, edited.speaker_quals) == ("Jeff Sessions", "AG")
    cleared = empty_library.edit_card(card.id, cite=Cite(author="Robert Kraychik"))
    assert (cleared.speaker, cleared.speaker_quals) == ("", "")
    claim = empty_library.create_card("argument", "A", "Claim")
    with pytest.raises(UserError):
        empty_library.edit_card(claim.id, speaker="Jeff Sessions")


def test_speaker_survives_delete_and_restore(empty_library: Library, source_id: int) -> None:
    card = empty_library.cut_card(source_id, 0, 30, tag="T", side="A")
    card = empty_library.edit_card(card.id, speaker="Jeff Sessions", speaker_quals="AG")
    restored = empty_library.restore_card(empty_library.delete_card(card.id))
    assert (restored.speaker, restored.speaker_quals) == ("Jeff Sessions", "AG")


def test_speaker_cite_in_markdown(empty_library: Library, source_id: int) -> None:
    motion = empty_library.create_motion("Resolved: x.", "Pro", "Con")
    card = empty_library.cut_card(source_id, 0, 30, tag="T", side="A", motion_id=motion.id)
    empty_library.edit_card(card.id, speaker="Jeff Sessions", speaker_quals="Attorney General")
    bundle = empty_library.motion_bundle(motion.id)
    index = BundleIndex.of(bundle)
    line = cite_line(index.cards[card.id], index)
    assert line.startswith(
        "Jeff **Sessions**, Attorney General, quoted in **Kraychik n.d.** (Robert Kraychik"
    )


def test_incomplete_cites_lists_sources_with_what_they_lack(
    empty_library: Library, source_id: int
) -> None:
    empty_library.add_source(
        "Text.", title="Full", author="Jeff Sessions", qualifications="AG", date="2018"
    )
    assert incomplete_cites(empty_library) == [
        f'Source {source_id} "Homan warns": no date, no qualifications'
    ]


def test_map_counts_evidence_with_incomplete_cites(empty_library: Library, source_id: int) -> None:
    motion = empty_library.create_motion("Resolved: x.", "Pro", "Con")
    claim = empty_library.create_card("argument", "A", "Claim", motion_id=motion.id)
    full = empty_library.add_source(
        "Full text.", title="Full", author="Jeff Sessions", qualifications="AG", date="2018"
    )
    for source in (source_id, full.id):
        card = empty_library.cut_card(source, 0, 4, tag="E", side="A", motion_id=motion.id)
        empty_library.link(card.id, claim.id, "supports")
    assert empty_library.incomplete_cite_counts(motion.id) == {claim.id: 1}
