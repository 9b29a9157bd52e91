"""File > Import from URL…, dropped links, and the import summary (issue 13, parts 1 and 7).

Pages come from a throwaway server on 127.0.0.1 (tests/web_server.py); nothing else is reached.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from web_server import Answer, Site, local_only, serve

from debateprep.gui import dialogs, url_import
from debateprep.gui.import_summary import ImportSummary
from debateprep.gui.mainwindow import MainWindow
from debateprep.gui.url_import import UrlDialog, clipboard_url, dropped_items
from debateprep.records import ImportOutcome, ImportStatus

BULK = Path(__file__).resolve().parents[1] / "data" / "bulk"
PAGE = (
    b"<html><head><title>Four-day school weeks</title></head><body><article>"
    b"<p>Districts on a four-day week saved less than two percent of their budgets.</p>"
    b"</article></body></html>"
)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    local_only(monkeypatch)
    with serve(Site()) as served:
        served.pages["/week"] = Answer(PAGE)
        yield served


@pytest.fixture
def summaries(monkeypatch: pytest.MonkeyPatch) -> list[list[ImportOutcome]]:
    shown: list[list[ImportOutcome]] = []

    def show(_parent: QWidget, outcomes: Sequence[ImportOutcome]) -> None:
        shown.append(list(outcomes))

    monkeypatch.setattr(dialogs, "show_import_summary", show)
    return shown


def titles(window: MainWindow) -> list[str]:
    return [source.title for source in window.library.sources()]


def test_import_from_url_runs_as_a_task_and_undoes(
    window: MainWindow, site: Site, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(url_import, "ask_url", lambda parent: site.url("/week"))
    assert window.action("actionImportUrl").shortcuts()
    assert window.import_from_url() is not None
    # Polled: a quick job may report before a waitSignal would be connected.
    qtbot.waitUntil(window.controller.undo_stack.canUndo, timeout=20000)
    source = next(s for s in window.library.sources() if s.title == "Four-day school weeks")
    assert source.url == site.url("/week") and source.accessed
    assert "imported as “Four-day school weeks”" in window.statusBar().currentMessage()
    assert window.controller.undo_stack.undoText() == "Import “Four-day school weeks”"
    assert window.controller.undo()
    assert "Four-day school weeks" not in titles(window)
    assert window.controller.redo()
    again = next(s for s in window.library.sources() if s.title == "Four-day school weeks")
    assert again.url == source.url and again.accessed == source.accessed
    text = window.library.source_text(again.id)
    assert text == "Districts on a four-day week saved less than two percent of their budgets."


def test_a_dead_link_is_reported_and_nothing_stored(
    window: MainWindow,
    site: Site,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    summaries: list[list[ImportOutcome]],
) -> None:
    before = titles(window)
    monkeypatch.setattr(url_import, "ask_url", lambda parent: site.url("/gone"))
    assert window.import_from_url() is not None
    qtbot.waitUntil(lambda: bool(summaries), timeout=20000)
    assert titles(window) == before
    [[outcome]] = summaries
    assert outcome.status is ImportStatus.FAILED and "was not found (404)" in outcome.message
    assert not window.controller.undo_stack.canUndo()


def test_the_dialog_takes_a_url_from_the_clipboard(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("  https://news.example/story?id=4  ")
    assert clipboard_url() == "https://news.example/story?id=4"
    dialog = UrlDialog(None, clipboard_url())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.field.text() == "https://news.example/story?id=4" and ok.isEnabled()
    dialog.field.setText("notes/article.txt")
    assert not ok.isEnabled()
    clipboard.setText("not a link at all")
    assert clipboard_url() == ""


def test_dropped_links_and_files_are_read() -> None:
    links = QMimeData()
    links.setUrls(
        [QUrl("https://a.example/x"), QUrl("mailto:me@x.org"), QUrl.fromLocalFile("/t/a.txt")]
    )
    assert dropped_items(links) == ["https://a.example/x", Path("/t/a.txt")]
    text = QMimeData()
    text.setText("https://a.example/x\nhttp://b.example/y\n")
    assert dropped_items(text) == ["https://a.example/x", "http://b.example/y"]
    prose = QMimeData()
    prose.setText("see https://a.example/x for more")
    assert dropped_items(prose) == []


def test_dropping_a_link_on_the_window_imports_it(
    window: MainWindow, site: Site, qtbot: QtBot
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl(site.url("/week"))])
    how = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt delivers a drop only after its drag was accepted on entering, as a real drag does.
    enter = QDragEnterEvent(QPoint(20, 20), *how)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), *how)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: "Four-day school weeks" in titles(window), timeout=20000)
    assert window.tasks.wait()


def test_a_folder_import_ends_with_one_summary(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, summaries: list[list[ImportOutcome]]
) -> None:
    folder = tmp_path / "bulk"
    shutil.copytree(BULK, folder, ignore=shutil.ignore_patterns("*.py"))
    assert window.import_items([folder]) is not None
    qtbot.waitUntil(lambda: bool(summaries), timeout=30000)
    [outcomes] = summaries
    statuses = [outcome.status for outcome in outcomes]
    assert len(outcomes) == 9 and statuses.count(ImportStatus.FAILED) == 3
    assert statuses.count(ImportStatus.DUPLICATE) == 1
    # The three articles are one undo step; the Kialo motion and the .docx cards are not in it.
    assert window.controller.undo_stack.undoText() == "Import 3 sources"
    dialog = ImportSummary(outcomes)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 9
    row = [dialog.table.item(3, column) for column in range(3)]
    assert [cell.text() for cell in row if cell] == [
        "04-empty.txt",
        "Refused",
        "04-empty.txt is empty; there is no text to import.",
    ]
    totals = dialog.findChild(QWidget, "importTotals")
    assert totals is not None and totals.property("text") == (
        "9 files: 5 imported, 1 already in the library, 3 refused."
    )


def test_a_job_that_ends_at_once_still_reports(window: MainWindow, qtbot: QtBot) -> None:
    """A dead link fails in milliseconds: the task's slots are connected before it starts,
    since a queued signal reaches only the slots connected when it is emitted."""
    assert window.tasks.wait()  # the start-up index check is done
    got: list[object] = []
    window.run_task("Quick", lambda ctx: 7, got.append)
    assert window.tasks.wait()  # the job has ended (and emitted) before anything else runs
    qtbot.waitUntil(lambda: got == [7], timeout=5000)
