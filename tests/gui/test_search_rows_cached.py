"""Result rows are laid out once, not on every size query and paint (issue 14, item 6: the
GUI thread spent most of each arriving result set re-parsing the rows' rich text)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QListView, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from debateprep.gui.controller import Controller
from debateprep.gui.search_panel import SearchPanel
from debateprep.gui.searchmodels import SearchHitDelegate
from debateprep.search import SearchHit

HIT = SearchHit(
    key="card:1",
    doc_type="card",
    id=1,
    title="Tag",
    kind="evidence",
    side="A",
    source_id=None,
    motion_id=None,
    score=1.0,
    snippet="a hot oven",
    highlights=((6, 10),),
    offset=None,
    match_length=0,
)


def test_a_row_is_laid_out_once_per_hit_width_and_colouring(
    qtbot: QtBot, controller: Controller
) -> None:
    panel = SearchPanel(controller)
    qtbot.addWidget(panel)
    panel.model.set_hits([HIT])
    delegate = panel.results.itemDelegate()
    assert isinstance(delegate, SearchHitDelegate)
    option = QStyleOptionViewItem()
    index = panel.model.index(0)
    first = delegate._document(option, index, 300)
    assert delegate._document(option, index, 300) is first  # reused
    assert delegate._document(option, index, 200) is not first  # another width
    assert delegate._document(option, index, 300, selected=True) is not first
    longer = replace(HIT, snippet="a hot oven " * 40, highlights=())
    panel.model.set_hits([longer])  # new results: new rows, never the old layout
    again = delegate._document(option, panel.model.index(0), 300)
    assert again is not first
    assert again.size().height() > first.size().height()
    assert "hot oven" in again.toPlainText()


def test_results_are_laid_out_in_batches(qtbot: QtBot, controller: Controller) -> None:
    panel = SearchPanel(controller)
    qtbot.addWidget(panel)
    assert panel.results.layoutMode() == QListView.LayoutMode.Batched
