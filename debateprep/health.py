"""`debateprep check`: is the library's database sound, and does its search index agree with it?

The database is the truth and is only examined: SQLite's own integrity and foreign-key checks,
the schema version, and every evidence quote against its source (``Library.verify``). Nothing
here writes to it. The search index is derived data, so whatever is wrong with it (missing,
truncated or garbled files, a writer lock nobody will release, a watermark behind the database's
change counter, a document count that disagrees) is repaired by rebuilding it and reported as
repaired. A broken library never raises: each failure becomes one line in ``problems``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from debateprep import db
from debateprep.errors import UserError
from debateprep.models import SCHEMA_VERSION, Card, Source
from debateprep.search import SearchIndexError
from debateprep.search.state import writer_lock_held
from debateprep.store import Store

logger = logging.getLogger(__name__)

LOCK_PATIENCE = 2.0  # seconds a writer lock may be held before we call it stale
MAX_LISTED = 10  # problem lines of one kind before "and N more"
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class HealthReport:
    """What ``check_library`` found: ``ok`` means nothing is wrong after the repairs."""

    ok: bool
    problems: tuple[str, ...] = ()  # what is still wrong (the database needs a person)
    repaired: tuple[str, ...] = ()  # what was wrong and has been fixed (the index)
    sources: int = 0
    cards: int = 0
    quotes_checked: int = 0
    indexed: int = 0  # documents in the search index after the check

    def lines(self) -> list[str]:
        """A human summary, one finding a line, for the command line."""
        out = [
            f"{self.sources} sources, {self.cards} cards, {self.quotes_checked} evidence "
            f"quotes checked, {self.indexed} documents in the search index."
        ]
        out += [f"repaired: {line}" for line in self.repaired]
        out += [f"problem: {line}" for line in self.problems]
        out.append("The library is healthy." if self.ok else "The library has problems.")
        return out


def check_library(path: Path) -> HealthReport:
    """Check the library at ``path`` (a database file or a library folder); never raises
    for a broken library. The index is rebuilt if it needs to be."""
    db_path = db.resolve_library_path(Path(path))
    problems: list[str] = []
    repaired: list[str] = []
    if not _database_usable(db_path, problems):
        return HealthReport(ok=False, problems=tuple(problems))
    try:
        store = Store(db_path)
    except UserError as exc:
        problems.append(exc.message)
        return HealthReport(ok=False, problems=tuple(problems))
    except Exception as exc:  # a damaged file can fail in many ways; report, never crash
        logger.exception("cannot open %s", db_path)
        problems.append(f"The library could not be opened: {exc}")
        return HealthReport(ok=False, problems=tuple(problems))
    try:
        return _check_open(store, problems, repaired)
    finally:
        store.close()


def _check_open(store: Store, problems: list[str], repaired: list[str]) -> HealthReport:
    from debateprep.library import Library  # the facade imports the store; keep this one-way

    library = Library(store)
    sources = cards = checked = indexed = 0
    try:
        with store.read() as session:
            sources = int(session.scalar(select(func.count(Source.id))) or 0)
            cards = int(session.scalar(select(func.count(Card.id))) or 0)
            checked = int(
                session.scalar(select(func.count(Card.id)).where(Card.kind == "evidence")) or 0
            )
        quote_problems = library.verify()
        problems += _listed(
            [f"card {p.card_id} “{p.tag}”: {p.reason}" for p in quote_problems], "quotes"
        )
        indexed = _check_index(store, sources + cards, problems, repaired)
    except Exception as exc:  # a database that passed integrity_check can still surprise us
        logger.exception("library check failed")
        problems.append(f"The check could not finish: {exc}")
    return HealthReport(
        ok=not problems,
        problems=tuple(problems),
        repaired=tuple(repaired),
        sources=sources,
        cards=cards,
        quotes_checked=checked,
        indexed=indexed,
    )


def _database_usable(db_path: Path, problems: list[str]) -> bool:
    """SQLite-level checks on the file itself; False when the library must not be opened."""
    if not db_path.is_file():
        problems.append(f"There is no library at {db_path}.")
        return False
    try:
        with db_path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        problems.append(f"Cannot read the library {db_path}: {exc.strerror or exc}.")
        return False
    if header != _SQLITE_MAGIC:
        problems.append(f"{db_path} is not a DebatePrep library (it is not an SQLite database).")
        return False
    try:
        connection = sqlite3.connect(db_path, timeout=10)
    except sqlite3.Error as exc:
        problems.append(f"The library could not be opened: {exc}.")
        return False
    try:
        # query_only: this connection may replay the WAL, which is SQLite's own recovery,
        # but it can never change the library's content.
        connection.execute("PRAGMA query_only=ON")
        return _sqlite_checks(connection, problems)
    except sqlite3.Error as exc:
        problems.append(f"The database is damaged: {exc}.")
        return False
    finally:
        connection.close()


def _sqlite_checks(connection: sqlite3.Connection, problems: list[str]) -> bool:
    rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        problems += _listed([f"database integrity: {row}" for row in rows], "integrity")
    orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        problems += _listed(
            [f"table {row[0]} row {row[1]} refers to a missing {row[2]} row" for row in orphans],
            "references",
        )
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "meta" not in tables:
        problems.append("This SQLite file is not a DebatePrep library (it has no meta table).")
        return False
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = int(row[0]) if row is not None and str(row[0]).isdigit() else -1
    if version > SCHEMA_VERSION:
        problems.append(
            f"This library was saved by a newer DebatePrep (schema {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update DebatePrep to check it."
        )
        return False
    if version < SCHEMA_VERSION:
        # Opening would upgrade it; a check only looks.
        problems.append(
            f"This library uses schema {version}; open it once in DebatePrep to upgrade it "
            f"to schema {SCHEMA_VERSION} (a backup is made first), then check again."
        )
        return False
    return not any(line.startswith("database integrity") for line in problems)


def _check_index(store: Store, expected: int, problems: list[str], repaired: list[str]) -> int:
    """Rebuild the index if anything is wrong with it; the number of documents it holds."""
    counter = store.change_counter()
    reason = _index_trouble(store, counter)
    if reason is None:
        count = _doc_count(store)
        if count != expected:
            reason = f"it held {count} documents for {expected} sources and cards"
    if reason is not None:
        try:
            store.rebuild_index()
        except Exception as exc:
            logger.exception("index rebuild failed")
            problems.append(f"search index: {reason}, and rebuilding it failed: {exc}")
            return 0
        repaired.append(f"search index: {reason}; rebuilt from the database")
    count = _doc_count(store)
    if count != expected:
        problems.append(
            f"search index holds {count} documents but the database has {expected} "
            "sources and cards, even after a rebuild"
        )
    return count


def _index_trouble(store: Store, counter: int) -> str | None:
    """Why the index cannot be trusted, or None if it looks current."""
    index = store.index
    directory = index.directory
    if not directory.is_dir():
        return "it was missing"
    if _lock_is_held(directory):
        return "a writer lock was left behind by a program that is gone"
    try:
        watermark = index.watermark()
    except Exception as exc:  # watermark() already turns damage into None; belt and braces
        return f"it could not be read ({exc})"
    if watermark is None:
        if (
            not any(directory.glob("_*_*.toc"))
            or not (directory / "debateprep-search.json").exists()
        ):
            return "its files were missing"
        return "its files were damaged or from another version"
    if watermark != counter:
        return f"it was out of step (index at change {watermark}, database at {counter})"
    return None


def _lock_is_held(directory: Path) -> bool:
    """True when Whoosh's writer lock stays held (by a hung process) for LOCK_PATIENCE s.

    A rebuild swaps in a fresh folder, so a lock nobody will release stops mattering.
    Our own process holds no writer here: the check runs between actions.
    """
    return writer_lock_held(directory, LOCK_PATIENCE)


def _doc_count(store: Store) -> int:
    with contextlib.suppress(SearchIndexError):
        return store.index.doc_count()
    return -1


def _listed(lines: list[str], what: str) -> list[str]:
    if len(lines) <= MAX_LISTED:
        return lines
    return [*lines[:MAX_LISTED], f"… and {len(lines) - MAX_LISTED} more ({what})"]
