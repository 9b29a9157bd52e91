"""Search benchmarks of issue 4: ours (Whoosh via ``Library``) vs SQLite FTS5, same run, same data.

For each size it generates a library (``benchmarks.generate``), then measures:

* bulk indexing (docs/s): ``Library.reindex()`` vs building the FTS5 table from the same
  documents (both read the documents from the library database);
* type-ahead: 200 deterministic queries of 1–3 words over tags, titles and cites, the last
  one a prefix (3+ letters; ``{title cite} : ("w" "deport"*)`` in FTS5,
  ``library.search(q, scope="titles")`` here), top 20 with snippets;
* full-text: 200 queries of 1–3 whole words over everything, top 20 with snippets;
* save one card: ``library.edit_card`` returns after the database commit (the index follows
  on a background thread), and until a search finds its new unique word; vs an FTS5 row
  update + commit (+ query).

Prints a table (ours, reference, ratio, target, pass/fail) and optionally writes JSON.

    python -m benchmarks.search_bench --sizes 1000,10000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks import fts5_reference as fts
from benchmarks.common import Row, format_table, percentile
from benchmarks.generate import COMMON, SEED, TOPIC, Sizes, TextMaker, write_library
from debateprep.facade.library import Library
from debateprep.search import SearchScope

N_QUERIES = 200
N_EDITS = 40
MIN_PREFIX = 3  # our QueryBuilder never expands shorter prefixes


def make_queries(n: int, *, prefix: bool, seed: int = SEED + 99) -> list[str]:
    """``n`` queries of 1–3 words drawn from the topic words and mid-frequency vocabulary."""
    rng = random.Random(seed)
    vocab = TextMaker(random.Random(SEED)).vocab
    pool = [w.lower() for w in TOPIC if w.isalpha() and len(w) >= 4]
    pool += [w for w in vocab[120:2500] if w.isalpha() and len(w) >= 4 and w not in COMMON[:150]]
    queries: list[str] = []
    for _ in range(n):
        words = [rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        if prefix:
            last = words[-1]
            words[-1] = last[: rng.randint(MIN_PREFIX, max(MIN_PREFIX, len(last) - 1))]
        queries.append(" ".join(words))
    return queries


# Issue 14: what students type, built from the topic's commonest words, as typed.
STUDENT_QUERIES = (
    "ice detainer",
    "sanctuary city crime",
    "federal funding",
    "trump executive order",
    "illegal immigrants deported",
)


def student_queries() -> list[str]:
    """Each student query as it is typed, from its third letter (never ending in a space)."""
    typed: list[str] = []
    for query in STUDENT_QUERIES:
        typed += [query[:n] for n in range(MIN_PREFIX, len(query) + 1) if query[n - 1] != " "]
    return typed


def _time_queries(
    library: Library,
    conn: Any,
    queries: list[str],
    prefix: bool,
    label: str,
    extra: dict[str, Any],
    *,
    scope: SearchScope | None = None,
) -> tuple[list[float], list[float]]:
    """Each query on both sides, alternating: (ours ms, FTS5 ms), with hits and the worst
    three recorded in ``extra``. Type-ahead searches tags, titles and cites."""
    scope = scope or ("titles" if prefix else "everything")
    columns = ("title", "cite") if scope == "titles" else None
    for q in queries[:5]:  # warm both sides' caches
        library.search(q, prefix=prefix, scope=scope)
        fts.search(conn, q, prefix=prefix, columns=columns)
    ours_ms: list[float] = []
    ref_ms: list[float] = []
    ours_hits = ref_hits = 0
    for q in queries:
        t0 = time.perf_counter()
        ours_hits += len(library.search(q, prefix=prefix, limit=20, scope=scope))
        t1 = time.perf_counter()
        ref_hits += len(fts.search(conn, q, prefix=prefix, limit=20, columns=columns))
        t2 = time.perf_counter()
        ours_ms.append((t1 - t0) * 1000.0)
        ref_ms.append((t2 - t1) * 1000.0)
    extra[f"{label}_mean_hits"] = {
        "ours": ours_hits / len(queries),
        "fts5": ref_hits / len(queries),
    }
    extra[f"{label}_worst"] = sorted(zip(ours_ms, queries, strict=True))[-3:]
    return ours_ms, ref_ms


def _student_rows(cards: int, library: Library, conn: Any, extra: dict[str, Any]) -> list[Row]:
    """The student list as the window runs it: each prefix as typed, type-ahead over tags,
    titles and cites, then the full-text pass over everything (the last word a prefix)."""
    typed = student_queries()
    rows: list[Row] = []
    quick, quick_ref = _time_queries(library, conn, typed, True, "student type-ahead", extra)
    p95, ref95 = percentile(quick, 95), percentile(quick_ref, 95)
    ok = p95 <= 50 and p95 <= 3 * ref95
    rows.append(Row(cards, "student type-ahead p95", "ms", p95, ref95, "<=50 ms & <=3x", ok))
    full, full_ref = _time_queries(
        library, conn, typed, True, "student full-text", extra, scope="everything"
    )
    p95, ref95 = percentile(full, 95), percentile(full_ref, 95)
    rows.append(Row(cards, "student full-text p95", "ms", p95, ref95, "<=300 ms", p95 <= 300))
    worst, ref_worst = max(full), max(full_ref)
    rows.append(Row(cards, "student full-text max", "ms", worst, ref_worst, "<=1 s", worst <= 1000))
    return rows


def _unique_word(i: int) -> str:
    letters = ""
    i += 26 * 26
    while i:
        i, r = divmod(i, 26)
        letters = chr(ord("a") + r) + letters
    return "zqx" + letters


def bench_size(
    cards: int, workdir: Path, log: Callable[[str], None], *, reuse: bool = False
) -> tuple[list[Row], dict[str, Any]]:
    """Every search row for one size. ``reuse``: measure the library already generated and
    indexed in ``workdir`` (no bulk-index row: its index is not rebuilt)."""
    folder = workdir / f"lib{cards}"
    rows: list[Row] = []
    extra: dict[str, Any] = {}
    if not (reuse and (folder / "library.db").exists()):
        t = write_library(folder, Sizes.for_cards(cards))
        log(f"[{cards}] rows {t['generate']:.1f} s, insert {t['insert']:.1f} s")
        extra.update(generate_s=t["generate"], insert_s=t["insert"])
        reuse = False
    fts_path = workdir / f"fts{cards}.db"
    with Library.open(folder, starter=False, index=reuse) as library:
        # (d) bulk indexing: both sides read the same documents from the library database.
        t0 = time.perf_counter()
        docs = 0 if reuse else library.reindex()
        reindex_s = time.perf_counter() - t0
        fts_path.unlink(missing_ok=True)
        count, fts_s = fts.build_from_library(fts_path, library)
        assert reuse or count == docs, (count, docs)
        if not reuse:
            log(f"[{cards}] reindex {docs} docs {reindex_s:.1f} s; FTS5 {fts_s:.2f} s")
            ours_rate, ref_rate = docs / reindex_s, docs / fts_s
            passed = ours_rate >= 100
            rows.append(Row(cards, "bulk index", "docs/s", ours_rate, ref_rate, ">= 100/s", passed))
            extra.update(docs=docs, reindex_s=reindex_s, fts5_build_s=fts_s)

        conn = fts.connect(fts_path)
        try:
            for label, prefix in (("type-ahead", True), ("full-text", False)):
                queries = make_queries(N_QUERIES, prefix=prefix, seed=SEED + (99 if prefix else 7))
                ours_ms, ref_ms = _time_queries(library, conn, queries, prefix, label, extra)
                for pct in (50, 95):
                    ours_p, ref_p = percentile(ours_ms, pct), percentile(ref_ms, pct)
                    if label == "type-ahead" and pct == 95:
                        target, ok = "<=50 ms & <=3x", ours_p <= 50 and ours_p <= 3 * ref_p
                    elif label == "full-text" and pct == 95:
                        target, ok = "<=5x", ours_p <= 5 * ref_p
                    else:
                        target, ok = "", None
                    rows.append(Row(cards, f"{label} p{pct}", "ms", ours_p, ref_p, target, ok))
                log(f"[{cards}] {label}: {len(queries)} queries done")
            rows += _student_rows(cards, library, conn, extra)
            log(f"[{cards}] student queries done")

            # (c) save one edited card until search sees it.
            rng = random.Random(SEED + 5)
            ids = rng.sample(range(1, cards + 1), min(N_EDITS, cards))
            save_ms: list[float] = []
            seen_ms: list[float] = []
            ref_save: list[float] = []
            ref_seen: list[float] = []
            for i, card_id in enumerate(ids):
                word = _unique_word(i)
                tag = f"Edited claim {word} about sanctuary detainers"
                key = f"card:{card_id}"
                t0 = time.perf_counter()
                library.edit_card(card_id, tag=tag)
                save_ms.append((time.perf_counter() - t0) * 1000.0)
                while not any(h.key == key for h in library.search(word, prefix=False)):
                    if time.perf_counter() - t0 > 10:
                        raise RuntimeError(f"edited {key} not findable after 10 s")
                seen_ms.append((time.perf_counter() - t0) * 1000.0)
                t0 = time.perf_counter()
                fts.update_title(conn, key, tag)
                ref_save.append((time.perf_counter() - t0) * 1000.0)
                while not any(h.key == key for h in fts.search(conn, word, prefix=False)):
                    if time.perf_counter() - t0 > 10:
                        raise RuntimeError(f"FTS5 {key} not findable after 10 s")
                ref_seen.append((time.perf_counter() - t0) * 1000.0)
            for pct in (50, 95):
                ours_p, ref_p = percentile(save_ms, pct), percentile(ref_save, pct)
                target, ok = ("<=20 ms", ours_p <= 20) if pct == 95 else ("", None)
                rows.append(Row(cards, f"save card p{pct}", "ms", ours_p, ref_p, target, ok))
            for pct in (50, 95):
                ours_p, ref_p = percentile(seen_ms, pct), percentile(ref_seen, pct)
                target, ok = ("<=1000 ms", ours_p <= 1000) if pct == 95 else ("", None)
                rows.append(Row(cards, f"save->found p{pct}", "ms", ours_p, ref_p, target, ok))
            log(f"[{cards}] {len(ids)} edits done")
        finally:
            conn.close()
    return rows, extra


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="DebatePrep search vs SQLite FTS5 (issue 4)")
    parser.add_argument("--sizes", default="1000,10000", help="card counts, comma separated")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--workdir", type=Path, help="keep generated libraries here")
    parser.add_argument(
        "--reuse", action="store_true", help="measure libraries already in --workdir as they are"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    all_rows: list[Row] = []
    extras: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dp-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for cards in sizes:
            if (workdir / f"lib{cards}").exists() and not args.reuse:
                parser.error(f"{workdir / f'lib{cards}'} exists; use an empty --workdir")
            rows, extra = bench_size(cards, workdir, log, reuse=args.reuse)
            all_rows.extend(rows)
            extras[str(cards)] = extra
    print(format_table(all_rows))
    if args.json:
        payload = {
            "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
            "queries": N_QUERIES,
            "edits": N_EDITS,
            "rows": [asdict(r) | {"ratio": r.ratio} for r in all_rows],
            "details": extras,
        }
        args.json.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
