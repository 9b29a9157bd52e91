"""The card list models: qtmodeltester on each, filtering, drags and link rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from debateprep.gui.cardmodels import (
    CardIdRole,
    CardLinksModel,
    CardListModel,
    TagRole,
    link_rows,
)
from debateprep.gui.controller import Controller
from debateprep.gui.mime import card_ids_from_mime
from debateprep.records import Side


def test_card_list_and_links_models(controller: Controller, qtmodeltester: ModelTester) -> None:
    library = controller.library
    cards = library.cards(motion_id=controller.current_motion_id)
    model = CardListModel()
    model.set_rows(cards, {Side.A: "Pro", Side.B: "Con"})
    qtmodeltester.check(model)
    first = model.index(0, 0)
    assert first.data(CardIdRole) == cards[0].id
    assert first.data(TagRole) == cards[0].tag
    assert first.data(Qt.ItemDataRole.DisplayRole).startswith("Pro · ")
    assert card_ids_from_mime(model.mimeData([first, model.index(1, 0)])) == [
        cards[0].id,
        cards[1].id,
    ]
    model.set_filter("GRANT")
    assert 0 < model.rowCount() < len(cards)
    assert all("grant" in model.index(n, 0).data(TagRole).lower() for n in range(model.rowCount()))
    qtmodeltester.check(model)

    by_id = {card.id: card for card in cards}
    rows = link_rows(1, library.links(1), by_id)
    links = CardLinksModel()
    links.set_rows(rows)
    qtmodeltester.check(links)
    labels = [links.index(n, 0).data() for n in range(links.rowCount())]
    assert labels[0].startswith("answered by ← ")
    assert all(label.startswith("supported by ← ") for label in labels[1:])
    assert links.row_at(0) == rows[0] and links.row_at(99) is None
