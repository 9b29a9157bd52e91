"""Who has a library open: a shared lock for every opener, an exclusive one for a restore.

Every ``Store`` holds a shared ``flock`` on ``library.db.lock`` beside the database for as long
as it is open; ``restore`` takes it exclusively without waiting, so it refuses while any window
or command has the library open, and a second restore refuses while the first runs. An opener
that arrives during a restore waits for it (up to ``RESTORE_WAIT`` seconds). flock belongs to
the open file, not the process, so a restore refuses even when this very process has the
library open, and a killed process's lock disappears with it.

To name the holders, each lock holder also leaves a small record in ``library.db.openers/``
(its pid and what it is: the window, a command) and holds an exclusive flock on it: a record
whose lock can be taken belongs to a process that is gone and is ignored (and removed).
Where ``fcntl`` is missing (Windows) there is no locking and a restore cannot tell; a
read-only folder without a lock file is not locked either (nothing can be restored into it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from debateprep.errors import UserError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

RESTORE_WAIT = 60.0  # seconds an opener waits for a running restore before giving up
_POLL = 0.05
_ROLE = "a DebatePrep program"


def set_process_role(role: str) -> None:
    """How other processes name this one in messages ("the DebatePrep window", ...)."""
    global _ROLE
    _ROLE = " ".join(role.split())[:200] or _ROLE


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def openers_dir_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".openers")


class LibraryLock:
    """One hold on a library's lock file (shared or exclusive) plus this holder's record."""

    def __init__(self, fd: int | None, record: _Record | None, created: bool) -> None:
        self._fd = fd
        self._record = record
        self.created = created  # this hold made the lock file (a refused file tidies it)

    @classmethod
    def shared(cls, db_path: Path, *, writable: bool = True) -> LibraryLock:
        """Hold the library open, waiting up to RESTORE_WAIT for a running restore."""
        fd, created = _open_lock_file(db_path, writable)
        if fd is None:
            return cls(None, None, created)
        deadline = time.monotonic() + RESTORE_WAIT
        try:
            while not _try_flock(fd, exclusive=False):
                if time.monotonic() >= deadline:
                    raise UserError(
                        f"The library {db_path} is being restored by "
                        f"{_describe_holders(db_path, 'another DebatePrep command')}; "
                        "try again when it has finished."
                    )
                time.sleep(_POLL)
        except BaseException:
            os.close(fd)
            raise
        record = None
        if writable:
            _prune_dead_records(db_path)  # killed processes leave theirs behind
            record = _Record.create(db_path, "has it open")
        return cls(fd, record, created)

    @classmethod
    def exclusive(cls, db_path: Path) -> LibraryLock:
        """Hold the library for a restore; UserError (naming the holders) if it is in use."""
        fd, created = _open_lock_file(db_path, writable=True)
        if fd is None:
            return cls(None, None, created)
        if not _try_flock(fd, exclusive=True):
            os.close(fd)
            holders = _describe_holders(db_path, "another DebatePrep window or command")
            raise UserError(
                f"The library is in use by {holders}; close it there, then restore again. "
                "Nothing was changed."
            )
        # Nobody else holds the lock now, so every record left is a dead process's.
        _remove_records(db_path)
        return cls(fd, _Record.create(db_path, "is restoring it"), created)

    def release(self) -> None:
        if self._record is not None:
            self._record.remove()
            self._record = None
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None

    def remove_files(self, db_path: Path) -> None:
        """Release, and delete the lock file and the openers folder if this hold made them
        and nobody else holds them (a file refused as a library keeps nothing of ours)."""
        if self._record is not None:
            self._record.remove()
            self._record = None
        if self.created and self._fd is not None and _try_flock(self._fd, exclusive=True):
            # Exclusive now: no other opener holds this file, so unlinking it strands nobody.
            with contextlib.suppress(OSError):
                lock_path_for(db_path).unlink()
            with contextlib.suppress(OSError):
                openers_dir_for(db_path).rmdir()
        self.release()


def _open_lock_file(db_path: Path, writable: bool) -> tuple[int | None, bool]:
    """(descriptor, created) for the lock file; (None, False) when locking is impossible."""
    if fcntl is None:  # pragma: no cover - Windows
        return None, False
    path = lock_path_for(db_path)
    if writable:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            return fd, True
        except FileExistsError:
            pass
        except OSError as exc:
            logger.info("cannot create the lock file %s: %s", path, exc)
        with contextlib.suppress(OSError):
            return os.open(path, os.O_RDWR), False
    try:
        # flock works on a descriptor opened for reading: a read-only folder can still be
        # locked if the file was made while it was writable.
        return os.open(path, os.O_RDONLY), False
    except OSError as exc:
        logger.info("library %s is not locked (%s)", db_path, exc)
        return None, False


def _try_flock(fd: int, *, exclusive: bool) -> bool:
    assert fcntl is not None
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # a filesystem without flock: carry on unlocked
        logger.info("cannot lock the library: %s", exc)
    return True


class _Record:
    """This process's line in ``library.db.openers/``, held with an exclusive flock."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    @classmethod
    def create(cls, db_path: Path, doing: str) -> _Record | None:
        assert fcntl is not None
        folder = openers_dir_for(db_path)
        name = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        temp = folder / f".{name}.tmp"
        try:
            folder.mkdir(exist_ok=True)
            fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            logger.info("cannot record this opener of %s: %s", db_path, exc)
            return None
        try:
            # Locked before it gets its real name: a record that can be locked is a dead one.
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, f"{os.getpid()}\t{_ROLE}\t{doing}\n".encode())
            temp.rename(folder / name)
        except OSError as exc:
            logger.info("cannot record this opener of %s: %s", db_path, exc)
            os.close(fd)
            with contextlib.suppress(OSError):
                temp.unlink()
            return None
        return cls(folder / name, fd)

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)


def _live_records(db_path: Path) -> Iterator[str]:
    """ "pid N: what it is" for every live holder; dead processes' records are removed."""
    assert fcntl is not None
    folder = openers_dir_for(db_path)
    try:
        names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    except OSError:
        return
    for name in names:
        path = folder / name
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _try_flock(fd, exclusive=False):
                with contextlib.suppress(OSError):
                    path.unlink()  # its process is gone
                continue
            text = os.read(fd, 1000).decode("utf-8", "replace")
        finally:
            os.close(fd)
        parts = text.strip().split("\t")
        if len(parts) == 3 and parts[0].isdigit():
            yield f"pid {parts[0]}: {parts[1]}, which {parts[2]}"


def _describe_holders(db_path: Path, unknown: str) -> str:
    if fcntl is None:  # pragma: no cover - Windows
        return unknown
    holders = list(_live_records(db_path))
    if not holders:
        return unknown
    shown = "; ".join(holders[:5])
    more = f"; and {len(holders) - 5} more" if len(holders) > 5 else ""
    return f"another process ({shown}{more})"


def _prune_dead_records(db_path: Path) -> None:
    for _holder in _live_records(db_path):  # reading them removes the dead ones
        pass


def _remove_records(db_path: Path) -> None:
    folder = openers_dir_for(db_path)
    try:
        paths = list(folder.iterdir())
    except OSError:
        return
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def others_have_it_open(db_path: Path) -> bool:
    """True if another process has the library open (also when that cannot be known)."""
    if fcntl is None:  # pragma: no cover - Windows
        return True
    mine = f"pid {os.getpid()}:"
    return any(not holder.startswith(mine) for holder in _live_records(db_path))
