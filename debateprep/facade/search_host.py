"""The search process's entry point: one library's index, searched and updated in-process.

Run as ``python -m debateprep.facade.search_host LIBRARY_DB`` by ``search_client``. It opens
the library as the CLI does (database read through the facade, Whoosh in this process), never
writes the database, owns the index writer, and answers requests with ``search.worker.serve``
on its stdin/stdout until the window quits or closes the pipe. A damaged index found while
searching is rebuilt here from the database, then the search is answered.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from debateprep.errors import UserError
from debateprep.facade.aliases import learned_aliases, sync_aliases
from debateprep.facade.library import Library, set_process_role
from debateprep.search import IndexChange, SearchIndexError
from debateprep.search.worker import Progress, UserFacing, serve
from debateprep.storage.server import SEARCH_APPLICATION, is_server_location, set_application

logger = logging.getLogger(__name__)


class Host:
    """Maps each request to the in-process library (see ``search_client`` for the ops)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._store = library._store  # the index writer lives with the store

    def handle(self, op: str, args: Any, progress: Progress) -> Any:
        try:
            return self._dispatch(op, args, progress)
        except UserError as exc:
            raise UserFacing(exc.message) from exc

    def _dispatch(self, op: str, args: Any, progress: Progress) -> Any:
        searching = self.library.parts.searching
        if op == "search":
            return self._search(dict(args))
        if op == "apply":
            self._apply(args)
            return None
        if op == "watermark":
            return self._store.index.watermark()
        if op == "index_is_current":
            return searching.index_is_current()
        if op == "ensure":
            return self._store.ensure_index()
        if op == "reindex":
            return searching.reindex(progress)
        if op == "learned_aliases":
            return learned_aliases(self._store)
        if op == "sync_aliases":
            sync_aliases(self._store)
            return None
        if op == "pid":
            return os.getpid()
        # For tests: a request that crashes the process, and one that keeps it busy.
        if op == "debug_exit":
            os._exit(3)
        if op == "debug_sleep":
            time.sleep(float(args))
            return None
        raise ValueError(f"unknown search request {op!r}")

    def _search(self, kwargs: dict[str, Any]) -> Any:
        searching = self.library.parts.searching
        try:
            return searching.search(**kwargs)
        except UserError:
            if searching.index_is_current():
                raise
        # Damaged or behind: rebuild from the database (the truth), then answer.
        logger.warning("search index unusable; rebuilding it in the search process")
        searching.reindex()
        return searching.search(**kwargs)

    def _apply(self, changes: Sequence[IndexChange]) -> None:
        try:
            self._store.index.apply(changes)
        except SearchIndexError as exc:
            # The watermark stays behind: the next check (``ensure``) rebuilds.
            logger.warning("search index update failed (%s); it will be rebuilt", exc)


# How much lower than the window this process runs (POSIX niceness, added to the window's):
# on a busy two-core machine the window's GUI thread then gets a core back from a long query
# at once, instead of waiting its turn (issue 14, item 6: GUI stalls while results arrive).
NICENESS = 5


def _yield_to_the_window() -> None:
    if hasattr(os, "nice"):  # not on Windows
        try:
            os.nice(NICENESS)
        except OSError:
            logger.info("could not lower the search process's priority")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m debateprep.facade.search_host LIBRARY_DB", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="search process: %(levelname)s %(message)s")
    set_process_role("the DebatePrep search process")
    _yield_to_the_window()
    # Frames own stdout: anything printed by accident goes to stderr instead.
    out: IO[bytes] = sys.stdout.buffer
    sys.stdout = sys.stderr
    location: Path | str = args[0] if is_server_location(args[0]) else Path(args[0])
    set_application(SEARCH_APPLICATION)
    library = Library.open(location, starter=False, index=False)
    try:
        serve(sys.stdin.buffer, out, Host(library).handle)
    finally:
        library.close()
    # After ``quit`` the thread reading stdin is still blocked in read(); a normal interpreter
    # exit would abort trying to take that stream's lock. Everything is closed: leave now.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
