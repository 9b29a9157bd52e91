"""Window benchmarks of issue 4: DebatePrep's main window vs a bare PySide6 window, same run.

Every figure comes from fresh child processes (``benchmarks.window_child``) on the offscreen
platform, with the same interpreter for ours and the reference:

* cold start: from just before ``Popen`` to the end of the main window's first paint (its
  frame: the library attaches right after, as in the app), median of several runs
  alternating with a bare ``QApplication`` + ``QMainWindow``; "to content" runs until the
  library is attached and its panels are filled;
* GUI-thread stalls (an event-loop lag probe): while typing a 10-character query into the
  search box at a human pace, while scrolling the search results, the source table and the
  argument map over their whole range, and while switching the map to the biggest motion;
  the reference is the same probe on the idle bare window (its own timer jitter);
* peak RSS of the window after all that, against the bare window's, and of the window's
  search process (issue 14), against its own limit.

The library's search index is brought up to date here first, so no window rebuilds it while
being measured.

    python -m benchmarks.window_bench --cards 10000 --json out.json
    python -m benchmarks.window_bench --library /tmp/winbench/lib100k --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.common import Row, format_table
from debateprep.facade.library import Library

BARE = "bare QMainWindow"
BARE_IDLE = "bare window idle"
REPEATS = 5
PROBE_REPEATS = 3
STALL_LIMIT_MS = 50.0
START_RATIO = 2.0
RSS_EXTRA_MB = 250.0
SEARCH_RSS_MB = 400.0  # the window's search process (issue 14)
CHILD_TIMEOUT_S = 600
PYCACHE = Path(tempfile.gettempdir()) / "dp-winbench-pycache"

Log = Callable[[str], None]

# Scenario key in the child's report -> the measure's name in the table.
STALLS = (
    ("typing", "stall: typing query"),
    ("scroll_results", "stall: scroll results"),
    ("scroll_sources", "stall: scroll sources"),
    ("scroll_map", "stall: scroll map"),
    ("open_map", "stall: open big map"),
    ("scroll_map_opened", "stall: scroll big map"),
)


def _child(args: list[str]) -> tuple[float, dict[str, Any]]:
    """Run one child; the moment just before it started and its JSON report (with the CPU
    seconds it used, ``cpu_s``: on a busy machine a steadier figure than wall time)."""
    # Compiled bytecode is cached outside the source tree, as an installed app has it; the
    # warm-up run in ``cold_starts`` fills the cache before anything is timed.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "benchmarks.window_child", *args]
    root = Path(__file__).resolve().parent.parent
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(
        command,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    report["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return started, report


def biggest_motion(library_folder: Path) -> int | None:
    """The motion with the most arguments and counterarguments (the heaviest map)."""
    with sqlite3.connect(library_folder / "library.db") as conn:
        row = conn.execute(
            "SELECT motion_id, count(*) FROM cards WHERE motion_id IS NOT NULL "
            "AND kind IN ('argument', 'counterargument') GROUP BY motion_id "
            "ORDER BY count(*) DESC, motion_id DESC LIMIT 1"
        ).fetchone()
    return int(row[0]) if row else None


def prepare(library_folder: Path, log: Log) -> None:
    """Bring the index up to date now, so no window rebuilds it while it is measured."""
    started = time.perf_counter()
    with Library.open(library_folder, starter=False) as library:
        sources, cards = library.counts()
    log(
        f"  library ready: {sources} sources, {cards} cards ({time.perf_counter() - started:.1f} s)"
    )


def cold_starts(library_folder: Path, repeats: int, log: Log) -> dict[str, list[float]]:
    """Seconds to the first painted window, alternating ours and the bare window (and the
    CPU seconds each child used in all, under ``window_cpu`` and ``bare_cpu``)."""
    times: dict[str, list[float]] = {
        "window": [],
        "bare": [],
        "window_loaded": [],
        "bare_loaded": [],
        "window_cpu": [],
        "bare_cpu": [],
    }
    for mode in ("bare", "window"):  # warm-up: bytecode cache and OS file cache, not timed
        _child(_args(mode, library_folder))
    for n in range(repeats):
        for mode in ("bare", "window"):
            started, report = _child(_args(mode, library_folder))
            times[mode].append(report["painted"] - started)
            times[f"{mode}_loaded"].append(report["loaded"] - started)
            times[f"{mode}_cpu"].append(report["cpu_s"])
        log(
            f"  cold start {n + 1}/{repeats}: window {times['window'][-1] * 1000:.0f} ms "
            f"({times['window_cpu'][-1]:.2f} s CPU), bare {times['bare'][-1] * 1000:.0f} ms "
            f"({times['bare_cpu'][-1]:.2f} s CPU)"
        )
    return times


def _args(mode: str, library_folder: Path, *extra: str) -> list[str]:
    library = ["--library", str(library_folder)] if mode == "window" else []
    return ["--mode", mode, *library, *extra]


def probes(
    library_folder: Path, motion: int | None, repeats: int, log: Log
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The lag-probe runs of the window and of the idle bare window, alternating."""
    ours: list[dict[str, Any]] = []
    bare: list[dict[str, Any]] = []
    extra = ["--probe"] + (["--motion", str(motion)] if motion is not None else [])
    for n in range(repeats):
        log(f"  lag probe {n + 1}/{repeats}: window (typing, scrolling, opening the map)")
        ours.append(_child(_args("window", library_folder, *extra))[1])
        log(f"  lag probe {n + 1}/{repeats}: bare window (idle)")
        bare.append(_child(_args("bare", library_folder, "--probe"))[1])
        worst = {key: round(s["stall_ms"]) for key, s in ours[-1]["scenarios"].items()}
        log(f"    worst stalls (ms): {worst}")
    return ours, bare


