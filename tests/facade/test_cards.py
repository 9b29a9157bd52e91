"""Card actions: cutting evidence, writing claims, editing, deleting, restoring, ordering."""

from __future__ import annotations

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import CardKind, Cite, Highlight, LinkKind, Side

TEXT = "  Cities “won’t” cooperate with ICE.  Jails hold people 48 hours longer.\n"


@pytest.fixture
def source_id(empty_library: Library) -> int:
    return empty_library.add_source(TEXT, title="Jails", author="Ana Ruiz", date="2018").id


@pytest.fixture
def motion_id(empty_library: Library) -> int:
    return empty_library.create_motion("Resolved: sanctuary.", "Pro", "Con").id


def test_cut_card_quotes_the_exact_span(empty_library: Library, source_id: int) -> None:
    start = TEXT.index("Cities")
    end = TEXT.index("ICE.") + 4
    card = empty_library.cut_card(source_id, start, end, tag="Cities refuse", side="A")
    assert card.kind is CardKind.EVIDENCE
    assert card.quote == TEXT[start:end] == "Cities “won’t” cooperate with ICE."
    assert (card.start, card.end) == (start, end)
    assert card.cite == Cite(author="Ana Ruiz", date="2018", title="Jails")


def test_cut_card_trims_white_space_at_the_edges(empty_library: Library, source_id: int) -> None:
    card = empty_library.cut_card(source_id, 0, TEXT.index("ICE.") + 6, tag="T", side="A")
    assert card.quote == "Cities “won’t” cooperate with ICE."
    assert TEXT[card.start : card.end] == card.quote


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-1, 5, "outside"), (5, 5, "outside"), (10, 500, "outside"), (0, 2, "white space")],
)
def test_cut_card_refuses_bad_spans(
    empty_library: Library, source_id: int, start: int, end: int, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        empty_library.cut_card(source_id, start, end, tag="T", side="A")
    assert empty_library.cards() == []


def test_tags_are_required_and_one_line(empty_library: Library, source_id: int) -> None:
    with pytest.raises(UserError, match="needs a tag"):
        empty_library.cut_card(source_id, 2, 10, tag=" \n ", side="A")
    with pytest.raises(UserError, match="needs a tag"):
        empty_library.create_card("argument", "A", "")
    card = empty_library.create_card("argument", "A", "Line one\nline two")
    assert card.tag == "Line one line two"


def test_highlights_must_lie_inside_the_quote(empty_library: Library, source_id: int) -> None:
    with pytest.raises(UserError, match="outside the quote"):
        empty_library.cut_card(source_id, 2, 12, tag="T", side="A", highlights=[(0, 50)])
    card = empty_library.cut_card(
        source_id, 2, 36, tag="T", side="A", highlights=[(20, 30), (0, 6), (5, 8)]
    )
    assert card.highlights == (Highlight(0, 8), Highlight(20, 30))


def test_create_card_kinds_and_sides(empty_library: Library, motion_id: int) -> None:
    argument = empty_library.create_card("argument", "Pro", "Trust", motion_id=motion_id)
    assert argument.side is Side.A and argument.kind is CardKind.ARGUMENT
    answer = empty_library.create_card(
        CardKind.COUNTERARGUMENT, "con", "Safety", motion_id=motion_id, labels=["Crime", "crime"]
    )
    assert answer.side is Side.B and answer.labels == ("crime",)
    with pytest.raises(UserError, match="cut from a source"):
        empty_library.create_card("evidence", "A", "x")
    with pytest.raises(UserError, match="Unknown card kind"):
        empty_library.create_card("rebuttal", "A", "x")
    with pytest.raises(UserError, match="Unknown side"):
        empty_library.create_card("argument", "Maybe", "x", motion_id=motion_id)
    with pytest.raises(UserError, match="no motion with id 42"):
        empty_library.create_card("argument", "A", "x", motion_id=42)


def test_edit_card_changes_fields(empty_library: Library, source_id: int) -> None:
    card = empty_library.cut_card(source_id, 2, 36, tag="Old", side="A")
    edited = empty_library.edit_card(
        card.id,
        tag="New tag",
        notes="Why it matters",
        labels=["Trust"],
        highlights=[(0, 6)],
        cite=Cite(author="A. Ruiz", date="July 2018"),
    )
    assert edited.tag == "New tag" and edited.notes == "Why it matters"
    assert edited.labels == ("trust",) and edited.highlights == (Highlight(0, 6),)
    assert edited.cite.author == "A. Ruiz" and edited.cite.title == ""
    assert empty_library.card(card.id) == edited


def test_edit_card_refusals_leave_the_card_unchanged(
    empty_library: Library, source_id: int
) -> None:
    argument = empty_library.create_card("argument", "A", "Claim")
    evidence = empty_library.cut_card(source_id, 2, 36, tag="Ev", side="A")
    with pytest.raises(UserError, match="cannot become"):
        empty_library.edit_card(evidence.id, kind="argument", tag="changed")
    with pytest.raises(UserError, match="Only evidence"):
        empty_library.edit_card(argument.id, highlights=[(0, 1)])
    with pytest.raises(UserError, match="needs a tag"):
        empty_library.edit_card(argument.id, tag="")
    assert empty_library.card(evidence.id) == evidence
    assert empty_library.card(argument.id) == argument
    switched = empty_library.edit_card(argument.id, kind="counterargument")
    assert switched.kind is CardKind.COUNTERARGUMENT


def test_changing_side_cannot_make_a_side_answer_itself(empty_library: Library) -> None:
    claim = empty_library.create_card("argument", "A", "Claim")
    answer = empty_library.create_card("counterargument", "B", "Answer")
    empty_library.link(answer.id, claim.id, LinkKind.ANSWERS)
    with pytest.raises(UserError, match="side cannot answer itself"):
        empty_library.edit_card(answer.id, side="A")
    assert empty_library.card(answer.id).side is Side.B


def test_delete_and_restore_bring_back_links_and_brief_places(
    empty_library: Library, source_id: int, motion_id: int
) -> None:
    claim = empty_library.create_card("argument", "A", "Claim", motion_id=motion_id)
    answer = empty_library.create_card("counterargument", "B", "Answer", motion_id=motion_id)
    evidence = empty_library.cut_card(
        source_id, 2, 36, tag="Ev", side="A", motion_id=motion_id, labels=["x"]
    )
    empty_library.link(evidence.id, claim.id, "supports")
    empty_library.link(answer.id, claim.id, "answers")
    brief = empty_library.create_brief(motion_id, "A", "Aff", outline=True)
    before_links = empty_library.links()
    before_brief = empty_library.brief(brief.id)

    deleted = empty_library.delete_card(claim.id)
    assert {link.id for link in deleted.links} == {link.id for link in before_links}
    assert empty_library.links() == []
    with pytest.raises(UserError):
        empty_library.card(claim.id)
    assert claim.id not in empty_library.brief(brief.id).sections[0].card_ids
    assert empty_library.search("claim") == []

    restored = empty_library.restore_card(deleted)
    assert restored == claim
    assert empty_library.links() == before_links
    assert empty_library.brief(brief.id) == before_brief
    assert [hit.id for hit in empty_library.search("claim")] == [claim.id]


def test_reorder_cards(empty_library: Library, motion_id: int) -> None:
    ids = [
        empty_library.create_card("argument", "A", f"Claim {n}", motion_id=motion_id).id
        for n in range(4)
    ]
    empty_library.reorder_cards([ids[2], ids[0], ids[3], ids[1]])
    order = [card.id for card in empty_library.cards(motion_id=motion_id, side="A")]
    assert order == [ids[2], ids[0], ids[3], ids[1]]
    other = empty_library.create_card("argument", "B", "Other", motion_id=motion_id)
    with pytest.raises(UserError, match="same motion and side"):
        empty_library.reorder_cards([ids[0], other.id])


def test_card_filters(empty_library: Library, source_id: int, motion_id: int) -> None:
    empty_library.create_card("argument", "A", "One", motion_id=motion_id, labels=["trust"])
    empty_library.create_card("argument", "B", "Two", motion_id=motion_id)
    empty_library.cut_card(source_id, 2, 36, tag="Ev", side="B", motion_id=motion_id)
    assert [c.tag for c in empty_library.cards(kind="evidence")] == ["Ev"]
    assert [c.tag for c in empty_library.cards(side="Con", motion_id=motion_id)] == ["Two", "Ev"]
    assert [c.tag for c in empty_library.cards(label="Trust")] == ["One"]
    assert [c.tag for c in empty_library.cards(source_id=source_id)] == ["Ev"]


def test_restore_keeps_the_card_timestamps(empty_library: Library) -> None:
    card = empty_library.create_card("argument", "A", "Claim")
    deleted = empty_library.delete_card(card.id)
    assert deleted.times[0]
    empty_library.restore_card(deleted)
    again = empty_library.delete_card(card.id)
    assert again.times == deleted.times


def test_cards_by_ids_and_counts(empty_library: Library, source_id: int) -> None:
    first = empty_library.create_card("argument", "A", "One")
    empty_library.create_card("argument", "B", "Two")
    third = empty_library.cut_card(source_id, 2, 36, tag="Three", side="A")
    assert [c.id for c in empty_library.cards(ids={third.id, first.id})] == [first.id, third.id]
    assert empty_library.cards(ids=[]) == []
    assert empty_library.counts() == (1, 3)
