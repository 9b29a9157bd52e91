"""Result rows are laid out once, not on every size query and paint (issue 14, item 6: the
GUI thread spent most of each arriving result set re-parsing the rows' rich text)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
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
    row = panel.model.first_hit_row()
    assert row is not None  # row 0 is the group's header
    index = panel.model.index(row)
    first = delegate._document(option, index, 300)
    assert delegate._document(option, index, 300) is first  # reused
    assert delegate._document(option, index, 200) is not first  # another width
    assert delegate._document(option, index, 300, selected=True) is not first
    longer = replace(HIT, snippet="a hot oven " * 40, highlights=())
    panel.model.set_hits([longer])  # new results: new rows, never the old layout
    again = delegate._document(option, panel.model.index(row), 300)
    assert again is not first
    assert again.size().height() > first.size().height()
    assert "hot oven" in again.toPlainText()


def test_a_key_pressed_as_results_arrive_selects_the_hit(
    qtbot: QtBot, controller: Controller
) -> None:
    # With QListView's batched layout, Down before the last batch selected nothing.
    panel = SearchPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(360, 400)
    panel.show()
    qtbot.waitExposed(panel)
    hits = [replace(HIT, key=f"card:{i}", id=i, snippet="a hot oven " * 20) for i in range(1, 31)]
    panel.model.set_hits(hits)
    first = panel.model.first_hit_row()
    assert first is not None
    panel.results.setCurrentIndex(panel.model.index(first))
    for _ in range(12):  # far past the first screen, without a turn of the event loop
        qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    selected = panel.results.selectionModel().selectedIndexes()
    assert [index.row() for index in selected] == [panel.results.currentIndex().row()]
    assert panel.results.currentIndex().row() == first + 12