def bench_window(
    library_folder: Path,
    cards: int,
    log: Log,
    repeats: int = REPEATS,
    probe_repeats: int = PROBE_REPEATS,
) -> list[Row]:
    """Every window figure on this library, each beside its bare-window reference."""
    return bench_window_details(library_folder, cards, log, repeats, probe_repeats)[0]


def bench_window_details(
    library_folder: Path,
    cards: int,
    log: Log,
    repeats: int = REPEATS,
    probe_repeats: int = PROBE_REPEATS,
) -> tuple[list[Row], dict[str, Any]]:
    """The rows and the children's raw reports."""
    prepare(library_folder, log)
    motion = biggest_motion(library_folder)
    times = cold_starts(library_folder, repeats, log)
    ours_start = statistics.median(times["window"]) * 1000
    bare_start = statistics.median(times["bare"]) * 1000
    rows = [
        Row(
            cards,
            "cold start to paint",
            "ms",
            ours_start,
            bare_start,
            f"<= {START_RATIO:g}x bare",
            ours_start <= START_RATIO * bare_start,
            reference_name=BARE,
        ),
        # Until the panels read in the background (map, source table) are filled: what the
        # user waits for in all. No target of its own.
        Row(
            cards,
            "cold start to content",
            "ms",
            statistics.median(times["window_loaded"]) * 1000,
            statistics.median(times["bare_loaded"]) * 1000,
            "",
            None,
            reference_name=BARE,
        ),
        # The same runs' CPU time (whole child process, to its exit): steadier than wall time
        # when other work shares the machine. No target; it shows where wall time goes.
        Row(
            cards,
            "cold start CPU",
            "ms",
            statistics.median(times["window_cpu"]) * 1000,
            statistics.median(times["bare_cpu"]) * 1000,
            "",
            None,
            reference_name=BARE,
        ),
    ]

    ours, bare = probes(library_folder, motion, probe_repeats, log)
    # Each figure is the median over the runs of that run's worst stall: one unlucky moment
    # on a busy machine does not decide it, a stall that happens every time does.
    jitter = statistics.median(run["scenarios"]["idle"]["stall_ms"] for run in bare)
    for key, name in STALLS:
        stalls = [run["scenarios"][key]["stall_ms"] for run in ours if key in run["scenarios"]]
        if not stalls:
            continue
        stall = statistics.median(stalls)
        rows.append(
            Row(
                cards,
                name,
                "ms",
                stall,
                jitter,
                f"<= {STALL_LIMIT_MS:g} ms",
                stall <= STALL_LIMIT_MS,
                reference_name=BARE_IDLE,
            )
        )
    rss = statistics.median(run["peak_rss_mb"] for run in ours)
    bare_rss = statistics.median(run["peak_rss_mb"] for run in bare)
    rows.append(
        Row(
            cards,
            "peak RSS",
            "MB",
            rss,
            bare_rss,
            f"<= bare+{RSS_EXTRA_MB:g} MB",
            rss <= bare_rss + RSS_EXTRA_MB,
            reference_name=BARE,
        )
    )
    search_rss = [run["search_rss_mb"] for run in ours if "search_rss_mb" in run]
    if search_rss:  # the window's search process (issue 14): Whoosh's memory lives there
        rows.append(
            Row(
                cards,
                "search process peak RSS",
                "MB",
                statistics.median(search_rss),
                bare_rss,
                f"<= {SEARCH_RSS_MB:g} MB",
                statistics.median(search_rss) <= SEARCH_RSS_MB,
                reference_name=BARE,
            )
        )
    details = {
        "cold_start_s": times,
        "window": ours,
        "bare": bare,
        "motion": motion,
    }
    return rows, details


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="DebatePrep window vs a bare Qt window (issue 4)")
    parser.add_argument("--cards", type=int, default=10000, help="size of the library to build")
    parser.add_argument("--library", type=Path, help="measure this library folder instead")
    parser.add_argument("--workdir", type=Path, help="build (or reuse) lib<cards> here")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="cold starts of each")
    parser.add_argument(
        "--probe-repeats", type=int, default=PROBE_REPEATS, help="lag-probe runs of each"
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="dp-winbench-") as tmp:
        folder = args.library
        if folder is None:
            from benchmarks.generate import build_library

            folder = (args.workdir or Path(tmp)) / f"lib{args.cards}"
            if (folder / "library.db").exists():
                log(f"reusing {folder}")
            else:
                log(f"building a {args.cards}-card library in {folder}")
                build_library(folder, args.cards)
        with sqlite3.connect(folder / "library.db") as conn:
            cards = int(conn.execute("SELECT count(*) FROM cards").fetchone()[0])
        log(f"window benchmark on {folder} ({cards} cards)")
        rows, details = bench_window_details(folder, cards, log, args.repeats, args.probe_repeats)
    print(format_table(rows))
    if args.json:
        payload = {
            "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
            "rows": [asdict(r) | {"ratio": r.ratio} for r in rows],
            "details": details,
        }
        args.json.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
