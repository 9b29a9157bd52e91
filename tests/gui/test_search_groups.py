"""Search results in groups: "Sources (n)", "Evidence (n)", "Arguments (n)" header rows, each
group in the search's order, headers that the mouse and keyboard pass by, and Enter that still
opens the current hit. Driven through the real window's search panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from debateprep.gui import colours
from debateprep.gui.colours import AA, contrast
from debateprep.gui.mainwindow import MainWindow
from debateprep.gui.search_groups import GroupHeader, group_counts, group_of
from debateprep.gui.search_panel import RESULT_LIMIT, SearchPanel
from debateprep.gui.searchmodels import HEADER_ROLE, SearchHitDelegate
from debateprep.search import SearchHit
from tests.gui.test_contrast import PALETTES
from tests.gui.windows import focus

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

Key = Qt.Key


def search(window: MainWindow, qtbot: QtBot, text: str) -> SearchPanel:
    """Type ``text`` into the window's search box and wait for the full results."""
    panel = window.search_panel
    window.docks["Search"].raise_()
    window.focus_search()
    qtbot.keyClicks(panel.box, text)
    assert panel.wait_idle(20000)
    return panel


def current_row(panel: SearchPanel) -> int:
    return panel.results.currentIndex().row()


def press(panel: SearchPanel, qtbot: QtBot, key: Key, times: int = 1) -> list[int]:
    """Press ``key`` in the results list; the current row after each press."""
    rows = []
    for _ in range(times):
        qtbot.keyClick(panel.results, key)
        rows.append(current_row(panel))
    return rows


