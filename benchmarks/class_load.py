"""Issue 15's load benchmark: 30 students saving into one class library at once.

A throwaway PostgreSQL server (``tests/pg_cluster.py``, fsync on) holds a class made with
the real commands' code (a teacher, N student logins, the starter content). Each student is a
separate process with its own window-like client: ``Library.open(url, listen=True)``, its
own search index in its own cache folder. For ``--seconds`` each one cuts evidence from the
corpus, edits its own cards' tags and links its evidence to arguments, with a think time
between actions, timing every save (the facade call, from the user's action to committed and
queued for the index). Then, with everyone stopped, each client waits until its index reflects
the database's last change.

Checked at the end: no error; every acknowledged save is in the database (each card with the
last tag its author saw acknowledged, each link present); save p95 <= 50 ms; every client's
index converged within 2 s of the last change. Reference in the same run: one student alone
on a personal SQLite library doing the same actions for the same time.

    python -m benchmarks.class_load [--clients 30] [--seconds 60] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import Row, format_table, percentile

REPO = Path(__file__).resolve().parents[1]
SAVE_P95_TARGET = 50.0  # ms
CONVERGENCE_TARGET = 2.0  # s
THINK = (0.3, 1.5)  # seconds between one student's actions


@dataclass
class ClientResult:
    """What one simulated student reports back."""

    name: str
    saves_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    tags: dict[int, str] = field(default_factory=dict)  # card id -> last acknowledged tag
    links: list[tuple[int, int]] = field(default_factory=list)
    last_save: float = 0.0  # wall clock of the last acknowledged save
    converged_at: float = 0.0  # wall clock when the index reflected the final counter


def _act(library: Any, rng: random.Random, result: ClientResult, state: dict[str, Any]) -> None:
    """One student action: cut (40%), edit an own card's tag (40%) or link (20%)."""
    from debateprep.records import LinkKind, Side

    roll = rng.random()
    own = list(result.tags)
    started = time.perf_counter()
    if roll < 0.4 or not own:
        source_id, text = rng.choice(state["sources"])
        start = rng.randrange(0, max(1, len(text) - 400))
        end = start + rng.randrange(80, 300)
        tag = f"{result.name} cut {len(own) + 1}"
        card = library.cut_card(source_id, start, end, tag=tag, side=rng.choice([Side.A, Side.B]))
        result.tags[card.id] = tag
    elif roll < 0.8:
        card_id = rng.choice(own)
        tag = f"{result.name} edit {rng.randrange(10**6)}"
        library.edit_card(card_id, tag=tag)
        result.tags[card_id] = tag
    else:
        evidence = rng.choice(own)
        claim = rng.choice(state["claims"])
        if (evidence, claim) in result.links:
            return
        library.link(evidence, claim, LinkKind.SUPPORTS)
        result.links.append((evidence, claim))
    result.saves_ms.append((time.perf_counter() - started) * 1000)
    result.last_save = time.time()


def _client(
    args: tuple[str, str, str, str, float, int, bool, Any, Any, Any, Any],
) -> dict[str, Any]:
    """One student's process (spawned): open, act for ``seconds``, then converge."""
    name, url, password, cache, seconds, seed, observe, ready, stopped, done, final = args
    os.environ["XDG_CACHE_HOME"] = cache
    from debateprep.facade.library import Library

    result = ClientResult(name)
    rng = random.Random(seed)
    # An observer opens it as the window does: following changes live, its index in a search
    # process. A plain writer opens it as a command does (no index of its own to keep).
    with Library.open(
        url, password=password, index=observe, listen=observe, search_process=observe
    ) as library:
        state = {
            "sources": [(s.id, library.source_text(s.id)) for s in library.sources()],
            "claims": [c.id for c in library.cards() if not c.is_evidence],
        }
        stopped.put(("ready", name))
        ready.wait()
        until = time.time() + seconds
        while time.time() < until:
            try:
                _act(library, rng, result, state)
            except Exception as exc:
                result.errors.append(f"{type(exc).__name__}: {exc}"[:300])
            time.sleep(rng.uniform(*THINK))
        stopped.put(("stopped", name))
        done.wait()  # everyone has stopped; the parent has read the final counter
        target = final.value
        process = library.search_process
        while process is not None and process.watermark() != target:
            time.sleep(0.01)
        result.converged_at = time.time() if observe else 0.0
    return asdict(result)


def _setup_class(cluster: Any, clients: int) -> tuple[str, list[tuple[str, str, str]]]:
    """The class, made by the code behind ``debateprep class create`` and ``add-student``
    (a teacher, N student logins, the starter content); returns the teacher's URL and the
    students' (name, URL, one-time password)."""
    from debateprep.facade.classroom import create_class
    from debateprep.facade.library import Library

    created = create_class(cluster.url("bench"), "teacher")
    teacher_url = cluster.url("bench", "teacher")
    logins = []
    with Library.open(teacher_url, password=created.password, index=False) as teacher:
        for n in range(clients):
            name = f"student{n:02d}"
            logins.append((name, cluster.url("bench", name), teacher.add_student(name)))
    os.environ["PGPASSWORD"] = created.password or ""  # the parent's reads, as the teacher
    return teacher_url, logins


