"""The library's file on disk: where it lives, which existing files may be opened, making new ones.

This runs before SQLAlchemy opens anything, because SQLite itself would happily take over an
empty file (discarding the ``-wal`` beside it) or replay an orphaned ``-wal`` into a new
database. So an existing file is never taken over: an empty one or a non-SQLite one is refused
untouched (``db.prepare_schema`` refuses an SQLite file without our tables). A new library is
built in a temporary file and published whole with a hard link, so a kill at any moment leaves
no library or a complete one. A library whose file or folder may not be written is opened
read-only.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import time
import uuid
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.exc import DatabaseError, OperationalError

from debateprep.errors import UserError
from debateprep.storage import db
from debateprep.storage.models import SCHEMA_VERSION, Base, Meta

logger = logging.getLogger(__name__)

DB_FILE_NAME = "library.db"
_SQLITE_MAGIC = b"SQLite format 3\x00"
STALE_NEW_FILE_AGE = 3600.0  # seconds after which a killed creation's temporary file goes


def resolve_library_path(path: Path) -> Path:
    """The database file for a ``--library`` argument.

    An existing folder, or a new name without a suffix, is a library folder holding
    ``library.db``; anything else (``class.db``, an existing file) is the database file.
    """
    path = path.expanduser()
    if path.is_dir() or (not path.exists() and not path.suffix):
        return path / DB_FILE_NAME
    return path


def index_dir_for(db_path: Path) -> Path:
    """The search index sits beside the database: ``library.db`` -> ``library.index/``."""
    return db_path.with_name(db_path.stem + ".index")


def is_read_only(db_path: Path) -> bool:
    """True for an existing library whose file or folder this process may not write."""
    if not db_path.exists():
        return False
    return not (os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK))


def refuse_unusable_file(db_path: Path) -> None:
    """UserError unless ``db_path`` is missing (a new library) or starts like SQLite.

    An existing file is never taken over: an empty one (a failed copy, a sync client's
    placeholder) is refused too, since SQLite would treat it as a new database and discard
    the ``-wal`` beside it, which may hold every committed card. ``check`` says the same.
    """
    if not db_path.exists():
        return
    try:
        with db_path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(f"Cannot read the library {db_path}: {exc.strerror or exc}.") from exc
    if not header:
        raise UserError(_empty_file_message(db_path))
    if header != _SQLITE_MAGIC:
        raise UserError(
            f"{db_path} is not a DebatePrep library (it is not an SQLite database). "
            "Choose another file or a new name."
        )


def _empty_file_message(db_path: Path) -> str:
    refused = (
        f"{db_path} is empty (0 bytes), so it is not a DebatePrep library; nothing was changed."
    )
    wal_size = _wal_size(db_path)
    if wal_size:
        return (
            f"{refused} The {db_path.name}-wal file beside it ({wal_size} bytes) may still hold "
            "the library's data: keep both files and restore from a backup."
        )
    return (
        f"{refused} Choose another file or a new name, or delete the empty file to start a "
        "new library there."
    )


def _wal_size(db_path: Path) -> int:
    """Bytes in the ``-wal`` file beside ``db_path`` (0 if there is none)."""
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        return wal.stat().st_size if wal.is_file() else 0
    except OSError:
        return 0


def refuse_orphan_wal(db_path: Path) -> None:
    """UserError if a new library would be made beside a ``-wal`` with content: SQLite would
    replay another database's pages into the new file."""
    # The -wal first: a library being created by another process gets its file before its
    # -wal, so a -wal seen before the file is found missing is really an orphan.
    wal_size = _wal_size(db_path)
    if wal_size and not db_path.exists():
        raise UserError(
            f"There is no library at {db_path}, but the {db_path.name}-wal file beside it "
            f"({wal_size} bytes) may hold a library's data; nothing was changed. Keep that file "
            "(move it elsewhere) or choose another name for the new library."
        )


def make_library_folder(db_path: Path) -> None:
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Cannot create the library folder {db_path.parent}: {exc.strerror or exc}."
        ) from exc


def create_new_library(db_path: Path) -> bool:
    """Make a new, empty library at ``db_path``; False if another process made it first.

    The schema is built in a temporary file beside it and published with a hard link, which
    never overwrites: a kill at any moment leaves either no library or a complete one, never
    an empty file that a later open would mistake for a broken library.
    """
    make_library_folder(db_path)
    refuse_orphan_wal(db_path)
    if db_path.exists():
        return False  # another process published one meanwhile
    _remove_stale_new_files(db_path)
    temp = db_path.with_name(f".{db_path.name}.new-{uuid.uuid4().hex}")
    try:
        _build_schema(temp)
        return _publish(temp, db_path)
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _build_schema(temp: Path) -> None:
    engine = db.create_library_engine(temp)
    try:
        try:
            connection = engine.connect()
        except (DatabaseError, OperationalError) as exc:
            raise UserError(
                f"The library could not be opened: {db.describe_db_error(exc)}"
            ) from exc
        try:
            # Tables and version in one transaction, and the file is only published whole.
            with connection.begin():
                Base.metadata.create_all(connection)
                connection.execute(
                    insert(Meta),
                    [
                        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                        {"key": "change_counter", "value": "0"},
                        {"key": db.LIBRARY_ID, "value": db.new_library_id()},
                    ],
                )
        except (DatabaseError, OperationalError) as exc:
            raise UserError(
                f"The library could not be created: {db.describe_db_error(exc)}"
            ) from exc
        finally:
            connection.close()
    finally:
        engine.dispose()
    with temp.open("rb+") as handle:
        os.fsync(handle.fileno())


def _publish(temp: Path, db_path: Path) -> bool:
    try:
        os.link(temp, db_path)
    except FileExistsError:
        return False
    except OSError as exc:
        # A filesystem without hard links (FAT, some network shares): rename, which
        # Windows refuses over an existing file; elsewhere the window is tiny.
        logger.info("no hard link for %s (%s); renaming instead", db_path, exc)
        if db_path.exists():
            return False
        try:
            temp.rename(db_path)
        except FileExistsError:
            return False
        except OSError as rename_error:
            raise UserError(
                f"The library could not be created: {rename_error.strerror or rename_error}."
            ) from rename_error
    _sync_folder(db_path.parent)
    return True


def _sync_folder(folder: Path) -> None:
    # The new name must survive a power cut too; not every platform can open a folder.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_stale_new_files(db_path: Path) -> None:
    """Temporary files of creations killed long ago (a live creation takes milliseconds)."""
    cutoff = time.time() - STALE_NEW_FILE_AGE
    for leftover in db_path.parent.glob(f".{glob.escape(db_path.name)}.new-*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
