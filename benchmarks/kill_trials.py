"""Kill trials: SIGKILL a real `debateprep import` at varied moments, then audit the library.

Each trial copies a template library (or, every ``FRESH_EVERY``-th trial, starts from no
library at all so the kill can land in schema creation or the starter load), runs
``python -m debateprep --library LIB import FOLDER`` on generated articles with distinct
texts, and kills it after a delay spread deterministically over the observed run time. The
survivor is then checked: SQLite's integrity and foreign-key checks, no partial source (text
and metadata equal what the file imports as), every file the process printed as imported is
there, ``verify`` passes, and search agrees with the database (every present article is
found by its unique word, every absent one is not, and the index holds sources + cards).

    python -m benchmarks.kill_trials --trials 200 [--jobs 2] [--json]

``tests/test_kill.py`` runs the same trials, fewer of them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from debateprep import importers
from debateprep.facade.library import Library

REPO = Path(__file__).resolve().parents[1]
ARTICLES = 40
FRESH_EVERY = 5  # every fifth trial starts without a library (kills in creation/starter)
_IMPORTED = re.compile(r"^\[\d+/\d+\] imported: (.+?): imported as ")
_WORDS = [
    *("policy", "school", "budget", "climate", "energy", "oven", "market", "health"),
    *("transport", "housing", "tariff", "wage", "court", "museum", "rail", "river"),
    *("harvest", "clinic", "library", "treaty"),
]


@dataclass
class Trial:
    """What one trial did and what the audit found (every list should be empty)."""

    number: int
    delay: float  # seconds before the kill, from the start or from the ``after``-th report
    after: int | None  # files reported before the delay starts; None: from the start
    fresh: bool
    killed: bool = False  # False: the import finished before the kill was due
    reported: list[str] = field(default_factory=list)
    sources: int = 0  # imported articles present after the kill
    lost: list[str] = field(default_factory=list)  # reported imported, but missing
    partial: list[str] = field(default_factory=list)  # present, but not the whole source
    integrity: list[str] = field(default_factory=list)  # integrity / foreign-key findings
    other: list[str] = field(default_factory=list)  # verify, search, starter, open failures
    index_rebuilt: bool = False  # the reopen found the index behind and rebuilt it

    @property
    def ok(self) -> bool:
        return not (self.lost or self.partial or self.integrity or self.other)


def unique_word(number: int) -> str:
    # Letters only, so no analyzer splits or stems it differently from the query.
    return "kilword" + "".join(chr(ord("a") + int(d)) for d in f"{number:03d}") + "zed"


def make_articles(folder: Path, count: int = ARTICLES) -> dict[str, str]:
    """Write ``count`` distinct articles; returns file name -> the word only it contains."""
    folder.mkdir(parents=True, exist_ok=True)
    words: dict[str, str] = {}
    for number in range(count):
        word = unique_word(number)
        body = " ".join(_WORDS[(number * 7 + k * k) % len(_WORDS)] for k in range(400))
        name = f"article_{number:02d}.txt"
        (folder / name).write_text(
            f"Article {number}: a headline\n\n{word} {body}\n\nEnd of article {number}, {word}.\n",
            encoding="utf-8",
        )
        words[name] = word
    return words


def make_template(folder: Path) -> Path:
    """A library with the starter content and a current index, like a user's first open."""
    Library.open(folder / "library.db").close()
    return folder


