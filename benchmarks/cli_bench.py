"""How fast the command answers before any library work: ``debateprep --help`` beside
``python -c pass`` (the interpreter's own start), both started the same way in this run.

    python -m benchmarks.cli_bench [--runs 15]

The target: ``--help`` under half a second at the median, which the lazy imports in
``debateprep/cli/entry.py`` (the library, SQLAlchemy, Whoosh and Qt load only once a command needs
them) keep. ``debateprep info`` is shown too, as what a first real command costs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Row, format_table

HELP_TARGET_S = 0.5


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_cli(runs: int = 15) -> list[Row]:
    python = [sys.executable, "-X", "frozen_modules=on"]
    bare = _median_seconds([*python, "-c", "pass"], runs)
    help_s = _median_seconds([*python, "-m", "debateprep", "--help"], runs)
    rows = [
        Row(
            0,
            "debateprep --help",
            "ms",
            help_s * 1000,
            bare * 1000,
            f"≤ {HELP_TARGET_S * 1000:.0f} ms",
            help_s <= HELP_TARGET_S,
            "python -c pass",
        ),
    ]
    with tempfile.TemporaryDirectory(prefix="dp-cli-") as tmp:
        library = Path(tmp) / "lib"
        subprocess.run(
            [*python, "-m", "debateprep", "--library", str(library), "info"],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # create it once
        info_s = _median_seconds(
            [*python, "-m", "debateprep", "--library", str(library), "info"], max(3, runs // 3)
        )
    rows.append(
        Row(0, "debateprep info", "ms", info_s * 1000, bare * 1000, "", None, "python -c pass")
    )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    print(format_table(bench_cli(args.runs)))


if __name__ == "__main__":
    main()
