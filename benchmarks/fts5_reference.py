"""The reference the issue-4 benchmarks compare against: plain SQLite FTS5 over the same texts.

One FTS5 table holds the same fields our index searches (title, notes, cite, body), filled
from the same ``IndexDoc`` records the library indexes, with the porter stemmer (ours stems
too). Queries are top 20 by ``bm25()`` with a ``snippet()`` per row.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from debateprep.facade.library import Library
from debateprep.search import IndexDoc

# Same weights as debateprep/search/schema.py TEXT_FIELDS (title, notes, cite, body).
BM25 = "bm25(docs, 0.0, 3.0, 1.5, 1.0, 1.0)"
_TOKEN_RE = re.compile(r"\w+")
CARD_ROWID_BASE = 1_000_000_000


@dataclass(frozen=True)
class FtsHit:
    key: str
    title: str
    snippet: str


def rowid_for(key: str) -> int:
    """A stable FTS5 rowid for an index key, so an update finds its row without a scan."""
    doc_type, _, number = key.partition(":")
    return int(number) + (CARD_ROWID_BASE if doc_type == "card" else 0)


def library_documents(library: Library) -> list[IndexDoc]:
    """Every document the library's index holds, built by the library's own code."""
    store = library._store  # benchmark only: the same documents reindex() feeds Whoosh
    with store.read() as session:
        return list(store.iter_documents(session))


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def build(path: Path, docs: Iterable[IndexDoc]) -> int:
    """Create ``path`` with an FTS5 table of ``docs`` (one transaction); returns the count."""
    path.unlink(missing_ok=True)
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    conn = connect(path)
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            "key UNINDEXED, title, notes, cite, body, tokenize='porter unicode61')"
        )
        conn.execute("BEGIN")
        rows = ((rowid_for(d.key), d.key, d.title, d.notes, d.cite, d.body) for d in docs)
        conn.executemany(
            "INSERT INTO docs(rowid, key, title, notes, cite, body) VALUES (?, ?, ?, ?, ?, ?)", rows
        )
        conn.execute("COMMIT")
        (count,) = conn.execute("SELECT count(*) FROM docs").fetchone()
        return int(count)
    finally:
        conn.close()


def build_from_library(path: Path, library: Library) -> tuple[int, float]:
    """Build the reference from a library (documents read as for reindex); (count, seconds)."""
    t0 = time.perf_counter()
    count = build(path, library_documents(library))
    return count, time.perf_counter() - t0


def match_expression(text: str, *, prefix: bool) -> str:
    """User words -> an FTS5 MATCH string: words ANDed, the last one ``word*`` if ``prefix``."""
    words = _TOKEN_RE.findall(text)
    terms = [f'"{w}"' for w in words]
    if prefix and terms:
        terms[-1] = terms[-1] + "*"
    return " ".join(terms)


def search(
    conn: sqlite3.Connection,
    text: str,
    *,
    prefix: bool,
    limit: int = 20,
    columns: tuple[str, ...] | None = None,
) -> list[FtsHit]:
    """Top ``limit`` rows by bm25 with a highlighted snippet (from any column).

    ``columns`` restricts the match (type-ahead compares on ``("title", "cite")``).
    """
    expr = match_expression(text, prefix=prefix)
    if not expr:
        return []
    if columns:
        expr = "{" + " ".join(columns) + "} : (" + expr + ")"
    rows = conn.execute(
        f"SELECT key, title, snippet(docs, -1, '[', ']', '…', 24) FROM docs "
        f"WHERE docs MATCH ? ORDER BY {BM25} LIMIT ?",
        (expr, limit),
    ).fetchall()
    return [FtsHit(str(k), str(t), str(s)) for k, t, s in rows]


def update_title(conn: sqlite3.Connection, key: str, title: str) -> None:
    """The reference "save one card": one FTS5 row update and its commit."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE docs SET title = ? WHERE rowid = ?", (title, rowid_for(key)))
    conn.execute("COMMIT")
