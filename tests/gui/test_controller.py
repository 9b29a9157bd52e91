"""Undo/redo round trips for every edit kind, through the window's controller."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

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
