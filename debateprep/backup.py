"""Backing a library up and restoring it, with SQLite's online backup API.

A backup is one self-contained SQLite file (no -wal/-shm), a consistent snapshot even while
the library is open in a window or another process. Restoring first saves the current library
beside itself (``library.db.before-restore-<UTC time>``), then copies the backup in through
the same API and deletes the search index so it is rebuilt from the restored database.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from debateprep import db
from debateprep.errors import UserError
from debateprep.migrations import backup_path_for, copy_database
from debateprep.models import SCHEMA_VERSION

logger = logging.getLogger(__name__)

_SQLITE_MAGIC = b"SQLite format 3\x00"


def backup_library(db_path: Path, dest: Path) -> Path:
    """Copy the library at ``db_path`` to ``dest`` and return the file written.

    ``dest`` may be an existing folder (the copy is named ``<library>-backup-<UTC time>.db``
    inside it). An existing file is never overwritten: that raises UserError.
    """
    db_path, dest = db_path.expanduser(), dest.expanduser()
    library_version(db_path)  # refuses what is not a library before anything is written
    if dest.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = dest / f"{db_path.stem}-backup-{stamp}.db"
    if dest.exists():
        raise UserError(f"{dest} already exists; choose a new name for the backup.")
    if not dest.parent.is_dir():
        raise UserError(f"The folder {dest.parent} does not exist.")
    # Copy under a temporary name and rename at the end, so an interrupted backup never
    # leaves a file that looks complete.
    partial = dest.with_name(dest.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        copy_database(db_path, partial)
        if dest.exists():
            raise UserError(f"{dest} already exists; choose a new name for the backup.")
        partial.rename(dest)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"The backup {dest} could not be written: {_reason(exc)}") from exc
    finally:
        partial.unlink(missing_ok=True)
    logger.info("library %s backed up to %s", db_path, dest)
    return dest


def restore_library(backup: Path, db_path: Path) -> Path | None:
    """Replace the library at ``db_path`` with the contents of ``backup``.

    The backup must be a DebatePrep library this version can open (an older schema is
    upgraded on the next open). Returns the copy of the library as it was just before the
    restore, or None when there was no library at ``db_path``. The search index beside the
    library is deleted, so the next open rebuilds it.
    """
    backup, db_path = backup.expanduser(), db_path.expanduser()
    library_version(backup)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise UserError("That backup is the library itself; choose a backup file.")
    previous: Path | None = None
    if db_path.exists():
        library_version(db_path)  # never overwrite a file that is not a library
        previous = backup_path_for(db_path, "before-restore")
        try:
            copy_database(db_path, previous)
        except (OSError, sqlite3.Error) as exc:
            previous.unlink(missing_ok=True)
            raise UserError(
                f"The current library could not be saved to {previous} before restoring: "
                f"{_reason(exc)} Nothing was changed."
            ) from exc
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        _copy_into(backup, db_path)
    except (OSError, sqlite3.Error) as exc:
        kept = f" The library as it was is saved at {previous}." if previous else ""
        raise UserError(f"The backup could not be restored: {_reason(exc)}{kept}") from exc
    index = db.index_dir_for(db_path)
    try:
        shutil.rmtree(index)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise UserError(
            f"The library was restored, but its old search index {index} could not be "
            f"removed ({_reason(exc)}); run `debateprep reindex`."
        ) from exc
    logger.info("library %s restored from %s (previous copy: %s)", db_path, backup, previous)
    return previous


def library_version(path: Path) -> int:
    """The schema version of the DebatePrep library file at ``path``; UserError otherwise."""
    if not path.is_file():
        raise UserError(f"{path} does not exist or is not a file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {_reason(exc)}") from exc
    if header != _SQLITE_MAGIC:
        raise UserError(f"{path} is not a DebatePrep library (it is not an SQLite database).")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise UserError(f"{path} is not a readable DebatePrep library ({exc}).") from exc
    if check is None or check[0] != "ok":
        raise UserError(f"{path} is damaged (SQLite's check failed); it cannot be used.")
    if row is None:
        raise UserError(f"{path} is not a DebatePrep library (it has no schema version).")
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{path} was saved by a newer DebatePrep (schema {version}; this version reads "
            f"up to {SCHEMA_VERSION}). Update DebatePrep to use it."
        )
    return version


def _copy_into(backup: Path, db_path: Path) -> None:
    # Through the backup API, not a file copy: it takes the database's locks, so it cannot
    # interleave with a writer, and stale -wal/-shm content can never be replayed over it.
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path, timeout=10)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _reason(exc: Exception) -> str:
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return text.rstrip(".") + "."
