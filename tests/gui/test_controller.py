"""Undo/redo round trips for every edit kind, through the window's controller."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.gui.controller import Controller
from debateprep.records import CardKind, Cite, LinkKind, Side


def _snapshot(controller: Controller) -> tuple[object, ...]:
    library = controller.library
    return (
        library.cards(),
        library.links(),
        library.briefs(),
        [library.source(s.id) for s in library.sources()],
    )


def test_cut_card_undo_redo_keeps_the_same_id(controller: Controller) -> None:
    library = controller.library
    source = next(s for s in library.sources() if "Gambia" in library.source_text(s.id))
    text = library.source_text(source.id)
    start = text.index("Gambia")
    before = _snapshot(controller)
    card = controller.cut_card(source.id, start, start + 6, tag="Gambia", side=Side.B)
    assert card is not None and card.quote == "Gambia"
    controller.undo_stack.undo()
    assert _snapshot(controller) == before
    controller.undo_stack.redo()
    assert library.card(card.id) == card


def test_create_edit_delete_round_trips(controller: Controller) -> None:
    library = controller.library
    stack = controller.undo_stack
    states = [_snapshot(controller)]
    card = controller.create_card(CardKind.ARGUMENT, Side.A, "Trust matters")
    assert card is not None
    states.append(_snapshot(controller))
    assert controller.edit_card(card.id, tag="Trust matters most", labels=["trust"])
    states.append(_snapshot(controller))
    evidence = library.cards(kind="evidence")[0]
    cite = Cite(author="Someone Else", date="2019")
    assert controller.edit_card(evidence.id, cite=cite, highlights=[(0, 5)])
    states.append(_snapshot(controller))
    assert controller.edit_card(evidence.id, span=(evidence.start, (evidence.end or 0) - 1))
    states.append(_snapshot(controller))
    assert controller.link(evidence.id, card.id, LinkKind.SUPPORTS) is not None
    states.append(_snapshot(controller))
    assert controller.unlink(evidence.id, card.id, LinkKind.SUPPORTS)
    states.append(_snapshot(controller))
    assert controller.delete_card(evidence.id)
    states.append(_snapshot(controller))
    for expected in reversed(states[:-1]):
        stack.undo()
        assert _snapshot(controller) == expected
    for expected in states[1:]:
        stack.redo()
        assert _snapshot(controller) == expected


def test_refused_edit_shows_a_message_and_pushes_nothing(
    controller: Controller, qtbot: QtBot
) -> None:
    card = controller.library.cards(kind="argument")[0]
    with qtbot.waitSignal(controller.userError) as blocker:
        assert not controller.edit_card(card.id, tag="   ")
    assert "needs a tag" in blocker.args[0]
    assert controller.undo_stack.count() == 0
    with qtbot.waitSignal(controller.userError):
        assert controller.link(card.id, card.id, LinkKind.SUPPORTS) is None
    assert controller.undo_stack.count() == 0


def test_delete_undo_restores_links_and_brief_places(controller: Controller) -> None:
    library = controller.library
    brief = controller.create_brief(Side.A, "Aff")
    assert brief is not None
    argument = library.card(brief.sections[0].card_ids[0])
    before = _snapshot(controller)
    assert library.links(argument.id)
    assert controller.delete_card(argument.id)
    assert not library.links(argument.id)
    controller.undo_stack.undo()
    assert _snapshot(controller) == before
    controller.undo_stack.redo()
    assert not library.links(argument.id)


def test_reorder_and_brief_edits_round_trip(controller: Controller) -> None:
    library = controller.library
    stack = controller.undo_stack
    motion_id = controller.current_motion_id
    ids = [c.id for c in library.cards(motion_id=motion_id, side="A", kind="argument")]
    states = [_snapshot(controller)]
    assert controller.reorder_cards([ids[1], ids[0], *ids[2:]])
    states.append(_snapshot(controller))
    brief = controller.create_brief(Side.B, "Neg")
    assert brief is not None
    states.append(_snapshot(controller))
    first, second = brief.sections[0], brief.sections[1]
    assert controller.move_in_brief(first.id, first.card_ids[0], second.id, 0)
    states.append(_snapshot(controller))
    assert controller.remove_from_brief(second.id, second.card_ids[0])
    states.append(_snapshot(controller))
    assert controller.add_to_brief(first.id, ids[0])
    states.append(_snapshot(controller))
    assert controller.add_brief_section(brief.id, "Extensions")
    states.append(_snapshot(controller))
    source = library.sources()[0]
    assert controller.edit_source(source.id, author="J. Sessions") is not None
    states.append(_snapshot(controller))
    for expected in reversed(states[:-1]):
        stack.undo()
        assert _snapshot(controller) == expected
    for expected in states[1:]:
        stack.redo()
        assert _snapshot(controller) == expected


def _other_window(controller: Controller) -> Library:
    """The same library opened a second time, as another window or process would."""
    return Library.open(controller.library.path, starter=False, index=False)


def test_undo_refused_by_the_library_keeps_the_stack_in_step(
    controller: Controller, qtbot: QtBot
) -> None:
    card = controller.create_card(CardKind.ARGUMENT, Side.A, "Trust matters")
    assert card is not None
    assert controller.edit_card(card.id, tag="Trust matters most")
    stack = controller.undo_stack
    assert stack.index() == 2
    with _other_window(controller) as other:
        other.delete_card(card.id)
    with qtbot.waitSignal(controller.changed), qtbot.waitSignal(controller.userError) as blocker:
        assert not controller.undo()
    assert blocker.args[0].startswith("Could not undo “Edit card”:")
    assert "\n" not in blocker.args[0]
    assert stack.index() == 2  # where it was: the edit was not undone
    # Undo again: still refused, still in step (nothing was replayed twice).
    with qtbot.waitSignal(controller.userError):
        assert not controller.undo()
    assert stack.index() == 2
    with pytest.raises(UserError):
        controller.library.card(card.id)  # nothing was brought back behind the user's back


def test_redo_refused_by_the_library_keeps_the_stack_in_step(
    controller: Controller, qtbot: QtBot
) -> None:
    card = controller.create_card(CardKind.ARGUMENT, Side.A, "Trust matters")
    assert card is not None
    assert controller.edit_card(card.id, tag="Trust matters most")
    assert controller.undo()
    stack = controller.undo_stack
    assert stack.index() == 1 and controller.library.card(card.id).tag == "Trust matters"
    with _other_window(controller) as other:
        other.delete_card(card.id)
    with qtbot.waitSignal(controller.userError) as blocker:
        assert not controller.redo()
    assert blocker.args[0].startswith("Could not redo “Edit card”:")
    assert stack.index() == 1
    assert stack.redoText() == "Edit card"


def test_a_macro_with_one_refused_step_is_put_back_whole(
    controller: Controller, qtbot: QtBot
) -> None:
    library = controller.library
    evidence = library.cards(kind="evidence")[:2]
    claim = controller.create_card(CardKind.ARGUMENT, Side.A, "Claim")
    assert claim is not None
    stack = controller.undo_stack
    stack.beginMacro("Link two")
    for card in evidence:
        assert controller.link(card.id, claim.id, LinkKind.SUPPORTS) is not None
    stack.endMacro()
    links_before = sorted(
        (link.from_id, link.to_id) for link in library.links() if link.to_id == claim.id
    )
    assert len(links_before) == 2
    index = stack.index()
    # Another window removes one of the two links: undoing the macro cannot unlink it.
    with _other_window(controller) as other:
        other.unlink(evidence[0].id, claim.id, LinkKind.SUPPORTS)
    with qtbot.waitSignal(controller.userError):
        assert not controller.undo()
    assert stack.index() == index
    links_after = sorted(
        (link.from_id, link.to_id) for link in library.links() if link.to_id == claim.id
    )
    # The link that could be undone was put back; the one another window removed stays gone.
    assert links_after == [(evidence[1].id, claim.id)]


@pytest.mark.parametrize("action", ["answer_claim", "support_claim"])
def test_answer_and_support_are_one_undo_step(controller: Controller, action: str) -> None:
    library = controller.library
    claim = library.cards(kind="argument")[0]
    before = _snapshot(controller)
    depth = controller.undo_stack.count()
    card = getattr(controller, action)(claim.id)
    assert card is not None
    assert controller.undo_stack.count() == depth + 1
    assert any(link.from_id == card.id and link.to_id == claim.id for link in library.links())
    controller.undo_stack.undo()
    assert library.cards() == before[0] or action == "support_claim"
    assert library.links() == before[1]
    assert all(c.id != card.id for c in library.cards())
    controller.undo_stack.redo()
    assert library.card(card.id).tag == card.tag
    assert any(link.from_id == card.id and link.to_id == claim.id for link in library.links())
