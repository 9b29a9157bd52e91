"""Starter-map cards named by what their tags say, and answers taken away, for GUI tests.

Card ids are load order, so every rewrite of resources/starter_map.json shifts them; a test
that names a card by words of its tag keeps testing the same card. The starter answers every
argument (issue 16), so a test that needs an unanswered row makes one with the app's own
unlink action instead of relying on the content.
"""

from __future__ import annotations

from debateprep.facade.library import Library
from debateprep.gui.controller import Controller
from debateprep.records import LinkKind

# The two arguments the starter left unanswered before issue 16; tests unanswer them again.
GRANT_CUTS = "Cutting law-enforcement grants to punish sanctuary cities"
BETTER_TREATMENT = "give deportable defendants better treatment than citizens"


def card_id(library: Library, words: str) -> int:
    """The id of the one card whose tag contains ``words``."""
    found = [card.id for card in library.cards() if words in card.tag]
    assert len(found) == 1, f"{len(found)} cards have “{words}” in their tag, not 1"
    return found[0]


def leave_unanswered(controller: Controller, words: str) -> int:
    """Unlink every answer to the card whose tag contains ``words`` (one undo step each, as
    the card editor's Unlink does); its id."""
    claim_id = card_id(controller.library, words)
    answers = [
        link
        for link in controller.library.links(claim_id)
        if link.to_id == claim_id and link.kind is LinkKind.ANSWERS
    ]
    assert answers, f"nobody answers “{words}” to begin with"
    for link in answers:
        assert controller.unlink(link.from_id, claim_id, LinkKind.ANSWERS)
    return claim_id