def run_import(
    library: Path, articles: Path, delay: float, after: int | None = None
) -> tuple[list[str], bool]:
    """Run the import and SIGKILL it; (files it printed as imported, whether it was killed).

    With ``after`` None the kill comes ``delay`` s after the start; otherwise ``delay`` s
    after the ``after``-th file was reported, which lands at a chosen point of the import
    however slow the machine is.
    """
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # each line reaches the pipe as printed
    process = subprocess.Popen(
        [sys.executable, "-m", "debateprep", "--library", str(library), "import", str(articles)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    stdout = process.stdout
    names: list[str] = []
    reached = threading.Event()

    def read() -> None:  # in a thread, so the pipe never fills and blocks the child
        for line in stdout:
            match = _IMPORTED.match(line)
            if match:
                names.append(match.group(1))
                if after is not None and len(names) >= after:
                    reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if after is not None and after > 0:
        while not reached.wait(0.02) and process.poll() is None:
            pass
    killed = False
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        killed = True
        process.wait()
    # Unbuffered: every line in the pipe was written, so reported, before the process died.
    reader.join(timeout=30)
    stdout.close()
    return list(names), killed


def audit(trial: Trial, library: Path, articles: Path, words: dict[str, str]) -> None:
    """Check the library a killed import left behind; findings go into ``trial``."""
    db_path = library / "library.db"
    if not db_path.exists():
        if trial.reported:
            trial.lost = list(trial.reported)
        return
    connection = sqlite3.connect(db_path)
    try:
        rows = [str(r[0]) for r in connection.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            trial.integrity += rows
        trial.integrity += [repr(r) for r in connection.execute("PRAGMA foreign_key_check")]
    finally:
        connection.close()
    try:
        with Library.open(db_path, starter=False, index=False) as library_before:
            trial.index_rebuilt = not library_before.index_is_current()
        with Library.open(db_path, starter=False) as opened:
            _audit_open(trial, opened, articles, words)
    except Exception as exc:  # an unopenable library is a finding, not a crash of the audit
        trial.other.append(f"reopen failed: {type(exc).__name__}: {exc}")


def _audit_open(trial: Trial, library: Library, articles: Path, words: dict[str, str]) -> None:
    sources = library.sources()
    by_origin = {source.origin: source for source in sources if source.origin in words}
    trial.sources = len(by_origin)
    starter = len(sources) - len(by_origin)
    corpus = len(list((REPO / "corpus").glob("*.txt")))
    if starter not in (0, corpus):
        trial.other.append(f"starter half-loaded: {starter} of {corpus} corpus sources")
    for name, source in by_origin.items():
        expected = importers.read_document(articles / name)
        if library.source_text(source.id) != expected.text or source.title != expected.title:
            trial.partial.append(name)
    trial.lost = sorted(set(trial.reported) - set(by_origin))
    problems = library.verify()
    if problems:
        trial.other.append(f"verify: {len(problems)} quote problems")
    for name, word in words.items():
        # Strictly: a forgiving search would correct a lost trial's marker word into a
        # neighbour's ("kilwordadjzed" -> "kilwordadjzes") and report a hit that is not there.
        hits = library._store.index.search(word, doc_types=["source"], forgiving=False)
        keys = {hit.key for hit in hits}
        present = by_origin.get(name)
        wanted = {f"source:{present.id}"} if present is not None else set()
        if keys != wanted:
            trial.other.append(f"search {word}: {sorted(keys)} instead of {sorted(wanted)}")
    documents = len(sources) + len(library.cards())
    indexed = library._store.index.doc_count()
    if indexed != documents:
        trial.other.append(f"index holds {indexed} documents for {documents}")


def calibrate(template: Path, articles: Path, work: Path) -> tuple[float, float]:
    """Seconds until the first file is reported and until the whole import ends."""
    library = work / "calibrate"
    shutil.copytree(template, library)
    started = time.monotonic()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "debateprep", "--library", str(library), "import"]
    first = None
    with subprocess.Popen(
        [*command, str(articles)], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if first is None and _IMPORTED.match(line):
                first = time.monotonic() - started
    total = time.monotonic() - started
    shutil.rmtree(library)
    return (first if first is not None else total / 2), total


def kill_plan(count: int, first: float, total: float) -> list[tuple[float, int | None]]:
    """Deterministic (delay, after) pairs for ``count`` trials, spread by golden-ratio steps.

    Every fourth trial (and every fresh-library one, see ``run_trials``) is killed by the clock
    during start-up: opening, schema creation, the starter load. The others are killed after
    the k-th reported file (k spread over the whole import) plus a fraction of one file's
    time, so kills land anywhere in the read / commit / index-update cycle.
    """
    golden = (5**0.5 - 1) / 2
    per_file = max(total - first, 0.1) / ARTICLES
    plan: list[tuple[float, int | None]] = []
    for n in range(count):
        spread = (0.5 + n * golden) % 1.0
        if n % 4 == 0 or n % FRESH_EVERY == FRESH_EVERY - 1:
            plan.append((first * (0.3 + 0.8 * spread), None))
        else:
            after = 1 + int(spread * (ARTICLES - 1))
            plan.append((per_file * ((n * golden * 7) % 1.0) * 1.5, after))
    return plan


def run_trials(count: int, jobs: int = 2, work: Path | None = None) -> list[Trial]:
    """Run ``count`` kill trials, ``jobs`` imports at a time; audits run in this thread."""
    with _workspace(work) as root:
        articles = root / "articles"
        words = make_articles(articles)
        template = make_template(root / "template")
        first, total = calibrate(template, articles, root)
        trials = [
            Trial(number=n, delay=delay, after=after, fresh=n % FRESH_EVERY == FRESH_EVERY - 1)
            for n, (delay, after) in enumerate(kill_plan(count, first, total))
        ]

        def launch(trial: Trial) -> tuple[list[str], bool]:
            library = root / f"trial-{trial.number}"
            if trial.fresh:
                library.mkdir()
            else:
                shutil.copytree(template, library)
            return run_import(library, articles, trial.delay, trial.after)

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures: list[Future[tuple[list[str], bool]]] = [
                pool.submit(launch, trial) for trial in trials
            ]
            for trial, future in zip(trials, futures, strict=True):
                trial.reported, trial.killed = future.result()
                library = root / f"trial-{trial.number}"
                audit(trial, library, articles, words)
                shutil.rmtree(library, ignore_errors=True)
        return trials


@contextmanager
def _workspace(work: Path | None) -> Iterator[Path]:
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)
        yield work
        return
    with tempfile.TemporaryDirectory(prefix="debateprep-kill-") as folder:
        yield Path(folder)


def summarize(trials: list[Trial]) -> dict[str, int]:
    """The numbers the issue asks for; ``sources_lost`` and the failures must be 0."""
    return {
        "trials": len(trials),
        "killed": sum(t.killed for t in trials),
        "killed_during_import": sum(t.killed and bool(t.reported) for t in trials),
        "fresh_library_trials": sum(t.fresh for t in trials),
        "sources_reported_before_kill": sum(len(t.reported) for t in trials),
        "sources_present_after_kill": sum(t.sources for t in trials),
        "sources_lost": sum(len(t.lost) for t in trials),
        "partial_sources": sum(len(t.partial) for t in trials),
        "integrity_failures": sum(bool(t.integrity) for t in trials),
        "other_failures": sum(bool(t.other) for t in trials),
        "index_rebuilds_needed": sum(t.index_rebuilt for t in trials),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2, help="imports running at once")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--details", action="store_true", help="list every trial")
    args = parser.parse_args(argv)
    started = time.monotonic()
    trials = run_trials(args.trials, jobs=args.jobs)
    summary = summarize(trials)
    summary["seconds"] = round(time.monotonic() - started)
    failed = [asdict(trial) for trial in trials if not trial.ok]
    if args.json:
        print(json.dumps({"summary": summary, "failed_trials": failed}, indent=2))
    else:
        if args.details:
            for t in trials:
                print(
                    f"trial {t.number:>3}  "
                    f"{'start' if t.after is None else f'#{t.after:<4}'} + {t.delay:5.2f}s  "
                    f"{'fresh ' if t.fresh else 'copy  '}{'killed' if t.killed else 'ended '}  "
                    f"reported {len(t.reported):>2}  present {t.sources:>2}  "
                    f"{'rebuilt' if t.index_rebuilt else '':7}  {'ok' if t.ok else 'FAILED'}"
                )
        width = max(map(len, summary))
        for key, value in summary.items():
            print(f"{key:<{width}}  {value}")
        for trial in failed:
            print(json.dumps(trial))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