def _run_class(
    clients: int, observers: int, seconds: float, work: Path
) -> tuple[list[ClientResult], Any]:
    sys.path.insert(0, str(REPO / "tests"))
    from pg_cluster import Cluster

    cluster = Cluster.start(fsync=True, max_connections=40 + 4 * clients)
    try:
        admin_url, logins = _setup_class(cluster, clients)
        ctx = multiprocessing.get_context("spawn")
        manager = ctx.Manager()
        ready, done, stopped = manager.Event(), manager.Event(), manager.Queue()
        final = manager.Value("i", -1)
        jobs = [
            (
                name,
                url,
                pw,
                str(work / name),
                seconds,
                n,
                n < observers,
                ready,
                stopped,
                done,
                final,
            )
            for n, (name, url, pw) in enumerate(logins)
        ]
        with ctx.Pool(clients) as pool:
            pending = pool.map_async(_client, jobs)
            for _ in jobs:  # every client has opened its library and built its index
                stopped.get(timeout=600)
            ready.set()
            for _ in jobs:  # every client has made its last save
                stopped.get(timeout=seconds + 600)
            final.value = _counter(admin_url)
            done.set()
            results = [ClientResult(**raw) for raw in pending.get(timeout=600)]
        manager.shutdown()
        return results, _check(admin_url, results)
    finally:
        cluster.stop()


def _counter(url: str) -> int:
    from debateprep.facade.library import Library

    with Library.open(url, index=False) as library:
        return library._store.change_counter()


def _check(url: str, results: list[ClientResult]) -> dict[str, int]:
    """Every acknowledged save is in the database: tags as last acknowledged, links present."""
    from debateprep.facade.library import Library

    lost = checked = 0
    with Library.open(url, index=False) as library:
        tags = {card.id: card.tag for card in library.cards()}
        links = {(link.from_id, link.to_id) for link in library.links()}
    for result in results:
        for card_id, tag in result.tags.items():
            checked += 1
            lost += tags.get(card_id) != tag
        for pair in result.links:
            checked += 1
            lost += tuple(pair) not in links
    return {"checked": checked, "lost": lost}


def _run_alone(seconds: float, work: Path) -> ClientResult:
    """The reference: one student alone on a personal SQLite library, same actions."""
    from debateprep.facade.library import Library

    result = ClientResult("alone")
    rng = random.Random(1)
    with Library.open(work / "alone" / "library.db") as library:
        state = {
            "sources": [(s.id, library.source_text(s.id)) for s in library.sources()],
            "claims": [c.id for c in library.cards() if not c.is_evidence],
        }
        until = time.time() + seconds
        while time.time() < until:
            _act(library, rng, result, state)
            time.sleep(rng.uniform(*THINK))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--observers",
        type=int,
        help="how many students run a whole window-like client (live, own index in a search "
        "process); the others only save, as a command does. Default: all of them",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="class-load-") as folder:
        work = Path(folder)
        os.environ["XDG_CACHE_HOME"] = str(work / "parent-cache")
        observers = args.clients if args.observers is None else args.observers
        results, check = _run_class(args.clients, observers, args.seconds, work)
        alone = _run_alone(args.seconds, work)
    return _report(args, results, check, alone)


def _report(
    args: Any, results: list[ClientResult], check: dict[str, int], alone: ClientResult
) -> int:
    saves = [ms for r in results for ms in r.saves_ms]
    errors = [e for r in results for e in r.errors]
    last = max(r.last_save for r in results)
    convergence = max(r.converged_at for r in results) - last
    observers = sum(1 for r in results if r.converged_at)
    p95, alone_p95 = percentile(saves, 95), percentile(alone.saves_ms, 95)
    rows = [
        Row(args.clients, "save p95 (class)", "ms", p95, alone_p95, f"<= {SAVE_P95_TARGET:.0f} ms",
            p95 <= SAVE_P95_TARGET, "1 student, SQLite"),
        Row(args.clients, "save p50 (class)", "ms", percentile(saves, 50),
            percentile(alone.saves_ms, 50), "", None, "1 student, SQLite"),
        Row(args.clients, "save max (class)", "ms", max(saves), max(alone.saves_ms), "", None,
            "1 student, SQLite"),
        Row(args.clients, "index convergence", "s", convergence, CONVERGENCE_TARGET,
            f"<= {CONVERGENCE_TARGET:.0f} s", convergence <= CONVERGENCE_TARGET, "target"),
    ]  # fmt: skip
    print(format_table(rows))
    print(
        f"{len(saves)} saves by {len(results)} students ({observers} with a live window-like "
        f"client and its own index) in {args.seconds:.0f} s "
        f"({len(alone.saves_ms)} by the one student alone); errors: {len(errors)}; "
        f"acknowledged saves checked: {check['checked']}, lost: {check['lost']}"
    )
    for error in errors[:10]:
        print("  error:", error)
    if args.json:
        payload = {"rows": [asdict(r) | {"ratio": r.ratio} for r in rows], "errors": errors,
                   "saves": len(saves), **check}  # fmt: skip
        args.json.write_text(json.dumps(payload, indent=2))
    ok = not errors and check["lost"] == 0 and all(r.passed is not False for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