def test_detainer_shows_the_three_groups_in_order_with_counts(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = search(window, qtbot, "detainer")
    model = panel.model
    ranked = window.library.search("detainer", limit=RESULT_LIMIT)  # the core's order
    labels = model.headers()
    assert [label.split(" (")[0] for label in labels] == ["Sources", "Evidence", "Arguments"]
    # Under each header: its count of hits, in the order the search ranked them.
    seen: list[SearchHit] = []
    for label in labels:
        name = label.split(" (")[0]
        members = [h.key for h in ranked if group_of(h) == name]
        assert label == f"{name} ({len(members)})"
        header_row = next(r for r in range(model.rowCount()) if model.index(r).data() == label)
        below = [model.hit(header_row + 1 + i) for i in range(len(members))]
        assert [h.key for h in below if h is not None] == members
        seen += [h for h in below if h is not None]
    assert len(seen) == len(ranked) == len(model.hits())
    assert model.rowCount() == len(ranked) + len(labels)
    # The top of the list shows the first header (rows are laid out in batches, a few per
    # turn of the event loop), and the first hit below it is current.
    qtbot.waitUntil(lambda: panel.results.indexAt(QPoint(4, 4)).isValid())
    assert panel.results.indexAt(QPoint(4, 4)).data(HEADER_ROLE) == labels[0]
    assert current_row(panel) == 1
    # The status line still carries the counts: "15 results — 4 sources, 7 evidence, ..."
    assert panel.status.text().endswith(group_counts(model.hits()))


def test_the_keyboard_walks_the_hits_and_never_rests_on_a_header(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = search(window, qtbot, "detainer")
    model = panel.model
    hit_rows = [row for row, _ in model.hit_rows()]
    headers = [r for r in range(model.rowCount()) if model.hit(r) is None]
    assert len(headers) == 3 and headers[0] == 0
    qtbot.keyClick(panel.box, Key.Key_Down)  # from the box into the list, as in a browser
    assert panel.results.hasFocus() and current_row(panel) == hit_rows[0]

    assert press(panel, qtbot, Key.Key_Down, len(hit_rows)) == hit_rows[1:] + hit_rows[-1:]
    assert press(panel, qtbot, Key.Key_Up, len(hit_rows)) == hit_rows[-2::-1] + hit_rows[:1]
    assert press(panel, qtbot, Key.Key_End) == [hit_rows[-1]]
    assert press(panel, qtbot, Key.Key_Home) == [hit_rows[0]]
    down = press(panel, qtbot, Key.Key_PageDown, len(hit_rows))
    up = press(panel, qtbot, Key.Key_PageUp, len(hit_rows))
    assert not set(down + up) & set(headers)
    assert down[-1] == hit_rows[-1] and up[-1] == hit_rows[0]
    selected = {index.row() for index in panel.results.selectionModel().selectedIndexes()}
    assert selected == {hit_rows[0]}


def test_enter_on_the_first_result_opens_it(window: MainWindow, qtbot: QtBot) -> None:
    panel = search(window, qtbot, "detainer")
    first_row, first = panel.model.hit_rows()[0]
    assert first.doc_type == "source" and current_row(panel) == first_row
    focus(qtbot, panel.results)
    with qtbot.waitSignal(window.controller.sourceRequested) as blocker:
        qtbot.keyClick(panel.results, Key.Key_Return)
    assert blocker.args[0] == first.id
    # Enter in the box, results shown: the current (first) hit, not the header above it.
    with qtbot.waitSignal(window.controller.sourceRequested) as blocker:
        qtbot.keyClick(panel.box, Key.Key_Return)
    assert blocker.args[0] == first.id


def test_a_header_takes_no_click_no_selection_and_no_drag(window: MainWindow, qtbot: QtBot) -> None:
    panel = search(window, qtbot, "detainer")
    model, view = panel.model, panel.results
    header = model.index(0)
    assert model.flags(header) == Qt.ItemFlag.NoItemFlags
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(header).center()
    )
    assert current_row(panel) == 1
    view.selectAll()
    selected = view.selectionModel().selectedIndexes()
    assert sorted(i.row() for i in selected) == [row for row, _ in model.hit_rows()]
    view.selectionModel().select(header, QItemSelectionModel.SelectionFlag.Select)
    assert not view.selectionModel().isSelected(header)
    panel.open_hit(0)  # a header opens nothing (and raises nothing)
    panel.show_hit_in_source(0)


def test_one_group_still_has_its_header(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.search_panel
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("evidence"))
    search(window, qtbot, "detainer")
    hits = panel.model.hits()
    assert hits and {h.kind for h in hits} == {"evidence"}
    assert panel.model.headers() == [f"Evidence ({len(hits)})"]
    assert panel.model.rowCount() == len(hits) + 1 and current_row(panel) == 1


def test_no_results_and_a_blank_box_show_no_headers(window: MainWindow, qtbot: QtBot) -> None:
    panel = search(window, qtbot, "zzzqqqxv")
    assert panel.model.rowCount() == 0 and panel.model.headers() == []
    assert panel.status.text() == "No matches"
    qtbot.keyClick(panel.box, Key.Key_Down)  # nothing to walk into
    assert panel.box.hasFocus()
    panel.box.clear()
    assert panel.wait_idle(20000)
    assert panel.model.rowCount() == 0


def test_a_loosened_search_keeps_its_notice_and_its_groups(
    window: MainWindow, qtbot: QtBot
) -> None:
    # "Kathleen" is nowhere in the bundled corpus: the search falls back to "Gambia".
    panel = search(window, qtbot, "Kathleen Gambia")
    assert panel.status.text().startswith("No result has all of")
    hits = panel.model.hits()
    assert hits and panel.model.headers()
    assert sum(int(label.split("(")[1].rstrip(")")) for label in panel.model.headers()) == len(hits)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_header_text_reads_in_light_and_dark_palettes(name: str, qapp: object) -> None:
    palette = colours.fix_palette(PALETTES[name]())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled):
        palette.setCurrentColorGroup(group)  # headers are disabled rows: the view says so
        text, background = SearchHitDelegate.header_colors(palette)
        assert contrast(text, background) >= AA
    assert GroupHeader("Evidence", 7).label == "Evidence (7)"
