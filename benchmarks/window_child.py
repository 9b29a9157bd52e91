"""The process the window benchmark starts: one window, timed, reported as JSON on stdout.

``--mode window`` opens DebatePrep's main window on ``--library`` (with throwaway settings, so
the user's are never touched) as the app does (``start_main_window``: the frame is painted
first, the library attaches right after; "loaded" waits for that and the panels);
``--mode bare`` opens a bare ``QMainWindow`` the same way, the reference. Both print
``time.monotonic()`` at the main window's first paint (system-wide on Linux, so the parent
subtracts the moment it started us).

With ``--probe`` the process then stays up and measures the longest GUI-thread stall with an
event-loop lag probe (a 5 ms timer recording the biggest gap between its ticks) while it types
a query into the search box at a human pace, scrolls the lists and the map over their whole
range and switches the map to ``--motion``; the bare window runs the probe while idle (its
timer jitter). Peak RSS is read at the end.

    python -m benchmarks.window_child --mode window --library DIR --probe --motion 7
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# This harness drives a window, so it imports Qt (noqa: the Qt-free rule is for the app's
# core). Import time counts: the parent's clock starts before Popen; both kinds of child
# import PySide6 the same way.
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: TID251
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMainWindow  # noqa: TID251

QUERY = "ice detain"  # 10 characters, the last word a prefix
KEY_MS = 100  # a quick but human typist
STEP_MS = 20  # between scroll steps: enough for each step to be painted
MAX_STEPS = 150  # scroll steps per view, so a 5,000-row table takes seconds, not minutes
PROBE_MS = 5
IDLE_MS = 3000  # the bare window's probe


class LagProbe(QObject):
    """The longest gap between ticks of a fast timer: how long the event loop was blocked.

    It also notes how much CPU the GUI thread itself used during that gap: a long gap with
    little CPU was spent waiting (for the GIL, or for a core on a busy machine), not working.
    """

    def __init__(self, interval_ms: int = PROBE_MS) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._last_cpu = 0.0
        self.worst = 0.0
        self.worst_cpu = 0.0
        self.ticks = 0

    def start(self) -> None:
        self._last = time.monotonic()
        self._last_cpu = time.thread_time()
        self.worst = self.worst_cpu = 0.0
        self.ticks = 0
        self._timer.start()

    def _tick(self) -> None:
        now, cpu = time.monotonic(), time.thread_time()
        if now - self._last > self.worst:
            self.worst, self.worst_cpu = now - self._last, cpu - self._last_cpu
        self._last, self._last_cpu = now, cpu
        self.ticks += 1

    def report(self, **extra: Any) -> dict[str, Any]:
        """Stop, and the worst gap (ms), the GUI thread's CPU in it (ms) and the tick count."""
        stall = self.stop()
        return {
            "stall_ms": stall,
            "stall_cpu_ms": self.worst_cpu * 1000,
            "ticks": self.ticks,
        } | extra

    def stop(self) -> float:
        """The worst gap in milliseconds since ``start``."""
        self._tick()
        self._timer.stop()
        return self.worst * 1000


class FirstPaint(QObject):
    """Notes when the watched widget is first painted, and when that paint pass has ended."""

    def __init__(self, on_done: Callable[[float, float], None]) -> None:
        super().__init__()
        self._on_done = on_done
        self.started = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.started:
            self.started = time.monotonic()
            # The children paint in the same pass; a zero timer fires once it is over.
            QTimer.singleShot(0, lambda: self._on_done(self.started, time.monotonic()))
        return False


