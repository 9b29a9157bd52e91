"""Keeping the search index up to date off the caller's thread.

A Whoosh commit costs tens to hundreds of milliseconds at 100k cards (more when it merges),
far over what saving a card may cost the user. So a write action ends with its SQLite commit;
the documents it changed go on a queue, and one daemon thread applies whatever has queued up
in one index commit (a burst of edits is one commit). Changes carry the database's change
counter, so the index's watermark says exactly how far it got: a process killed with changes
still queued leaves the watermark behind, and the next open rebuilds (the database is the
truth). ``wait`` blocks until everything submitted so far is searchable.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Sequence
from typing import Protocol

from debateprep.search import IndexChange, SearchIndexError

logger = logging.getLogger(__name__)

BATCH_LIMIT = 500  # changes per index commit (an import can queue thousands)
# When changes start arriving after a pause (an import: one per file), the thread waits for
# a fuller batch: until none came for LINGER seconds, LINGER_MAX at most, or somebody waits
# for the index. Large batches go to the index's worker processes (search/writing.py)
# instead of costing this process ~10 ms an article of the importer's GIL; one edit waits
# LINGER at most.
LINGER = 0.05
LINGER_MAX = 0.5


class IndexApplier(Protocol):
    """Where changes go: a ``SearchIndex``, or the window's search process (which owns one)."""

    def apply(self, changes: Sequence[IndexChange]) -> None: ...


class IndexUpkeep:
    """One background thread applying queued IndexChanges to a SearchIndex, in order."""

    def __init__(self, index: IndexApplier) -> None:
        self._index = index
        self._queue: deque[IndexChange] = deque()
        self._cond = threading.Condition()
        self._submitted = 0
        self._done = 0
        self._waiting = 0  # callers blocked in wait(): they want the index now
        self._closed = False
        self._thread: threading.Thread | None = None

    def submit(self, change: IndexChange) -> None:
        """Queue one transaction's change; callers submit in commit order."""
        with self._cond:
            if self._closed:
                raise RuntimeError("the library is closed")
            self._queue.append(change)
            self._submitted += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="debateprep-index-upkeep", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def pending(self) -> int:
        with self._cond:
            return self._submitted - self._done

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every change submitted so far is applied (or failed); False on timeout."""
        with self._cond:
            target = self._submitted
            self._waiting += 1
            self._cond.notify_all()  # ends a linger
            try:
                return self._cond.wait_for(lambda: self._done >= target, timeout)
            finally:
                self._waiting -= 1

    def close(self, timeout: float | None = None) -> bool:
        """Apply what is queued, then stop the thread; False if it did not finish in time
        (then the rest is dropped, see below)."""
        finished = self.wait(timeout)
        with self._cond:
            self._closed = True
            if not finished:
                # Out of time: what is still queued is dropped, so nothing is written once
                # the library is closed but the batch in hand (which the index's close()
                # stops). The index's watermark stays behind: the next open catches up.
                self._done += len(self._queue)
                self._queue.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and finished:
            thread.join(timeout)
        return finished

    def _linger(self) -> None:
        """Let a burst of changes grow into one batch (see LINGER); called holding _cond."""
        deadline = time.monotonic() + LINGER_MAX
        while not self._closed and not self._waiting and len(self._queue) < BATCH_LIMIT:
            seen = len(self._queue)
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._cond.wait(min(LINGER, left))  # a submit or a waiter also wakes it
            if len(self._queue) == seen and not self._waiting:
                # Woken by nothing new: the burst is over (or was one edit).
                return

    def _run(self) -> None:
        while True:
            with self._cond:
                # Changes that queued while the last batch was applied are a batch already.
                idle = not self._queue
                self._cond.wait_for(lambda: bool(self._queue) or self._closed)
                if not self._queue:
                    return  # closed and drained
                if idle:
                    self._linger()
                batch = [self._queue.popleft() for _ in range(min(BATCH_LIMIT, len(self._queue)))]
            try:
                self._index.apply(batch)
            except SearchIndexError as exc:
                # Expected now and then (damaged files, another program holding the index
                # too long): a warning, not a traceback; the watermark stays behind, so the
                # next open rebuilds. The database already has the change.
                logger.warning("search index update failed (%s); it will be rebuilt", exc)
            except Exception:
                logger.exception("search index update failed; it will be rebuilt on next open")
            with self._cond:
                self._done += len(batch)
                self._cond.notify_all()
