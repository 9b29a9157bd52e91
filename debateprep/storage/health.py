"""`debateprep check`: is the library's database sound, and does its search index agree with it?

The database is the truth and is only examined: SQLite's own integrity and foreign-key checks,
the schema version, and every evidence quote against its source (the facade passes its quote
check in as ``verify_quotes``; see ``facade/checkup.py``). Nothing
here writes to it. The search index is derived data, so whatever is wrong with it (missing,
truncated or garbled files, a writer lock nobody will release, a watermark behind the database's
change counter, a document count that disagrees) is repaired by rebuilding it and reported as
repaired. A file sitting where the index folder belongs is moved aside (never deleted) first.
Index and database are compared at one change counter; while another program has the library
open and keeps saving, a lag is not mistaken for damage (see ``_settled``). A broken library
never raises: each failure becomes one line in ``problems``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from debateprep.errors import UserError
from debateprep.records import QuoteProblem
from debateprep.search import SearchIndexError
from debateprep.search.state import move_aside_foreign, read_state, writer_lock_held
from debateprep.storage import db, library_file
from debateprep.storage.locking import others_have_it_open
from debateprep.storage.models import SCHEMA_VERSION, Card, Source
from debateprep.storage.store import Store
from debateprep.text.plural import plural

# The facade's quote check: every evidence card whose quote differs from its source span.
VerifyQuotes = Callable[[Store], Sequence[QuoteProblem]]

logger = logging.getLogger(__name__)

LOCK_PATIENCE = 2.0  # seconds a writer lock may be held before we call it stale
MAX_LISTED = 10  # problem lines of one kind before "and N more"
# While another program has the library open, how long the index may disagree with the
# database (its commits reach its index a moment later) before that counts, and how often
# to look again meanwhile.
SETTLE_PATIENCE = 10.0
SETTLE_STEP = 0.1
MAX_REBUILDS = 3  # rebuilds one check tries while other programs keep changing the library


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
    notes: tuple[str, ...] = ()  # worth knowing, not wrong (read-only, busy library)

    def lines(self) -> list[str]:
        """A human summary, one finding a line, for the command line."""
        out = [
            f"{plural(self.sources, 'source')}, {plural(self.cards, 'card')}, "
            f"{plural(self.quotes_checked, 'evidence quote')} checked, "
            f"{plural(self.indexed, 'document')} in the search index."
        ]
        out += [f"repaired: {line}" for line in self.repaired]
        out += [f"problem: {line}" for line in self.problems]
        out += [f"note: {line}" for line in self.notes]
        out.append("The library is healthy." if self.ok else "The library has problems.")
        return out


def check_library(path: Path, verify_quotes: VerifyQuotes) -> HealthReport:
    """Check the library at ``path`` (a database file or a library folder); never raises
    for a broken library. The index is rebuilt if it needs to be."""
    db_path = library_file.resolve_library_path(Path(path))
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
        return _check_open(store, verify_quotes, problems, repaired)
    finally:
        store.close()


def _check_open(
    store: Store, verify_quotes: VerifyQuotes, problems: list[str], repaired: list[str]
) -> HealthReport:
    sources = cards = checked = indexed = 0
    notes: list[str] = []
    try:
        with store.read() as session:
            sources = int(session.scalar(select(func.count(Source.id))) or 0)
            cards = int(session.scalar(select(func.count(Card.id))) or 0)
            checked = int(
                session.scalar(select(func.count(Card.id)).where(Card.kind == "evidence")) or 0
            )
        quote_problems = verify_quotes(store)
        problems += _listed(
            [f"card {p.card_id} “{p.tag}”: {p.reason}" for p in quote_problems], "quotes"
        )
        indexed = _check_index(store, problems, repaired, notes)
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
        notes=tuple(notes),
    )


def _database_usable(db_path: Path, problems: list[str]) -> bool:
    """SQLite-level checks on the file itself; False when the library must not be opened."""
    if not db_path.is_file():
        problems.append(f"There is no library at {db_path}.")
        return False
    try:
        library_file.refuse_unusable_file(db_path)  # the same judgement as opening it
        connection = _connect(db_path)
    except UserError as exc:
        problems.append(exc.message)
        return False
    except sqlite3.Error as exc:
        problems.append(f"The library could not be opened: {exc}.")
        return False
    try:
        return _sqlite_checks(connection, problems)
    except sqlite3.Error as exc:
        problems.append(f"The database is damaged: {exc}.")
        return False
    finally:
        connection.close()


def _connect(db_path: Path) -> sqlite3.Connection:
    if library_file.is_read_only(db_path):
        return sqlite3.connect(db.read_only_uri(db_path), uri=True, timeout=10)
    connection = sqlite3.connect(db_path, timeout=10)
    try:
        # query_only: this connection may replay the WAL, which is SQLite's own recovery,
        # but it can never change the library's content.
        connection.execute("PRAGMA query_only=ON")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


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


def _check_index(store: Store, problems: list[str], repaired: list[str], notes: list[str]) -> int:
    """Rebuild the index if anything is wrong with it; the number of documents it holds.

    The index is compared with the database only at a moment when both agree on the change
    counter (``_settled``), so another program importing meanwhile is not taken for damage.
    A disagreement is reported as a problem only if it survives a rebuild with no change to
    the database since; another program's changes during a rebuild just mean another one.
    """
    moved = _move_aside_foreign(store)
    view = _settled(store)
    if moved is not None:
        reason: str | None = (
            f"{store.index.directory.name} was not a folder; it was moved to {moved.name}"
        )
    else:
        reason = view.trouble if view.settled else None
    rebuilt_at: int | None = None
    for _ in range(MAX_REBUILDS):
        if reason is None:
            break
        if rebuilt_at is not None and view.counter == rebuilt_at:
            problems.append(f"search index: {reason}, even after a rebuild")
            break
        rebuilt_at = store.change_counter()
        try:
            store.rebuild_index()
        except Exception as exc:
            logger.exception("index rebuild failed")
            problems.append(f"search index: {reason}, and rebuilding it failed: {exc}")
            return 0
        if not repaired:
            repaired.append(f"search index: {reason}; rebuilt from the database")
        view = _settled(store)
        reason = view.trouble if view.settled else None
    if not view.settled:
        notes.append(
            "the library changed all through the check (another program is writing to it), "
            "so its search index could not be compared; run the check again when it is idle"
        )
    if store.read_only:
        notes.append(f"the library is read-only; its search index is in {store.index.directory}")
    return view.indexed


@dataclass(frozen=True)
class _IndexView:
    trouble: str | None  # why the index cannot be trusted, None if it agrees
    indexed: int  # documents in the index
    counter: int  # the database change counter it was compared with
    settled: bool  # False: the database kept changing, so ``trouble`` may be a passing lag


def _settled(store: Store) -> _IndexView:
    """Compare index and database at one change counter.

    While another program has the library open, its commits reach its index a moment after
    the database: then a lag (an index out of step, a document count that differs) is only
    trusted once the counter has stood still for SETTLE_PATIENCE seconds; if it never does,
    ``settled`` is False. Damage (missing or unreadable files) is trusted at once.
    """
    busy = store.db_path is None or others_have_it_open(store.db_path)
    patience = SETTLE_PATIENCE if busy else 0.0
    deadline = time.monotonic() + patience
    first: int | None = None
    quiet = True  # the counter has not moved since we started watching
    while True:
        counter, expected = _database_counts(store)
        first = counter if first is None else first
        trouble, lag = _index_trouble(store, counter)
        count = _doc_count(store)
        if trouble is None and count != expected:
            trouble, lag = f"it held {count} documents for {expected} sources and cards", True
        still = _database_counts(store)[0] == counter
        quiet = quiet and still and counter == first
        if trouble is None and still:
            return _IndexView(None, count, counter, settled=True)
        if trouble is not None and not lag:
            return _IndexView(trouble, count, counter, settled=True)
        if time.monotonic() >= deadline:
            return _IndexView(trouble, count, counter, settled=quiet)
        time.sleep(SETTLE_STEP)


def _database_counts(store: Store) -> tuple[int, int]:
    """(change counter, sources + cards), read in one snapshot."""
    with store.read() as session:
        counter = db.read_change_counter(session)
        expected = int(session.scalar(select(func.count(Source.id))) or 0)
        expected += int(session.scalar(select(func.count(Card.id))) or 0)
    return counter, expected


def _move_aside_foreign(store: Store) -> Path | None:
    try:
        return move_aside_foreign(store.index.directory)
    except SearchIndexError as exc:
        logger.warning("%s", exc)
        return None


def _index_trouble(store: Store, counter: int) -> tuple[str | None, bool]:
    """(why the index cannot be trusted, whether that may be a passing lag); (None, False)
    if it looks current."""
    index = store.index
    directory = index.directory
    if not directory.is_dir():
        return "it was missing", False
    if _lock_is_held(directory):
        # Or another program saving without a pause: a lag while it has the library open.
        return "a writer lock was left behind by a program that is gone", True
    try:
        watermark = index.watermark()
    except Exception as exc:  # watermark() already turns damage into None; belt and braces
        return f"it could not be read ({exc})", False
    if watermark is None:
        state = read_state(directory)
        if not any(directory.glob("_*_*.toc")) or state is None:
            return "its files were missing", False
        if state.get("library_id") != store.library_id:
            return "it was built for another library (its library id differs)", False
        return "its files were damaged or from another version", False
    if watermark != counter:
        return f"it was out of step (index at change {watermark}, database at {counter})", True
    return None, False


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
