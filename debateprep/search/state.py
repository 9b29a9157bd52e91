"""Housekeeping around the Whoosh directory: state file, locks, opening, swapping directories.

The index is a cache of SQLite. A small JSON file next to Whoosh's files records which schema
version built it and which database change counter ("watermark") it reflects; it is written
atomically and only after Whoosh has committed, so it never claims more than the index holds.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.util.filelock import FileLock

from .documents import SearchIndexError

logger = logging.getLogger(__name__)

STATE_FILE = "debateprep-search.json"

T = TypeVar("T")


def state_stamp(directory: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of the state file, None if missing: a cheap "did anything change"."""
    try:
        info = (directory / STATE_FILE).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def read_state(directory: Path) -> dict[str, Any] | None:
    """The state file's content, or None when it is missing or unreadable."""
    try:
        with (directory / STATE_FILE).open(encoding="utf-8") as stream:
            state = json.load(stream)
    except (OSError, ValueError):  # missing, unreadable, not JSON / not UTF-8
        return None
    return state if isinstance(state, dict) else None


def write_state(
    directory: Path, schema_version: int, watermark: int, library_id: str | None = None
) -> None:
    """Write the state file atomically: a temporary file in the same directory, then replace.

    ``library_id`` names the database the index was built from (see ``db.LIBRARY_ID``).
    """
    state: dict[str, Any] = {"schema_version": schema_version, "watermark": watermark}
    if library_id is not None:
        state["library_id"] = library_id
    payload = json.dumps(state)
    fd, temp_name = tempfile.mkstemp(prefix=f".{STATE_FILE}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp_name).replace(directory / STATE_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp_name).unlink()
        raise


@dataclass(slots=True)
class DirectoryLocks:
    """Locks shared by every SearchIndex of one directory in this process.

    ``write`` serializes writers (update, rebuild): Whoosh allows one writer at a time, and
    holding it also tells the stale-lock logic that no writer of ours owns the Whoosh lock.
    ``open`` guards the cached FileIndex and the moment a rebuilt directory is swapped in.
    """

    write: threading.Lock = field(default_factory=threading.Lock)
    open: threading.RLock = field(default_factory=threading.RLock)


_LOCKS: dict[str, DirectoryLocks] = {}
_LOCKS_GUARD = threading.Lock()


def locks_for(directory: Path) -> DirectoryLocks:
    # No resolve(): the directory may not exist yet; "a/../b" and "b" must still agree.
    key = os.path.normcase(os.path.normpath(directory.absolute()))
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, DirectoryLocks())


