"""The opened Whoosh index of one directory and its shared searcher, kept until the index changes.

Opening a FileIndex touches every segment, and opening a searcher reads the table of contents
and every segment (~130 ms at 100k cards), so both are kept while the state file is unchanged
(every commit rewrites it). Then comes a brand-new searcher, never ``Searcher.refresh()``,
which returns stale duplicates (docs/search.md, bug 1). A failed open is remembered with the
state file it failed with: until that file changes (a rebuild), searches and updates fail fast
instead of paying for Whoosh's retries (~0.5 s) each time.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.fields import Schema
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from . import state
from .documents import SearchIndexError

INDEX_NAME = "MAIN"  # Whoosh's default; its lock file is MAIN_WRITELOCK


class OpenedIndex:
    """What is open of one index directory: its FileIndex, the shared searcher, or the error.

    ``lock`` is the directory's ``open`` lock (re-entrant), which ``SearchIndex.rebuild``
    holds while it swaps directories; every method takes it. ``ours(state)`` says whether a
    state file was written for this index's schema and database.
    """

    def __init__(
        self,
        directory: Path,
        schema: Schema,
        lock: threading.RLock,
        ours: Callable[[dict[str, Any] | None], bool],
    ) -> None:
        self._directory = directory
        self._schema = schema
        self._lock = lock
        self._ours = ours
        self._ix: FileIndex | None = None
        self._error: str | None = None
        self._error_stamp: tuple[int, int] | None = None
        # A Whoosh searcher is not safe to share between threads: SearchIndex's searches take
        # turns using it.
        self._searcher_cache: tuple[Searcher, tuple[int, int] | None] | None = None
        # Every searcher not yet closed. Those no longer cached are closed by the next
        # searcher() (its caller holds the search lock, so no search still reads them), and
        # all of them at the latest when this object goes (an index nobody closed, e.g. in
        # a test): each holds open files, never left to the collector one by one.
        self._live: list[Searcher] = []
        weakref.finalize(self, _close_all, self._live)

    def index(self) -> FileIndex | None:
        """The cached FileIndex; None if missing or built by another schema version.

        Opening also touches every segment, so a damaged index fails here, once, with
        SearchIndexError, rather than in the middle of a search.
        """
        with self._lock:
            stamp = state.state_stamp(self._directory)
            if self._ix is not None and stamp is not None:
                return self._ix
            if self._error is not None and stamp == self._error_stamp:
                raise SearchIndexError(self._error)  # nothing changed since it failed
            self.forget()
            if not self._ours(state.read_state(self._directory)):
                return None
            if not any(self._directory.glob(f"_{INDEX_NAME}_*.toc")):
                return None  # files deleted by hand: as good as missing
            ix, error = state.open_index(self._directory, INDEX_NAME, self._schema)
            if ix is None:
                self._error, self._error_stamp = f"cannot open the search index: {error}", stamp
                raise SearchIndexError(self._error)
            self._ix = ix
            return ix

    def searcher(self) -> Searcher | None:
        """The searcher for the index as it is now. Callers hold SearchIndex's search lock
        (they take turns using it, and none is using a retired one).

        Kept while the state file is unchanged; then a brand-new one. Opened under the lock
        that rebuild() holds while it swaps directories, so a searcher never reads a table of
        contents from a directory that is being renamed away.
        """
        with self._lock:
            stamp = state.state_stamp(self._directory)
            ix = self.index()
            cached = self._searcher_cache
            if ix is not None and cached is not None and cached[1] == stamp:
                return cached[0]
            self._searcher_cache = None
            self.close_retired()
            if ix is None:
                return None
            try:
                searcher = ix.searcher()
            except Exception as exc:  # damaged since it was opened (rare): reopen next time
                self.forget()
                raise SearchIndexError(f"cannot read the search index: {exc!r}") from exc
            self._searcher_cache = (searcher, stamp)
            self._live.append(searcher)
            return searcher

    def drop_searcher(self) -> None:
        """The next search opens a new searcher (the cached one failed)."""
        with self._lock:
            self._searcher_cache = None

    def close_retired(self) -> None:
        """Close every searcher but the cached one: no search can be using them any more
        (the caller holds the search lock, or nothing searches any more)."""
        with self._lock:
            current = self._searcher_cache[0] if self._searcher_cache is not None else None
            retired = [searcher for searcher in self._live if searcher is not current]
            self._live[:] = [current] if current is not None else []
        _close_all(retired)

    def forget(self) -> None:
        """Drop everything opened, and the remembered error: the next use reopens."""
        # FileIndex.close() is a no-op in Whoosh 2.7. The cached searcher is only dropped, not
        # closed: a search may be using it right now; the next searcher() closes it.
        with self._lock:
            self._ix = None
            self._searcher_cache = None
            self._error = self._error_stamp = None


def _close_all(searchers: list[Searcher]) -> None:
    for searcher in list(searchers):
        with contextlib.suppress(Exception):  # already closed, or its files went
            searcher.close()
    searchers.clear()
