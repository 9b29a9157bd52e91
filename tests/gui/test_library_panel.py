"""The library panel: sources table, citation editing with undo, motions and briefs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from debateprep.facade.library import Library
from debateprep.gui.controller import Controller
from debateprep.gui.itemmodels import (
    BRIEF,
    ID_ROLE,
    KIND_ROLE,
    MOTION,
    MotionBriefModel,
    SourceTableModel,
)
from debateprep.gui.library_panel import LibraryPanel
from debateprep.records import Side

# The offscreen platform warns when a top-level widget is shown; it says nothing about us.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def panel(qtbot: QtBot, controller: Controller) -> Iterator[LibraryPanel]:
    widget = LibraryPanel(controller)
    qtbot.addWidget(widget)
    widget.resize(340, 640)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.wait_idle()  # the source table loads on a worker thread
    yield widget


def _select_row(panel: LibraryPanel, row: int) -> int:
    panel.table.selectRow(row)
    source_id = panel.proxy.data(panel.proxy.index(row, 0), ID_ROLE)
    assert isinstance(source_id, int)
    return source_id


def test_lists_the_five_sources(panel: LibraryPanel, gui_library: Library) -> None:
    assert panel.table.objectName() == "sourceList"
    assert panel.table.accessibleName()
    assert panel.proxy.rowCount() == 5
    headers = [panel.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Title", "Outlet", "Date", "Cards"]
    titles = [panel.proxy.index(r, 0).data() for r in range(5)]
    assert titles == sorted(titles, key=str.casefold)
    counts = {s.title: s.card_count for s in gui_library.sources()}
    for row in range(5):
        title = panel.proxy.index(row, 0).data()
        assert panel.proxy.index(row, 3).data() == str(counts[title])
    tooltip = panel.proxy.index(titles.index(next(t for t in titles if "stay here" in t)), 0)
    assert "Attorney General" in tooltip.data(Qt.ItemDataRole.ToolTipRole)


def test_sort_by_card_count_and_filter(panel: LibraryPanel) -> None:
    panel.table.sortByColumn(SourceTableModel.CARDS, Qt.SortOrder.DescendingOrder)
    counts = [int(panel.proxy.index(r, 3).data()) for r in range(5)]
    assert counts == sorted(counts, reverse=True)
    panel.filter_box.setText("kraychik")  # an author, not shown in a column
    assert panel.proxy.rowCount() == 1
    panel.filter_box.clear()
    assert panel.proxy.rowCount() == 5


def test_selecting_and_opening_a_source(
    panel: LibraryPanel, controller: Controller, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(panel.sourceSelected) as selected:
        source_id = _select_row(panel, 1)
    assert selected.args == [source_id]
    assert panel.citation.source_id == source_id
    assert panel.citation.isEnabled()
    with qtbot.waitSignal(controller.sourceRequested) as requested:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert requested.args == [source_id, 0, 0]


def test_editing_the_author_is_one_undoable_step(
    panel: LibraryPanel,
    controller: Controller,
    gui_library: Library,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source_id = _select_row(panel, 0)
    before = gui_library.source(source_id)
    calls: list[dict[str, Any]] = []
    edit_source = controller.edit_source

    def spy(source_id: int, **changes: str) -> Any:
        calls.append(changes)
        return edit_source(source_id, **changes)

    monkeypatch.setattr(controller, "edit_source", spy)
    author = panel.citation.fields["author"]
    author.setText("  Jane   Doe ")
    qtbot.keyClick(author, Qt.Key.Key_Return)  # editing finished: applied at once
    assert calls == [{"author": "Jane Doe"}]  # only the field that changed
    assert gui_library.source(source_id).author == "Jane Doe"
    assert author.text() == "Jane Doe"
    assert controller.undo_stack.count() == 1
    assert not panel.apply_citation()  # nothing changed since: no second step
    assert controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert gui_library.source(source_id).author == before.author
    assert author.text() == before.author
    controller.undo_stack.redo()
    assert author.text() == "Jane Doe"
    assert panel.current_source_id() == source_id  # the edit kept the selection


def test_several_fields_apply_together(
    panel: LibraryPanel, controller: Controller, gui_library: Library
) -> None:
    source_id = _select_row(panel, 2)
    panel.citation.fields["outlet"].setText("The Daily")
    panel.citation.fields["date"].setText("2017-03-27")
    assert panel.apply_citation()
    record = gui_library.source(source_id)
    assert (record.outlet, record.date) == ("The Daily", "2017-03-27")
    assert controller.undo_stack.count() == 1
    assert panel.wait_idle()
    row = panel.model.row_of(source_id)
    assert row is not None and panel.model.index(row, 1).data() == "The Daily"


def test_an_empty_title_is_refused(
    panel: LibraryPanel, controller: Controller, gui_library: Library, qtbot: QtBot
) -> None:
    source_id = _select_row(panel, 0)
    title = gui_library.source(source_id).title
    panel.citation.fields["title"].setText("   ")
    with qtbot.waitSignal(controller.userError):
        assert not panel.apply_citation()
    assert panel.citation.fields["title"].text() == title
    assert controller.undo_stack.count() == 0


def test_card_counts_follow_a_cut(
    panel: LibraryPanel, controller: Controller, gui_library: Library
) -> None:
    source_id = _select_row(panel, 0)
    row = panel.model.row_of(source_id)
    assert row is not None
    count = int(panel.model.index(row, 3).data())
    assert controller.cut_card(source_id, 0, 9, tag="Counted", side=Side.A) is not None
    assert panel.wait_idle()
    assert int(panel.model.index(row, 3).data()) == count + 1
    assert panel.current_source_id() == source_id


def test_motions_and_briefs(
    panel: LibraryPanel, controller: Controller, gui_library: Library, qtbot: QtBot
) -> None:
    second = gui_library.create_motion("Resolved: Test motion.", "Yes side", "No side")
    panel.refresh()
    model = panel.motion_model
    assert model.rowCount() == 2
    index = model.index_of(MOTION, second.id)
    with qtbot.waitSignal(controller.changed, check_params_cb=lambda t: t == "motions"):
        panel.motion_tree.setCurrentIndex(index)
    assert controller.current_motion_id == second.id
    assert model.index_of(MOTION, second.id).data(Qt.ItemDataRole.FontRole).bold()
    brief = controller.create_brief(Side.B, "No brief")
    assert brief is not None
    brief_index = model.index_of(BRIEF, brief.id)
    assert brief_index.isValid() and brief_index.data() == "No brief"
    assert brief_index.data(KIND_ROLE) == BRIEF
    with qtbot.waitSignal(panel.briefSelected) as selected:
        panel.motion_tree.setCurrentIndex(brief_index)
    assert selected.args == [brief.id]


def test_empty_library(qtbot: QtBot, qapp: object, tmp_path: Path) -> None:
    with Library.open(tmp_path / "empty.db", starter=False) as library:
        widget = LibraryPanel(Controller(library))
        qtbot.addWidget(widget)
        assert widget.wait_idle()
        assert widget.proxy.rowCount() == 0
        assert not widget.citation.isEnabled()
        assert widget.motion_model.rowCount() == 0
        widget.close()


def test_source_model(qtmodeltester: ModelTester, gui_library: Library) -> None:
    model = SourceTableModel()
    qtmodeltester.check(model)
    model.set_rows(gui_library.sources())
    qtmodeltester.check(model)
    assert model.rowCount() == 5 and model.columnCount() == 4
    assert model.row_record(0).id == model.index(0, 0).data(ID_ROLE)
    model.set_rows(gui_library.sources()[:2])
    qtmodeltester.check(model)


def test_motion_model(
    qtmodeltester: ModelTester, gui_library: Library, controller: Controller
) -> None:
    gui_library.create_motion("Resolved: Another.", "A side", "B side")
    motion = gui_library.motions()[0]
    gui_library.create_brief(motion.id, Side.A, "First", outline=True)
    gui_library.create_brief(motion.id, Side.B, "Second")
    model = MotionBriefModel()
    qtmodeltester.check(model)
    model.set_data(gui_library.motions(), gui_library.briefs(), motion.id)
    qtmodeltester.check(model)
    parent = model.index(0, 0)
    assert model.rowCount(parent) == 2
    assert model.rowCount(model.index(1, 0)) == 0
    assert model.parent(model.index(0, 0, parent)) == parent
    assert model.parent(parent) == QModelIndex()
    assert model.motion_id_of(model.index(1, 0, parent)) == motion.id
