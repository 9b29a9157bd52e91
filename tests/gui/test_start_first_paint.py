"""The window is painted before its library opens (issue 14, item 6: cold start to first
paint within twice a bare Qt window): the window's modules load no SQLAlchemy, importers or
exporters, and ``start_main_window`` attaches the library right after the first paint."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from debateprep.gui import app
from debateprep.gui.mainwindow import MainWindow

REPO = Path(__file__).resolve().parents[2]
# What the first paint does not need: the database layer, the importers' and exporters'
# parsers, and search (the window never loads Whoosh at all).
HEAVY = ("sqlalchemy", "markdown", "trafilatura", "lxml", "pdfminer", "whoosh", "docx")


def test_the_window_modules_load_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "import debateprep.gui.app\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_opening_a_library_loads_no_docx_writer_or_reader() -> None:
    """What the window waits for after its first paint (and the search process at its start)."""
    code = (
        "import sys\n"
        "import debateprep.facade.library\n"
        "heavy = [m for m in ('docx', 'lxml', 'markdown', 'whoosh') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _start(template: Path, tmp_path: Path, qtbot: QtBot) -> MainWindow:
    """The window as ``main()`` starts it, on a copy of the starter library, not shown yet."""
    folder = tmp_path / "lib"
    shutil.copytree(template, folder)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = app.start_main_window(folder / "library.db", settings)
    qtbot.addWidget(window)
    return window


def test_first_paint_then_the_library(
    _starter_template: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = _start(_starter_template, tmp_path, qtbot)
    try:
        assert not window.is_attached()  # nothing is opened before the window is shown
        assert not window.action("actionImport").isEnabled()  # nothing to act on yet
        assert "lib" in window.windowTitle()
        window.show()
        qtbot.waitUntil(window.is_attached, timeout=20000)
        qtbot.waitUntil(lambda: window.map_view.is_idle() and window.library_panel.is_idle())
        assert window.library_panel.table.model().rowCount() > 0  # the real sources
        assert window.reader.current_source_id() is not None  # an article at once
        assert window.docks["Library"].widget() is window.library_panel
        assert window.action("actionImport").isEnabled()
        assert not window.action("actionUndo").isEnabled()
        # Start-up's objects are out of the full collections (a ~100 ms GUI stall at 10k).
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the test process's objects go back to the collector
        window.close()


def test_a_library_that_cannot_open_is_said_and_closes(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "not-a-library.db"
    bad.write_bytes(b"this is not a database" * 100)
    said: list[str] = []
    monkeypatch.setattr(app, "show_user_error", lambda _parent, message: said.append(message))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = app.start_main_window(bad, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not window.is_attached()
    assert window.property(app.OPEN_FAILED)


def test_a_window_closed_before_its_library_opened_stays_closed(
    _starter_template: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = _start(_starter_template, tmp_path, qtbot)
    window.show()
    window.close()
    qtbot.wait(app.AfterFirstPaint.FALLBACK_MS + 200)  # past the paint and the fallback
    assert not window.is_attached()
