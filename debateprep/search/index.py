"""SearchIndex: the Whoosh index behind our own small interface.

The index is derived data. The library rebuilds it from SQLite whenever ``needs_rebuild``
says so (missing, corrupt, other schema version, other watermark) and feeds it each change
after the database commit. What docs/search.md records is encoded here:

* one long-lived searcher, replaced by a fresh ``ix.searcher()`` once the state file says the
  index changed, never ``Searcher.refresh()`` (stale duplicates): kept in ``opened.py``;
* plain ``ix.writer()``, never ``BufferedWriter`` (its searcher crashes on buffered terms);
* one writer at a time, with ``writer(timeout=...)``; one commit per batch, without merging
  until MERGE_AT segments have piled up (merges are what made single commits slow); no
  optimize;
* large rebuilds and large batches of changes in several processes, one segment each
  (``parallel.py``, ``writing.py``);
* prefixes only for the last word: tags/titles/cites through edge n-grams, long text only from
  MIN_PREFIX characters.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from whoosh import index as windex
from whoosh import query as wq
from whoosh.index import FileIndex

from . import state
from .aliases import Alias, LearnedAliases
from .documents import (
    IndexChange,
    IndexDoc,
    SearchFilters,
    SearchIndexError,
    SearchResults,
)
from .forgiving import Outcome, run_search
from .opened import INDEX_NAME, OpenedIndex
from .parallel import build_parallel
from .query import QueryBuilder, SearchScope, build_filter
from .schema import build_schema, doc_fields
from .snippets import SNIPPET_CHARS, hit_record
from .writing import close_pool, worker_pool, write_changes

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 100
REBUILD_WAIT = 600.0  # seconds to wait for another program's rebuild of the same library
STALE = -1  # watermark of an index that missed a change (database counters start at 0)
# Commits leave segments unmerged (cheap) until this many exist; then Whoosh's default policy
# merges the small ones. Dozens of unmerged segments made queries several times slower
# (docs/search.md).
MERGE_AT = 8
# From this many documents a rebuild uses worker processes (each pays ~0.5 s to start).
PARALLEL_FROM = 3000


class SearchIndex:
    """Full-text index of sources and cards in one directory (see the module docstring)."""

    # Bump whenever fields or analysis change: a different number forces a rebuild.
    SCHEMA_VERSION: ClassVar[int] = 5

    def __init__(
        self, directory: Path, *, lock_timeout: float = 5.0, library_id: str | None = None
    ) -> None:
        self._directory = Path(directory)
        self._lock_timeout = lock_timeout
        # The database this index belongs to: an index recording another id (or none) is
        # somebody else's, however well its watermark matches, and is rebuilt.
        self._library_id = library_id
        self.moved_aside: Path | None = None  # where rebuild() moved a foreign file to
        self._schema = build_schema()
        self._queries = QueryBuilder(self._schema)
        self.learned = LearnedAliases(self._directory)  # acronyms the indexed texts define
        self._locks = state.locks_for(self._directory)
        self._opened = OpenedIndex(self._directory, self._schema, self._locks.open, self._ours)
        # One searcher serves every search until the index changes; it is not safe to share
        # between threads, so searches take turns.
        self._search_lock = threading.Lock()
        self._closes = 0  # close() stops a large update being indexed by ``_pool``
        self._pool = worker_pool(self._directory)

    @property
    def directory(self) -> Path:
        return self._directory

    # -- state -----------------------------------------------------------------------------

    def watermark(self) -> int | None:
        """The database change counter the index reflects; None if it must be rebuilt."""
        current = state.read_state(self._directory)
        if not self._ours(current):
            return None
        assert current is not None
        watermark = current.get("watermark")
        if type(watermark) is not int:  # bool is an int subclass; JSON could hold anything
            return None
        with self._locks.open:
            self._opened.forget()  # check the files as they are now, not as they were when opened
        try:
            if self._opened.index() is None:
                return None
        except SearchIndexError as exc:
            logger.warning("search index at %s is unreadable: %s", self._directory, exc)
            return None
        return watermark

    def _ours(self, current: dict[str, Any] | None) -> bool:
        """True when a state file was written by this index schema for this database."""
        if current is None or current.get("schema_version") != self.SCHEMA_VERSION:
            return False
        return self._library_id is None or current.get("library_id") == self._library_id

    def needs_rebuild(self, watermark: int) -> bool:
        return self.watermark() != watermark

    def doc_count(self) -> int:
        with self._search_lock:
            searcher = self._opened.searcher()
            return 0 if searcher is None else int(searcher.doc_count())

    def segment_count(self) -> int:
        """How many segments the index has (0 if there is none); merges keep this small."""
        with self._locks.open:
            ix = self._opened.index()
            return 0 if ix is None else len(ix._segments())

    def close(self) -> None:
        self._closes += 1
        close_pool(self._pool, self._locks.write)
        with self._search_lock, self._locks.open:  # the order search takes them in
            self._opened.forget()
            self._opened.close_retired()

    # -- writing ---------------------------------------------------------------------------

    def rebuild(
        self,
        docs: Iterable[IndexDoc],
        watermark: int,
        progress: Callable[[int], None] | None = None,
        *,
        expected: int | None = None,
    ) -> int:
        """Build a new index from ``docs`` beside the current one, then swap it in.

        Returns the number of documents indexed. ``progress(n_done)`` is called every
        PROGRESS_EVERY documents and once at the end; if it raises, the build is abandoned,
        the current index stays as it was, and the exception propagates (how callers cancel).
        Updates from other threads wait until the rebuild is over. ``expected`` (how many
        documents are coming) lets a large rebuild use worker processes.
        """
        moved = state.move_aside_foreign(self._directory)
        if moved is not None:
            self.moved_aside = moved
        with (
            self._locks.write,
            state.process_lock(self._directory, "rebuild", REBUILD_WAIT),
        ):
            build_dir = state.make_build_directory(self._directory)
            docs = self.learned.watch(docs)
            try:
                procs = min(2, os.cpu_count() or 1)
                if expected is not None and expected >= PARALLEL_FROM and procs > 1:
                    count = build_parallel(
                        build_dir,
                        INDEX_NAME,
                        self._schema,
                        docs,
                        workers=procs,
                        progress=progress,
                        progress_every=PROGRESS_EVERY,
                    )
                else:
                    count = self._build(build_dir, docs, progress)
                self.learned.save(build_dir)
                state.write_state(build_dir, self.SCHEMA_VERSION, watermark, self._library_id)
                with (
                    state.process_lock(self._directory, "change", REBUILD_WAIT),
                    self._locks.open,
                ):
                    self._opened.forget()
                    state.swap_in(build_dir, self._directory)
            except BaseException:
                shutil.rmtree(build_dir, ignore_errors=True)
                raise
        logger.info("search index rebuilt: %d documents, watermark %d", count, watermark)
        return count

    def _build(
        self, build_dir: Path, docs: Iterable[IndexDoc], progress: Callable[[int], None] | None
    ) -> int:
        ix = windex.create_in(str(build_dir), self._schema, indexname=INDEX_NAME)
        # Small libraries: one process (starting workers costs more than it saves). One
        # commit at the end, no optimize.
        writer = ix.writer(limitmb=256)
        count = 0
        seen: set[str] = set()
        try:
            for doc in docs:
                if doc.key in seen:
                    raise ValueError(f"duplicate search key {doc.key!r} in rebuild")
                seen.add(doc.key)
                writer.add_document(**doc_fields(doc))
                count += 1
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
            if progress is not None and count % PROGRESS_EVERY:
                progress(count)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def update(
        self,
        upserts: Sequence[IndexDoc],
        deletes: Sequence[str],
        watermark: int,
        *,
        contiguous: bool = False,
    ) -> None:
        """Apply one batch of changes in a single commit, then record ``watermark``.

        A key both upserted and deleted in the batch is deleted; a key upserted twice keeps
        the last version. If there is no usable index (missing, other schema version) nothing
        is written and the watermark is not recorded, so ``needs_rebuild`` stays true; if the
        index missed an earlier change and ``contiguous`` is set (the library's updates, one
        per database change), the watermark recorded is STALE (see ``_next``).
        Raises SearchIndexError if the index is corrupt or locked by another program.
        """
        with (
            self._locks.write,
            state.process_lock(self._directory, "change", self._lock_timeout),
        ):
            ix = self._opened.index()
            if ix is None:
                logger.info(
                    "no search index at %s yet; update skipped until it is built", self._directory
                )
                return
            deleted = set(deletes)
            # update_document only replaces documents already committed, so two versions of
            # one key in a batch would both be added: keep the last.
            latest: dict[str, IndexDoc | None] = {
                doc.key: doc for doc in upserts if doc.key not in deleted
            }
            latest.update(dict.fromkeys(deleted))
            self._write(ix, latest)
            if contiguous:
                watermark = self._next(watermark)
            state.write_state(self._directory, self.SCHEMA_VERSION, watermark, self._library_id)

    def apply(self, changes: Sequence[IndexChange]) -> None:
        """Apply database changes (in commit order) in one commit and advance the watermark.

        Changes the index already reflects (counter <= its watermark: a rebuild saw them) are
        skipped, so an older version never overwrites a newer one. The watermark becomes the
        last change's counter only if the changes continue the index's watermark without a
        gap; otherwise some change is missing (another program's, or one lost to a crash) and
        STALE is recorded, which makes the next open rebuild. Missing index: nothing is
        written. Raises SearchIndexError if the index is corrupt or locked by another program.
        """
        if not changes:
            return
        with (
            self._locks.write,
            state.process_lock(self._directory, "change", self._lock_timeout),
        ):
            ix = self._opened.index()
            if ix is None:
                logger.info(
                    "no search index at %s yet; changes wait for the rebuild", self._directory
                )
                return
            current = (state.read_state(self._directory) or {}).get("watermark")
            if type(current) is int and current != STALE:
                changes = [change for change in changes if change.counter > current]
            if not changes:
                return
            # Last state of each key, in commit order (ids can be reused after a delete).
            latest: dict[str, IndexDoc | None] = {}
            for change in changes:
                latest.update(dict.fromkeys(change.deletes))
                latest.update((doc.key, doc) for doc in change.upserts)
            self._write(ix, latest)
            counters = [change.counter for change in changes]
            unbroken = counters == list(range(counters[0], counters[0] + len(counters)))
            if unbroken and current == counters[0] - 1:
                watermark = counters[-1]
            else:
                logger.info(
                    "search index missed a change before %d; it will be rebuilt", counters[0]
                )
                watermark = STALE
            state.write_state(self._directory, self.SCHEMA_VERSION, watermark, self._library_id)

    def _write(self, ix: FileIndex, latest: dict[str, IndexDoc | None]) -> None:
        """One commit (large batches in worker processes: ``writing.py``); close() stops one."""
        if not latest:
            return
        closes = self._closes
        write_changes(
            ix, self._directory, latest, lock_timeout=self._lock_timeout, merge_at=MERGE_AT,
            pool=self._pool, stopped=lambda: self._closes != closes,
        )  # fmt: skip
        self.learned.update(latest)

    def _next(self, watermark: int) -> int:
        """The watermark to record after applying change ``watermark`` (``contiguous=True``).

        Each database write bumps the counter by one, so an index at ``watermark - 1`` is now
        at ``watermark`` (and one already there, from a rebuild that saw this change, stays).
        Anything else means some change never reached the index: a process killed between
        commit and update, a failed update, or another program's updates arriving out of
        order. Then STALE is recorded, which no counter matches, so the next open rebuilds.
        """
        current = state.read_state(self._directory) or {}
        if current.get("watermark") in (watermark - 1, watermark):
            return watermark
        logger.info("search index missed a change before %d; it will be rebuilt", watermark)
        return STALE

    def set_aliases(self, added: Collection[Alias] = (), removed: Collection[Alias] = ()) -> None:
        """Expand queries with built-in + learned aliases, ``added`` minus ``removed``."""
        self.learned.user = (tuple(added), tuple(removed))

    # -- reading ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        doc_types: Collection[str] | None = None,
        kinds: Collection[str] | None = None,
        sides: Collection[str] | None = None,
        source_id: int | None = None,
        motion_id: int | None = None,
        label: str | None = None,
        limit: int = 20,
        prefix: bool = True,
        scope: SearchScope = "everything",
        forgiving: bool = True,
    ) -> SearchResults:
        """Best hits for the user's ``query`` (never raises on odd input), filtered.

        ``scope="titles"`` is type-ahead: tags, titles and cites only. A blank query with
        filters lists every matching document ordered by type and id; a blank query without
        filters returns nothing. Missing index: no hits. ``forgiving``: see forgiving.py.
        """
        filters = SearchFilters(doc_types, kinds, sides, source_id, motion_id, label)
        self._queries.aliases = self.learned.table()  # re-read only when the list changed
        parsed = self._queries.parse(query, prefix=prefix, scope=scope)
        if limit <= 0 or (parsed is None and filters.is_empty()):
            return SearchResults()
        filter_query = build_filter(filters)
        if filter_query is wq.NullQuery:
            return SearchResults()  # an empty collection was given: nothing can match
        with self._search_lock:
            for attempt in (1, 2):
                searcher = self._opened.searcher()
                if searcher is None:
                    return SearchResults()
                try:
                    if parsed is None:
                        results = searcher.search(
                            wq.Every(),
                            filter=filter_query,
                            limit=limit,
                            sortedby=["doc_type", "num"],
                        )
                        outcome = Outcome([(hit, None) for hit in results])
                    else:
                        outcome = run_search(
                            searcher, self._queries, query, parsed, filter_query, limit,
                            scope=scope, prefix=prefix, loosen=forgiving,
                        )  # fmt: skip
                    # Snippets only for what is returned: each one re-reads a stored text.
                    scan = SNIPPET_CHARS if scope == "titles" else None
                    hits = [hit_record(hit, used, scan) for hit, used in outcome.hits]
                    return SearchResults(hits, notice=outcome.notice, suggestion=outcome.suggestion)
                except Exception:
                    if attempt == 2:
                        raise
                    # A merge may have removed files the old searcher still wanted to read:
                    # try once more with a searcher of the index as it is now.
                    logger.debug("search failed on a cached searcher; retrying", exc_info=True)
                    self._opened.drop_searcher()
        return SearchResults()  # not reached: the second attempt returns or raises
