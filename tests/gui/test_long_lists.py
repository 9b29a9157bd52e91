"""What keeps long lists fast: paged card lists, background reads, model-side sorting and the
map's rows measured as they come into view."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from debateprep.errors import UserError
from debateprep.facade.cards import CardTitle
from debateprep.gui.cardmodels import CardIdRole, CardListModel
from debateprep.gui.controller import Controller
from debateprep.gui.itemmodels import FilterProxy, SourceTableModel
from debateprep.gui.link_picker import LinkPicker
from debateprep.gui.map_view import MapView
from debateprep.gui.tasks import LatestReader, TaskRunner
from debateprep.records import CardKind, LinkKind, Side, SourceRecord

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _titles(count: int) -> list[CardTitle]:
    return [
        CardTitle(n, CardKind.ARGUMENT, Side.A if n % 2 else Side.B, f"Claim number {n}")
        for n in range(1, count + 1)
    ]


def test_card_list_hands_rows_out_a_page_at_a_time(
    qapp: object, qtmodeltester: ModelTester
) -> None:
    model = CardListModel()
    model.set_rows(_titles(1000))
    assert model.rowCount() == CardListModel.PAGE and model.match_count() == 1000
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * CardListModel.PAGE
    # The filter looks at every card, fetched or not, and pages its matches the same way.
    model.set_filter("NUMBER 99")
    assert model.match_count() == 11  # 99 and 990-999
    assert model.rowCount() == 11 and not model.canFetchMore()
    model.set_filter("")
    assert model.rowCount() == CardListModel.PAGE
    # Asking for a card far down fetches the pages up to it.
    row = model.row_of(950)
    assert row == 949 and model.rowCount() >= 950
    assert model.index(row, 0).data(CardIdRole) == 950
    assert model.row_of(5000) is None
    # Last: the tester fetches pages itself, also in the middle of a reset.
    fresh = CardListModel()
    fresh.set_rows(_titles(250))
    qtmodeltester.check(fresh)


def test_link_picker_finds_and_selects_a_card_far_down(
    controller: Controller, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CardListModel, "PAGE", 2)  # the starter map: a dozen claims
    library = controller.library
    motion_id = controller.current_motion_id
    claims = library.card_titles(motion_id=motion_id, kinds=("argument", "counterargument"))
    card, *others = claims
    picker = LinkPicker(controller, card.id)
    qtbot.addWidget(picker)
    assert picker.model.rowCount() == 2  # one page, although the motion has more
    last = others[-1]
    assert picker.select_card(last.id)
    assert picker.choice() is not None and picker.choice()[0] == last.id  # type: ignore[index]
    # Fetched up to the last claim; the list also holds the card's side's evidence.
    shown = [
        t.id
        for t in library.card_titles(motion_id=motion_id, exclude=(card.id,))
        if not t.is_evidence or t.side is card.side
    ]
    assert picker.model.row_of(last.id) == shown.index(last.id)
    assert picker.model.rowCount() >= shown.index(last.id) + 1
    picker.search.setText(last.tag[:20])  # typing part of a tag finds it, fetched or not
    assert picker.target() is not None
    assert picker.target().id == last.id  # type: ignore[union-attr]
    expected = LinkKind.SUPPORTS if last.side is card.side else LinkKind.ANSWERS
    assert picker.link_kind() is expected


def test_latest_reader_delivers_only_the_newest_result(qtbot: QtBot) -> None:
    reader = LatestReader()
    gate = threading.Event()
    results: list[object] = []
    reader.loaded.connect(results.append)

    def slow() -> str:
        gate.wait(5)
        return "stale"

    reader.request(slow)
    reader.request(lambda: "queued, then dropped")
    reader.request(lambda: "newest")
    assert not reader.is_idle()
    gate.set()
    assert reader.wait()
    qtbot.wait(20)
    assert results == ["newest"]
    reader.shutdown()


def test_latest_reader_reports_user_errors(qtbot: QtBot) -> None:
    reader = LatestReader()

    def refused() -> None:
        raise UserError("No such thing.")

    with qtbot.waitSignal(reader.failed) as failed:
        reader.request(refused)
    assert failed.args == ["No such thing."]
    assert reader.is_idle()
    reader.shutdown()


def test_source_table_sorts_itself_and_keeps_the_selection(
    qapp: object, qtmodeltester: ModelTester
) -> None:
    model = SourceTableModel()
    model.set_rows([SourceRecord(id=n, title=t, card_count=n) for n, t in enumerate("bdac")])
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    selected = QPersistentModelIndex(model.index(model.row_of(3) or 0, 0))  # "c"
    proxy.sort(SourceTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(4)] == ["a", "b", "c", "d"]
    assert selected.data() == "c"  # the persistent index followed its record
    proxy.sort(SourceTableModel.CARDS, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 3).data() for r in range(4)] == ["3", "2", "1", "0"]
    # New rows arrive in the order asked for last.
    model.set_rows([SourceRecord(id=9, title="z", card_count=7), *model.rows()])
    assert model.row_record(0).id == 9
    assert model.row_of(0) == 4
    proxy.setFilterRole(Qt.ItemDataRole.DisplayRole)
    proxy.setFilterFixedString("z")
    assert proxy.rowCount() == 1
    qtmodeltester.check(proxy)


def test_map_rows_are_measured_as_they_come_into_view(controller: Controller, qtbot: QtBot) -> None:
    view = MapView(controller)
    qtbot.addWidget(view)
    view.resize(700, 160)  # a few rows in view
    view.show()
    qtbot.waitExposed(view)
    assert view.wait_idle()
    table = view.table
    rows = view.model.rowCount()
    assert rows > 6
    view.sizer.finish()
    exact = [table.rowHeight(row) for row in range(rows)]
    assert exact == [max(table.sizeHintForRow(row), 1) for row in range(rows)]
    # Reload: estimates everywhere, the rows in view measured at once, the rest when idle.
    view.sizer.reset()
    top = table.rowAt(0)
    assert table.rowHeight(top) == exact[top]
    assert not view.sizer.is_done()
    qtbot.waitUntil(view.sizer.is_done, timeout=5000)
    assert [table.rowHeight(row) for row in range(rows)] == exact


def test_measuring_rows_above_keeps_the_top_row_in_place(
    controller: Controller, qtbot: QtBot
) -> None:
    view = MapView(controller)
    qtbot.addWidget(view)
    view.resize(420, 200)  # narrow: tags wrap, so estimates and measures differ
    view.show()
    qtbot.waitExposed(view)
    assert view.wait_idle()
    table = view.table
    view.sizer.finish()
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() - 5)
    top = table.rowAt(0)
    assert top >= 2
    position = table.rowViewportPosition(top)
    # Estimated again (as after a reload), then measured while scrolled down: every row
    # above the view changes height, and the row the user looks at never moves.
    view.sizer.reset()
    assert (table.rowAt(0), table.rowViewportPosition(top)) == (top, position)
    view.sizer.finish()
    assert (table.rowAt(0), table.rowViewportPosition(top)) == (top, position)


def test_map_selects_a_card_through_its_position(controller: Controller, qtbot: QtBot) -> None:
    view = MapView(controller)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    assert view.wait_idle()
    last = view.model.rowCount() - 1
    card_id = view.model.map_row(last).anchor.id  # type: ignore[union-attr]
    assert view.model.position_of(card_id) is not None
    assert view.select_card(card_id)
    assert view.table.currentIndex().row() == last
    assert not view.select_card(999_999)


def test_runner_shutdown_stops_every_reader_it_made(qtbot: QtBot) -> None:
    runner = TaskRunner()
    parent = QObject()
    readers = [runner.reader(parent), runner.reader(parent)]
    gate = threading.Event()
    results: list[object] = []
    readers[0].loaded.connect(results.append)
    readers[0].request(lambda: gate.wait(5) and "late")
    gate.set()
    runner.shutdown()
    for reader in readers:
        assert reader.is_idle()
        reader.request(lambda: "after shutdown")  # a panel's timer firing while closing
        assert reader.is_idle()
    qtbot.wait(20)
    assert results == []  # nothing reaches a panel once the library is closing