def run_quietly(fn: Callable[[], T]) -> tuple[T | None, str | None]:
    """Run ``fn`` (Whoosh opening or reading an index): (result, None) or (None, error text).

    Any exception counts: a damaged index fails in many ways (EOFError, struct.error,
    zlib.error, unpickling errors, EmptyIndexError, OSError, IndexError, TypeError...).
    Whoosh leaves files open when a segment fails to parse; they are closed when the failed
    frames are freed, with a ResourceWarning each. We let that happen here, with those
    warnings ignored, and collect cycles at once so the handles are gone before a rebuild
    moves the directory (Windows refuses while files are open). Only used on the rare
    open/verify path, because ``catch_warnings`` is process-global.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return fn(), None
        except Exception as exc:
            message = f"{type(exc).__name__}: {exc}"
        # The exception and its frames (holding the leaked files) are released by now.
        gc.collect()
        return None, message


def files(directory: Path) -> FileStorage:
    """An index directory's files, read with plain reads, never memory maps: Whoosh copies a
    mapped compound segment whole into memory (a BytesIO over the map), which made a search
    process at 100k cards hold the index twice (~975 MB for a 460 MB index)."""
    return FileStorage(str(directory), supports_mmap=False)


def open_index(directory: Path, index_name: str, schema: Schema) -> tuple[Any, str | None]:
    """(FileIndex, None), or (None, why) if the index cannot be opened and read.

    Touches every segment (first and last stored document, first key) so that truncated or
    overwritten files fail now rather than halfway through a search. Our schema is used, not
    the pickled one: the state file's schema version already vouched for it.
    """

    def open_and_touch() -> Any:
        ix = files(directory).open_index(index_name, schema=schema)
        with ix.searcher() as searcher:
            for reader, _ in searcher.reader().leaf_readers():
                total = reader.doc_count_all()
                if total:
                    reader.stored_fields(0)
                    reader.stored_fields(total - 1)
                list(islice(reader.lexicon("key"), 1))
        return ix

    return run_quietly(open_and_touch)


def open_writer(ix: Any, lock_file: Path, timeout: float) -> Any:
    """A Whoosh writer, waiting up to ``timeout`` for its lock and then breaking a stale one.

    Callers hold the directory's write lock, so no writer of ours in this process owns the
    Whoosh lock. A lock still held after the timeout belongs to something else: a hung or
    killed process (flock normally dies with its process, but not on every filesystem or
    platform), or a second copy of the app on the same library. Waiting forever would freeze
    indexing for good; removing the lock file lets us write, and the worst case, two writers
    at once, gives an index that fails to open and is rebuilt from SQLite.
    """
    try:
        return ix.writer(timeout=timeout)
    except LockError:
        logger.warning("breaking stale search index lock %s", lock_file)
        try:
            lock_file.unlink(missing_ok=True)
            return ix.writer(timeout=timeout)
        except (LockError, OSError) as exc:
            raise SearchIndexError(f"the search index is locked: {exc!r}") from exc


@contextlib.contextmanager
def process_lock(directory: Path, purpose: str, timeout: float) -> Iterator[None]:
    """Hold a lock shared with other processes on this library, waiting up to ``timeout``.

    Two of them: ``"rebuild"`` is held for a whole rebuild (so a second program's rebuild
    does not delete our build folder as a "leftover"); ``"change"`` is held while the index
    folder changes: an update (writer, commit, state file) or the moment a rebuilt folder is
    swapped in, so no writer ever writes into a folder that is being replaced. The lock file
    lives in the index folder; a rebuild replaces that folder, so after locking we check the
    file is still the one at the path and otherwise lock the new one.
    Raises SearchIndexError when the wait times out.
    """
    path = directory / f"debateprep-{purpose}.lock"
    deadline = time.monotonic() + timeout
    while True:
        try:
            directory.mkdir(parents=True, exist_ok=True)  # an empty folder reads as "missing"
        except OSError as exc:  # a file (or anything else) in the folder's place
            raise SearchIndexError(
                f"the search index folder {directory} cannot be made: {exc.strerror or exc}"
            ) from exc
        lock = FileLock(str(path))
        try:
            acquired = lock.acquire(blocking=False)
        except OSError:  # the folder vanished between mkdir and open (a swap): try again
            acquired = False
        if acquired:
            if _same_file(path, lock):
                break
            lock.release()  # locked a file of a folder that was swapped away meanwhile
            continue
        if time.monotonic() >= deadline:
            raise SearchIndexError(f"the search index is busy in another program ({purpose})")
        time.sleep(0.02)
    try:
        yield
    finally:
        lock.release()


def _same_file(path: Path, lock: Any) -> bool:
    try:
        return os.path.samestat(path.stat(), os.fstat(lock.fd))
    except OSError:
        return False


def writer_lock_held(directory: Path, patience: float, index_name: str = "MAIN") -> bool:
    """True when Whoosh's writer lock in ``directory`` stays held for ``patience`` seconds
    (another program committing an edit releases it within milliseconds)."""
    lock_file = directory / f"{index_name}_WRITELOCK"
    if not lock_file.exists():
        return False
    lock = FileLock(str(lock_file))
    deadline = time.monotonic() + patience
    while True:
        try:
            if lock.acquire(blocking=False):
                lock.release()
                return False
        except OSError:
            return False
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.05)


def move_aside_foreign(directory: Path) -> Path | None:
    """Rename whatever is at the index's path if it is not a folder; where it went, or None.

    A file there (a user's, or a sync client's conflict copy) made every command fail; it is
    never deleted, only renamed to ``library.index.not-an-index-<UTC time>`` beside it.
    """
    if directory.is_dir() or not os.path.lexists(directory):
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = directory.with_name(f"{directory.name}.not-an-index-{stamp}")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = directory.with_name(f"{directory.name}.not-an-index-{stamp}-{n}")
    try:
        directory.rename(target)
    except FileNotFoundError:
        return None  # another program moved it first
    except OSError as exc:
        raise SearchIndexError(
            f"{directory} is not a folder and could not be moved aside to make the search "
            f"index: {exc.strerror or exc}"
        ) from exc
    logger.warning("%s was not a search index folder; moved it to %s", directory, target)
    return target


def make_build_directory(directory: Path) -> Path:
    """A fresh, empty sibling directory to build a new index in (same filesystem: renames)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(directory)
    return Path(tempfile.mkdtemp(prefix=f".{directory.name}.rebuild-", dir=directory.parent))


def remove_leftovers(directory: Path) -> None:
    """Delete build/old directories that a crashed or killed rebuild left next to the index.

    Callers hold the directory's write lock and its "rebuild" process lock, so none of them
    belongs to a live rebuild of this or another process.
    """
    for pattern in (f".{directory.name}.rebuild-*", f".{directory.name}.old-*"):
        for leftover in directory.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def swap_in(built: Path, directory: Path) -> None:
    """Replace ``directory`` by ``built``: two renames, then delete the old copy.

    A crash between the renames leaves no index at all, which reads as "missing" and causes
    a rebuild, never a mix of old and new files.
    """
    old: Path | None = None
    if directory.exists():
        old = directory.with_name(f".{directory.name}.old-{uuid.uuid4().hex}")
        _rename(directory, old)
    try:
        _rename(built, directory)
    except BaseException:
        if old is not None:
            _rename(old, directory)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # a straggler is removed by the next rebuild


def _rename(source: Path, target: Path) -> None:
    try:
        source.replace(target)
    except PermissionError:
        # Windows: a file inside is still open (a searcher being finalized); collect, retry.
        gc.collect()
        source.replace(target)
