"""The window searches through a process of its own: Whoosh never loads in the window's
interpreter, the search panel still works, a killed search process restarts with a status
message, and closing the window leaves no process behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from debateprep.facade.search_client import RESTARTED, SearchProcess
from debateprep.gui.mainwindow import MainWindow
from tests.search.helpers import process_gone

REPO = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: other tests in this session load Whoosh in-process.
WINDOW_SCRIPT = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from debateprep.gui.app import create_main_window

folder = Path(sys.argv[1])
settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
window = create_main_window(folder / "library.db", settings)
window.show()
assert window.tasks.wait(60000)
panel = window.search_panel
panel.box.setText("sanctuary")
assert panel.wait_idle(30000)
assert panel.model.rowCount() > 0, panel.status.text()
window.library.add_source("The qwertzuiop memo.", title="Qwertzuiop")
panel.box.setText("qwertzuiop")
assert panel.wait_idle(30000)
assert len(panel.model.hits()) == 1, panel.status.text()  # under its group header
pid = window.library.search_process.pid
assert pid is not None
assert "whoosh" not in sys.modules, "the window loaded Whoosh"
window.close()
print(pid)
"""


def _process(window: MainWindow) -> SearchProcess:
    process = window.library.search_process
    assert process is not None
    return process


def _search(window: MainWindow, text: str) -> int:
    panel = window.search_panel
    panel.box.setText(text)
    assert panel.wait_idle(30000)
    return panel.model.rowCount()


def test_the_window_never_loads_whoosh(_starter_template: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pid = int(result.stdout.split()[-1])
    assert process_gone(pid)  # closing the window stopped its search process


def test_search_panel_works_and_a_killed_process_restarts(window: MainWindow) -> None:
    assert _search(window, "sanctuary") > 0
    process = _process(window)
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while process.pid is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _search(window, "detainer") > 0
    assert process.pid not in (None, pid)
    for _ in range(50):  # the message crosses threads through a queued signal
        if window.search_status.last:
            break
        window.search_panel.wait_idle(20)
    assert window.search_status.last == RESTARTED
    assert window.statusBar().currentMessage() == RESTARTED


def test_closing_the_window_stops_its_search_process(window: MainWindow) -> None:
    assert _search(window, "oven") > 0
    pid = _process(window).pid
    assert pid is not None
    window.close()
    assert process_gone(pid)


def test_a_crashing_request_is_one_line_in_the_panel(window: MainWindow, qtbot: QtBot) -> None:
    assert _search(window, "oven") > 0
    process = _process(window)
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # hung: the search times out in one line, nothing freezes
    process.timeout = 1.0
    try:
        panel = window.search_panel
        panel.box.setText("sanctuary")
        assert panel.wait_idle(20000)
        assert "did not answer" in panel.status.text()
    finally:
        os.kill(pid, signal.SIGCONT)
    qtbot.wait(10)