def wait(ms: int) -> None:
    """Run the event loop for ``ms`` (the probe keeps ticking meanwhile)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(done: Callable[[], bool], timeout_ms: int, step_ms: int = 10) -> bool:
    deadline = time.monotonic() + timeout_ms / 1000
    while not done():
        if time.monotonic() > deadline:
            return False
        wait(step_ms)
    return True


def scroll_through(view: QAbstractScrollArea, probe: LagProbe) -> dict[str, float]:
    """Step the vertical scroll bar from top to bottom; the worst stall and the steps taken."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    wait(100)
    span = bar.maximum() - bar.minimum()
    step = max(bar.pageStep(), span // MAX_STEPS, 1)
    steps = 0
    probe.start()
    value = bar.minimum()
    while value < bar.maximum():
        value = min(value + step, bar.maximum())
        bar.setValue(value)
        steps += 1
        wait(STEP_MS)
    wait(100)
    return probe.report(steps=steps, range_px=span)


def peak_rss_mb(pid: int | None = None) -> float:
    """This process's own peak RSS (or process ``pid``'s). Not ru_maxrss: Linux carries that
    over from the parent across fork and exec, so every child reported the benchmark parent's
    peak (~800 MB after it opened the 100k library). VmHWM belongs to the new address space."""
    try:
        status = Path(f"/proc/{pid or 'self'}/status")
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_bare(probe: bool) -> dict[str, Any]:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    return _show_and_measure(app, window, lambda: _probe_idle() if probe else {}, probe)


def run_window(library: Path, probe: bool, motion: int | None) -> dict[str, Any]:
    from PySide6.QtCore import QSettings  # noqa: TID251

    from debateprep.gui.app import start_main_window

    with tempfile.TemporaryDirectory(prefix="dp-winbench-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        # As the app starts: the frame is painted first, the library opens right after.
        window = start_main_window(library, settings)
        window.resize(1280, 800)
        app = QApplication.instance()
        assert isinstance(app, QApplication)

        search_rss: dict[str, float] = {}

        def scenarios() -> dict[str, Any]:
            out = _probe_window(window, motion) if probe else {}
            # The window's search process (issue 14), read before quitting closes the window.
            process = getattr(window.library, "search_process", None)
            if process is not None and process.pid is not None:
                search_rss["search_rss_mb"] = peak_rss_mb(process.pid)
            return out

        def loaded() -> bool:
            return (
                window.is_attached()
                and window.map_view.is_idle()
                and window.library_panel.is_idle()
            )

        result = _show_and_measure(app, window, scenarios, probe, loaded) | search_rss
        window.close()
    return result


def _show_and_measure(
    app: QApplication,
    window: QMainWindow,
    scenarios: Callable[[], dict[str, Any]],
    probe: bool,
    loaded: Callable[[], bool] = lambda: True,
) -> dict[str, Any]:
    """Show the window; note its first paint, then when ``loaded()`` (content that arrives
    after the first paint, such as a map read in the background) and run the scenarios."""
    result: dict[str, Any] = {}

    def painted(started: float, ended: float) -> None:
        result["paint_start"] = started
        result["painted"] = ended
        wait_until(loaded, 60000, step_ms=1)
        result["loaded"] = time.monotonic()
        if not probe:
            app.quit()
            return
        result["scenarios"] = scenarios()
        result["peak_rss_mb"] = peak_rss_mb()
        app.quit()

    watcher = FirstPaint(painted)
    window.installEventFilter(watcher)
    window.show()
    app.exec()
    window.removeEventFilter(watcher)
    return result


def _probe_idle() -> dict[str, Any]:
    wait(500)
    probe = LagProbe()
    probe.start()
    wait(IDLE_MS)
    return {"idle": probe.report()}


def _probe_window(window: Any, motion: int | None) -> dict[str, Any]:
    from PySide6.QtTest import QTest  # noqa: TID251

    out: dict[str, Any] = {}
    probe = LagProbe()
    # Let start-up work (deferred loads, an index check) finish first: we time the user's
    # actions, not the start, which the cold-start figure covers.
    wait_until(lambda: window.tasks.wait(0), 60000)
    wait_until(lambda: window.map_view.is_idle() and window.library_panel.is_idle(), 60000)
    wait(500)
    probe.start()
    wait(1000)
    out["idle"] = probe.report()

    # Typing: real key events into the real search box, one every KEY_MS, then until the
    # results of the full query are shown.
    panel = window.search_panel
    window.focus_search()
    wait(100)
    probe.start()
    started = time.monotonic()
    for char in QUERY:
        QTest.keyClicks(panel.box, char)  # one real key press and release
        wait(KEY_MS)
    shown = wait_until(panel.is_idle, 30000)
    results_after = time.monotonic() - started - len(QUERY) * KEY_MS / 1000
    wait(200)
    out["typing"] = probe.report(
        results=len(panel.model.hits()),  # rows less the group headers
        results_after_last_key_ms=results_after * 1000,
        finished=shown,
    )

    out["scroll_results"] = scroll_through(panel.results, probe)
    window.docks["Library"].raise_()
    wait(200)
    out["scroll_sources"] = scroll_through(window.library_panel.table, probe)
    window.docks["Argument map"].raise_()
    wait(200)
    out["scroll_map"] = scroll_through(window.map_view.table, probe)

    if motion is not None:
        out["open_map"] = _open_motion(window, motion, probe)
        out["scroll_map_opened"] = scroll_through(window.map_view.table, probe)
    return out


def _open_motion(window: Any, motion: int, probe: LagProbe) -> dict[str, Any]:
    """Pick the motion in the library panel's tree, as the user does, until its map shows."""
    from debateprep.gui.itemmodels import MOTION

    panel = window.library_panel
    panel.details.setCurrentWidget(panel.motion_tree)
    wait(100)
    index = panel.motion_model.index_of(MOTION, motion)
    probe.start()
    started = time.monotonic()
    panel.motion_tree.setCurrentIndex(index)
    shown = wait_until(lambda: window.controller.current_motion_id == motion, 30000)
    wait_until(lambda: window.map_view.shown_motion_id() == motion, 30000)
    ready = time.monotonic() - started
    wait(300)
    return probe.report(
        ready_ms=ready * 1000, rows=window.map_view.model.rowCount(), finished=shown
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="One timed window for benchmarks.window_bench")
    parser.add_argument("--mode", choices=("window", "bare"), required=True)
    parser.add_argument("--library", type=Path, help="library folder (window mode)")
    parser.add_argument("--probe", action="store_true", help="also run the lag probe scenarios")
    parser.add_argument("--motion", type=int, help="the motion to open the map on")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.mode == "bare":
        result = run_bare(args.probe)
    else:
        if args.library is None:
            parser.error("--library is required in window mode")
        result = run_window(args.library, args.probe, args.motion)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 can crash while garbage-collecting widgets at exit,
    # and nothing is left to save (the settings were throwaway, the library only read).
    os._exit(0)


if __name__ == "__main__":
    main()
