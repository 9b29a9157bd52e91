"""The whole benchmark suite of issue 4 in one command: one table, one JSON file.

    python -m benchmarks.run                      # 1k, 10k and 100k cards (~15 min here)
    python -m benchmarks.run --sizes 1000,10000   # quicker

For each size a library is generated (``benchmarks.generate``) and measured against SQLite
FTS5 on the same documents (``search_bench``: bulk index, type-ahead, full text, save a card);
the window (``window_bench``: cold start, GUI-thread stalls while typing and scrolling, the
map, peak memory, each beside a bare PySide6 window started the same way) runs on the largest
library; bulk import of 1,000 article files and the exports (``io_bench``) run once. Every
figure is ours, its reference from the same run, their ratio, and the target it must meet.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks import cli_bench, io_bench, relevance_bench, search_bench, window_bench
from benchmarks.common import Row, format_table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="DebatePrep benchmark suite (issue 4)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="card counts, comma separated")
    parser.add_argument("--json", type=Path, help="write every row and detail here")
    parser.add_argument("--workdir", type=Path, help="keep generated libraries here (empty)")
    parser.add_argument(
        "--skip", default="", help="comma separated: window, import, relevance, cli, exports"
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    rows: list[Row] = []
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dp-suite-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for cards in sizes:
            size_rows, extra = search_bench.bench_size(cards, workdir, log)
            rows += size_rows
            details[f"search {cards}"] = extra
        if "window" not in skip:
            largest = sizes[-1]
            log(f"window on the {largest}-card library")
            window_rows, window_extra = window_bench.bench_window_details(
                workdir / f"lib{largest}", largest, log
            )
            rows += window_rows
            details["window"] = window_extra
        if "import" not in skip:
            log("bulk import of 1,000 article files")
            import_details: dict[str, Any] = {}
            rows += io_bench.bench_import(workdir / "import", log=log, details=import_details)
            details["import"] = import_details
        if "relevance" not in skip:
            log("relevance on the judged query set")
            relevance = relevance_bench.run()
            rows += relevance_bench.rows(relevance)
            details["relevance"] = relevance_bench.describe(relevance)
        if "cli" not in skip:
            log("command start-up")
            rows += cli_bench.bench_cli()
        if "exports" not in skip:
            log("exports")
            export_details: dict[str, Any] = {}
            rows += io_bench.bench_exports(workdir / "exports", log=log, details=export_details)
            details["exports"] = export_details
    elapsed = time.perf_counter() - started
    print(format_table(rows))
    failed = [r for r in rows if r.passed is False]
    print(f"{len(rows)} figures, {len(failed)} targets missed, {elapsed / 60:.1f} minutes")
    if args.json:
        payload = {
            "machine": {
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "cpus": _cpus(),
            },
            "minutes": elapsed / 60,
            "rows": [asdict(r) | {"ratio": r.ratio} for r in rows],
            "details": details,
        }
        args.json.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
