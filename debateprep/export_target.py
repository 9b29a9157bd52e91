"""Where an export may not go: the library's own files, or any SQLite database.

An export replaces its target. Aimed at ``library.db`` it would replace the open library with
a Markdown file; aimed at ``library.db-wal`` it would throw away committed changes. So every
export target is checked here, once before the work starts (a refusal costs nothing) and again
by the writer, for the file and for any extra file an export writes beside it.

Refused, compared after resolving symlinks and ``..``: the database itself; every file beside
it whose name is the database's name followed by ``-`` or ``.`` (``-wal``, ``-shm``,
``-journal``, ``.lock``, the ``.before-restore-…`` and ``.v1-backup-…`` copies); the index
folder (``library.index``) and anything inside it; and any existing file that is an SQLite
database or write-ahead log, whichever library it belongs to. Names are compared
case-insensitively, and an existing target is also compared with ``os.path.samefile``, so a
hard link, or another spelling on a case-insensitive disk, is caught too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from debateprep.errors import UserError

_SQLITE_MAGIC = b"SQLite format 3\x00"
# The first four bytes of an SQLite write-ahead log (big- or little-endian checksums).
_WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_SIDECAR_SEPARATORS = ("-", ".")
_JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")


def check_export_target(target: Path, library_db: Path | None) -> Path:
    """``target`` (with ``~`` expanded) if an export may write it; else UserError.

    ``library_db`` is the open library's database file; None checks only that the target is
    not some SQLite database.
    """
    target = target.expanduser()
    if library_db is not None and _belongs_to_library(target, library_db):
        raise UserError(
            f"{target} is one of the library's own files (its database, journal, lock or "
            "search index); an export never replaces them. Choose another file name."
        )
    kind = _database_kind(target)
    if kind:
        raise UserError(
            f"{target} is {kind}; an export never replaces a database. Choose another file name."
        )
    return target


def _belongs_to_library(target: Path, library_db: Path) -> bool:
    db_file = _resolved(library_db.expanduser())
    index = db_file.with_name(db_file.stem + ".index")
    resolved = _resolved(target)
    if _is_sidecar(resolved, db_file) or _is_inside(resolved, index):
        return True
    # What exists is compared by identity too: hard links, case-insensitive disks, and
    # spellings resolve() leaves different (a mounted share under two names).
    protected = [db_file, index, *(Path(f"{db_file}{s}") for s in _JOURNAL_SUFFIXES)]
    existing_protected = [path for path in protected if path.exists()]
    for candidate in _existing_self_and_parents(target):
        if any(_same(candidate, path) for path in existing_protected):
            return True
    parent = _existing_parent(resolved)
    return (
        parent is not None
        and _same(parent, db_file.parent)
        and _is_sidecar_name(resolved.name, db_file.name)
    )


def _is_sidecar(resolved: Path, db_file: Path) -> bool:
    return _same_text(str(resolved.parent), str(db_file.parent)) and _is_sidecar_name(
        resolved.name, db_file.name
    )


def _is_sidecar_name(name: str, db_name: str) -> bool:
    """The database's own name, or that name followed by ``-`` or ``.`` and anything."""
    name, db_name = name.casefold(), db_name.casefold()
    return name == db_name or any(name.startswith(db_name + sep) for sep in _SIDECAR_SEPARATORS)


def _is_inside(resolved: Path, folder: Path) -> bool:
    """``resolved`` is ``folder`` or lies under it (names compared case-insensitively)."""
    here = str(resolved).casefold()
    there = str(folder).casefold()
    return here == there or here.startswith(there.rstrip(os.sep) + os.sep)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the path as written
        return path.absolute()


def _same_text(first: str, second: str) -> bool:
    return first.casefold() == second.casefold()


def _same(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False


def _existing_self_and_parents(target: Path) -> Iterator[Path]:
    """The target and each of its folders, as far as they exist (the index may be one)."""
    for path in (target, *target.absolute().parents):
        if path.exists():
            yield path


def _existing_parent(resolved: Path) -> Path | None:
    parent = resolved.parent
    return parent if parent.exists() else None


def _database_kind(target: Path) -> str:
    """What database the existing file ``target`` is ("" if none, or not a file)."""
    try:
        # Only a regular file is opened: opening a FIFO would wait for a writer forever.
        if not stat.S_ISREG(target.stat().st_mode):
            return ""
        with target.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError:  # missing, unreadable: the writer reports what matters
        return ""
    if head.startswith(_SQLITE_MAGIC):
        return "an SQLite database (perhaps a library)"
    if head[:4] in _WAL_MAGICS:
        return "an SQLite write-ahead log"
    return ""
