"""Schema upgrades: an explicit, ordered table of steps, run after an automatic backup copy.

``MIGRATIONS[n]`` takes a library from schema ``n`` to ``n + 1`` with plain SQL (portable
where SQL allows). ``migrate`` first copies the library with SQLite's online backup API to
``library.db.v1-backup-20240115T100000Z`` beside it (the old version and the UTC time; a
``-2``, ``-3`` suffix if that name is taken), then runs every pending step and the new
``meta.schema_version`` in ONE transaction: SQLite's DDL is transactional, so a failing step
leaves the library exactly as it was, and the user is pointed at the backup anyway.

Adding a version: bump ``models.SCHEMA_VERSION``, change the models, add the step here, and
make ``tests/storage/test_migrations.py`` show that an upgraded library's schema equals a new one's.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from debateprep.errors import UserError
from debateprep.storage.models import SCHEMA_VERSION, UNKNOWN_TIME

logger = logging.getLogger(__name__)

# db.py's execution option for "BEGIN IMMEDIATE" (db imports this module, so it is repeated
# here; a test keeps the two equal).
_WRITE_OPTION = "debateprep_write"


def _v1_to_v2(conn: Connection) -> None:
    """Timestamps on sources and cards (unknown for old rows), and an index on labels."""
    for table in ("sources", "cards"):
        for column in ("created_at", "updated_at"):
            conn.execute(
                text(
                    f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(32) NOT NULL "
                    f"DEFAULT '{UNKNOWN_TIME}'"
                )
            )
    conn.execute(text("CREATE INDEX ix_card_labels_label ON card_labels (label)"))


def _v2_to_v3(conn: Connection) -> None:
    """A level on brief sections (1 pocket, 2 hat, 3 block); every existing section is a block."""
    conn.execute(text("ALTER TABLE brief_sections ADD COLUMN level INTEGER NOT NULL DEFAULT 3"))


def _v3_to_v4(conn: Connection) -> None:
    """Page offsets and labels of imported PDFs and hidden boilerplate spans on sources
    (none for sources imported before); a quoted speaker and their qualifications on cards
    (empty: the source's author speaks)."""
    conn.execute(text("ALTER TABLE sources ADD COLUMN pages TEXT NOT NULL DEFAULT ''"))
    conn.execute(text("ALTER TABLE sources ADD COLUMN hidden TEXT NOT NULL DEFAULT ''"))
    for column in ("speaker", "speaker_quals"):
        conn.execute(text(f"ALTER TABLE cards ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"))


def _v4_to_v5(conn: Connection) -> None:
    """The user's alias edits (added ones, and learned or built-in ones removed)."""
    conn.execute(
        text(
            "CREATE TABLE aliases (short TEXT NOT NULL, long TEXT NOT NULL, origin TEXT NOT NULL, "
            "PRIMARY KEY (short, long), "
            "CONSTRAINT alias_origin CHECK (origin IN ('user', 'removed')))"
        )
    )


def _v5_to_v6(conn: Connection) -> None:
    """A class library's bookkeeping: owners, versions, who changed a card or brief last,
    locked motions and the change log (every existing row: no owner, version 1)."""

    def add(table: str, column: str, kind: str, default: str) -> None:
        conn.execute(
            text(f"ALTER TABLE {table} ADD COLUMN {column} {kind} NOT NULL DEFAULT {default}")
        )

    for table in ("sources", "motions", "cards", "links", "briefs"):
        add(table, "owner", "TEXT", "''")
    add("motions", "locked", "INTEGER", "0")
    for table in ("cards", "links", "briefs"):
        add(table, "version", "INTEGER", "1")
    for table in ("cards", "briefs"):
        add(table, "updated_by", "TEXT", "''")
    add("briefs", "updated_at", "VARCHAR(32)", f"'{UNKNOWN_TIME}'")
    conn.execute(
        text(
            "CREATE TABLE change_log (counter INTEGER NOT NULL, actor TEXT NOT NULL, "
            "at VARCHAR(32) NOT NULL, summary TEXT NOT NULL, upserts TEXT NOT NULL, "
            "deletes TEXT NOT NULL, PRIMARY KEY (counter))"
        )
    )


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
}


def stored_version(conn: Connection) -> int:
    """The schema version recorded in the library's ``meta`` table."""
    value = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    if value is None:
        raise UserError("This library has no schema version; it is not a DebatePrep library.")
    return int(value)


def copy_database(source: Path, dest: Path) -> None:
    """Copy a library with SQLite's online backup API into a new single file.

    Safe while other connections (this process's or another's) use the library: the copy is
    one consistent snapshot, committed WAL content included. The copy is switched out of WAL
    mode so it is one self-contained file.
    """
    # mode=rw: a wrong path fails instead of creating an empty database, and closing this
    # connection tidies -wal/-shm like any other (a read-only one would leave them behind).
    # as_uri() escapes "?" and "#" in file names.
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True, timeout=10)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup_path_for(db_path: Path, label: str, now: datetime | None = None) -> Path:
    """A free name beside the library: ``library.db.<label>-20240115T100000Z`` (UTC)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    base = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def migrate(engine: Engine, db_path: Path) -> list[int]:
    """Upgrade the library to ``SCHEMA_VERSION``; returns the versions reached, in order.

    Does nothing (returns ``[]``) for a current library. Raises UserError if the backup
    cannot be made (nothing is changed) or a step fails (nothing is changed; the message
    names the backup).
    """
    with engine.connect() as conn:
        version = stored_version(conn)
    if version >= SCHEMA_VERSION:
        return []
    backup = backup_path_for(db_path, f"v{version}-backup")
    try:
        copy_database(db_path, backup)
    except (OSError, sqlite3.Error) as exc:
        backup.unlink(missing_ok=True)
        raise UserError(
            f"This library (schema {version}) needs an upgrade, but the backup copy "
            f"{backup} could not be made: {exc}. The library was not changed."
        ) from exc
    logger.info("library %s backed up to %s before upgrading", db_path, backup)
    try:
        reached = _run_steps(engine)
    except Exception as exc:
        logger.exception("upgrading %s failed", db_path)
        raise UserError(
            f"Upgrading this library from schema {version} to {SCHEMA_VERSION} failed "
            f"({exc.__class__.__name__}); the library was not changed. "
            f"A backup copy is at {backup}."
        ) from exc
    if not reached:
        # Another process upgraded it while we copied; our copy is not a pre-upgrade one.
        backup.unlink(missing_ok=True)
    return reached


def _run_steps(engine: Engine) -> list[int]:
    # One IMMEDIATE transaction for every step: all or nothing, and a second process opening
    # the same old library waits here, then finds it already upgraded.
    with engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
        return run_pending(conn)


def run_pending(conn: Connection) -> list[int]:
    """Every pending step and the new version, inside the caller's transaction (SQLite and
    PostgreSQL alike); returns the versions reached."""
    reached: list[int] = []
    version = stored_version(conn)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RuntimeError(f"no migration from schema {version}")
        step(conn)
        version += 1
        conn.execute(
            text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(version)},
        )
        reached.append(version)
        logger.info("library upgraded to schema %d", version)
    return reached
