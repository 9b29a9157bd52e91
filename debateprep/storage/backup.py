"""Backing a library up and restoring it, with SQLite's online backup API.

A backup is one self-contained SQLite file (no -wal/-shm), a consistent snapshot even while
the library is open in a window or another process. It is written under a temporary name of
its own and published with a hard link that never overwrites, so backups racing to one name
leave exactly one good file and the others say it already exists. Restoring refuses while
anything has the library open (``locking``), first saves the current library beside itself
(``library.db.before-restore-<UTC time>``), then copies the backup in through the same API,
gives it a new library id and deletes the search index so it is rebuilt from the restored
database.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from debateprep.errors import UserError
from debateprep.storage import db, library_file
from debateprep.storage.locking import LibraryLock
from debateprep.storage.migrations import backup_path_for, copy_database
from debateprep.storage.models import SCHEMA_VERSION

logger = logging.getLogger(__name__)

_SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_NAME_TRIES = 100  # "-2", "-3"... tried for a backup named inside a folder


def backup_library(db_path: Path, dest: Path) -> Path:
    """Copy the library at ``db_path`` to ``dest`` and return the file written.

    ``dest`` may be an existing folder (the copy is named ``<library>-backup-<UTC time>.db``
    inside it, with ``-2``, ``-3``... if that name is taken). An existing file is never
    overwritten: that raises UserError, also when another backup publishes the same name
    first. The copy gets a library id of its own, so a search index is never shared with it.
    """
    db_path, dest = db_path.expanduser(), dest.expanduser()
    library_version(db_path)  # refuses what is not a library before anything is written
    named_by_us = dest.is_dir()
    if named_by_us:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = dest / f"{db_path.stem}-backup-{stamp}.db"
    if dest.exists() and not named_by_us:
        raise UserError(_exists(dest))
    if not dest.parent.is_dir():
        raise UserError(f"The folder {dest.parent} does not exist.")
    # Copied under a name of its own (two backups at once must not share one) and published
    # with a link that never overwrites, so an interrupted backup never looks complete.
    partial = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:12]}.partial")
    try:
        copy_database(db_path, partial)
        _set_library_id(partial, db.new_library_id())
        dest = _publish(partial, dest, named_by_us)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"The backup {dest} could not be written: {_reason(exc)}") from exc
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
    logger.info("library %s backed up to %s", db_path, dest)
    return dest


def _publish(partial: Path, dest: Path, pick_free_name: bool) -> Path:
    """Give the finished copy its name without ever replacing a file; the name used."""
    n = 1
    candidate = dest
    while True:
        try:
            _link_new(partial, candidate)
            return candidate
        except FileExistsError:
            if not pick_free_name or n >= MAX_NAME_TRIES:
                raise UserError(_exists(candidate)) from None
            n += 1
            candidate = dest.with_name(f"{dest.stem}-{n}{dest.suffix}")


def _link_new(source: Path, target: Path) -> None:
    """Hard-link ``source`` as ``target``, FileExistsError if taken. Where links are not
    supported (FAT, some network shares), rename: Windows refuses an existing target; on
    POSIX the check before it leaves a window of microseconds."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        logger.info("no hard link for %s (%s); renaming", target, exc)
    if os.path.lexists(target):
        raise FileExistsError(target)
    source.rename(target)


def _exists(dest: Path) -> str:
    return f"{dest} already exists; choose a new name for the backup."


def restore_library(backup: Path, db_path: Path) -> Path | None:
    """Replace the library at ``db_path`` with the contents of ``backup``.

    The backup must be a DebatePrep library this version can open (an older schema is
    upgraded on the next open). Refuses (naming them) while any window or command has the
    library open, and while another restore runs: see ``locking``. Returns the copy of the
    library as it was just before the restore, or None when there was no library at
    ``db_path``. The search index beside the library is deleted, and the restored library
    gets a new library id, so no index built before is ever trusted.
    """
    backup, db_path = backup.expanduser(), db_path.expanduser()
    library_version(backup)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise UserError("That backup is the library itself; choose a backup file.")
    library_file.make_library_folder(db_path)
    lock = LibraryLock.exclusive(db_path)
    try:
        return _restore_locked(backup, db_path)
    finally:
        lock.release()


def _restore_locked(backup: Path, db_path: Path) -> Path | None:
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
        _copy_into(backup, db_path)
    except (OSError, sqlite3.Error) as exc:
        kept = f" The library as it was is saved at {previous}." if previous else ""
        raise UserError(f"The backup could not be restored: {_reason(exc)}{kept}") from exc
    index = library_file.index_dir_for(db_path)
    try:
        if index.is_dir() and not index.is_symlink():
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
            _set_library_id(dst, db.new_library_id())
        finally:
            dst.close()
    finally:
        src.close()


def _set_library_id(target: Path | sqlite3.Connection, library_id: str) -> None:
    """Record a library id (a plain meta row, in every schema version) in a copied library."""
    conn = sqlite3.connect(target) if isinstance(target, Path) else target
    try:
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (db.LIBRARY_ID, library_id),
            )
    finally:
        if conn is not target:
            conn.close()


def _reason(exc: Exception) -> str:
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return text.rstrip(".") + "."
