"""Link actions and motions: supports/answers rules, unlink, motion validation."""

from __future__ import annotations

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import LinkKind


@pytest.fixture
def cards(empty_library: Library) -> dict[str, int]:
    source = empty_library.add_source("ICE asked for the man. The request was denied.", title="S")
    return {
        "claim_a": empty_library.create_card("argument", "A", "Claim A").id,
        "claim_b": empty_library.create_card("argument", "B", "Claim B").id,
        "answer_b": empty_library.create_card("counterargument", "B", "Answer B").id,
        "evidence_a": empty_library.cut_card(source.id, 0, 22, tag="Ev A", side="A").id,
    }


def test_link_and_unlink(empty_library: Library, cards: dict[str, int]) -> None:
    support = empty_library.link(cards["evidence_a"], cards["claim_a"], "supports")
    answer = empty_library.link(cards["answer_b"], cards["claim_a"], LinkKind.ANSWERS)
    assert support.kind is LinkKind.SUPPORTS and answer.kind is LinkKind.ANSWERS
    assert empty_library.links(cards["claim_a"]) == [support, answer]
    removed = empty_library.unlink(cards["answer_b"], cards["claim_a"], "answers")
    assert removed == answer
    assert empty_library.links() == [support]
    with pytest.raises(UserError, match="does not answer"):
        empty_library.unlink(cards["answer_b"], cards["claim_a"], "answers")


@pytest.mark.parametrize(
    ("source", "target", "kind", "message"),
    [
        ("claim_a", "claim_a", "supports", "itself"),
        ("answer_b", "claim_b", "answers", "other side"),
        ("claim_a", "evidence_a", "supports", "is evidence"),
        ("evidence_a", "claim_b", "answers", "Evidence cannot answer"),
        ("claim_a", "claim_b", "rebuts", "Unknown link kind"),
    ],
)
def test_invalid_links_are_refused(
    empty_library: Library, cards: dict[str, int], source: str, target: str, kind: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        empty_library.link(cards[source], cards[target], kind)
    assert empty_library.links() == []


def test_duplicate_links_and_unknown_cards(empty_library: Library, cards: dict[str, int]) -> None:
    empty_library.link(cards["evidence_a"], cards["claim_a"], "supports")
    with pytest.raises(UserError, match="already supports"):
        empty_library.link(cards["evidence_a"], cards["claim_a"], "supports")
    with pytest.raises(UserError, match="no card with id 999"):
        empty_library.link(999, cards["claim_a"], "supports")
    assert len(empty_library.links()) == 1


def test_deleting_a_card_deletes_its_links(empty_library: Library, cards: dict[str, int]) -> None:
    empty_library.link(cards["evidence_a"], cards["claim_a"], "supports")
    empty_library.link(cards["answer_b"], cards["claim_a"], "answers")
    empty_library.delete_card(cards["claim_a"])
    assert empty_library.links() == []


def test_motions(empty_library: Library) -> None:
    with pytest.raises(UserError, match="no motion yet"):
        empty_library.default_motion()
    motion = empty_library.create_motion(" Resolved:  X. ", "Aff", "Neg")
    assert motion.resolution == "Resolved: X."
    assert empty_library.default_motion() == motion
    edited = empty_library.edit_motion(motion.id, side_b="Negative")
    assert (edited.side_a, edited.side_b) == ("Aff", "Negative")
    assert empty_library.motions() == [edited]
    with pytest.raises(UserError, match="different names"):
        empty_library.create_motion("R", "Same", "same")
    with pytest.raises(UserError, match="resolution"):
        empty_library.create_motion("  ", "A", "B")
