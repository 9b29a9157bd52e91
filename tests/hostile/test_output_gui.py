"""The window's exports run off the GUI thread with progress and Cancel (issue 10).

A packet PDF of a big library used to freeze the window for minutes with no way out; now it
runs on the worker thread behind a progress dialog, and Cancel leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from benchmarks.generate import Sizes, write_library
from debateprep.gui import dialogs
from debateprep.gui.app import create_main_window
from debateprep.gui.exporting import MAP_FORMATS, PACKET_FORMATS, FileFormat
from debateprep.gui.mainwindow import MainWindow
from tests.gui.windows import open_window

PDF = next(fmt for fmt in PACKET_FORMATS if fmt.name == "pdf")
MARKDOWN_MAP = MAP_FORMATS[0]


@pytest.fixture
def big_window(tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    folder = tmp_path / "big"
    write_library(folder, Sizes.for_cards(1000))  # a 300-page packet
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = create_main_window(folder / "library.db", settings)
    qtbot.addWidget(main)
    main.show()
    assert main.tasks.wait(120_000)  # the first open builds the search index
    yield main
    main.close()


@pytest.fixture
def window(_starter_template: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    main = open_window(_starter_template, tmp_path, qtbot)
    yield main
    main.close()


def _answer(monkeypatch: pytest.MonkeyPatch, target: Path, fmt: FileFormat) -> None:
    monkeypatch.setattr(dialogs.Ask, "export_file", classmethod(lambda cls, *a: (target, fmt)))
    monkeypatch.setattr(dialogs.Ask, "packet_variant", classmethod(lambda cls, *a: "teacher"))


def test_packet_pdf_export_can_be_cancelled(
    big_window: MainWindow, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    _answer(monkeypatch, out / "packet.pdf", PDF)
    task = big_window.export_packet()
    assert task is not None
    # Polled, not waitSignal: the modal progress dialog runs nested event loops.
    heard: list[tuple[int, str]] = []
    cancelled: list[bool] = []
    finished: list[object] = []
    task.finished.connect(finished.append)
    task.progress.connect(lambda done, _total, what: heard.append((done, what)))
    task.cancelled.connect(lambda: cancelled.append(True))
    # Cancel once the pages are being laid out: deep inside Qt's work, not before it.
    qtbot.waitUntil(lambda: any(what.startswith("Laying") for _d, what in heard), timeout=60_000)
    dialog = big_window._progress_dialog
    (cancel,) = dialog.findChildren(QPushButton)
    cancel.click()  # the user presses Cancel
    qtbot.waitUntil(lambda: bool(cancelled or finished), timeout=60_000)
    assert cancelled and not finished
    assert not list(out.iterdir())  # no PDF, no half-written temporary file
    assert "cancelled" in big_window.statusBar().currentMessage()
    # The window is still usable: another export runs to the end.
    _answer(monkeypatch, out / "map.md", MARKDOWN_MAP)
    again = big_window.export_map()
    assert again is not None
    done: list[object] = []
    again.finished.connect(done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert (out / "map.md").read_text(encoding="utf-8").startswith("# ")


def test_export_dialog_refuses_the_library_itself(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_user_error", lambda parent, message: shown.append(message))
    db = window.library.path
    before = db.read_bytes()
    for target, fmt in [
        (db, MARKDOWN_MAP),
        (db.with_name(db.name + "-wal"), MARKDOWN_MAP),
        (db.with_name("library.index") / "map.md", MARKDOWN_MAP),
    ]:
        _answer(monkeypatch, target, fmt)
        assert window.export_map() is None  # refused before any work starts
    _answer(monkeypatch, db.with_name("library.db.md"), PACKET_FORMATS[0])
    assert window.export_packet() is None  # its HTML copy would be library.db.html
    assert len(shown) == 4 and all("library's own files" in message for message in shown)
    assert db.read_bytes() == before
