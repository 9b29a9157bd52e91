"""Writing one batch of changes into the index: one commit, here or in worker processes.

A small batch (a saved card, a burst of edits) is written by one Whoosh writer in this
process. A large one (an import of many files, a backlog after a busy spell) is pure-Python
analysis and posting work, ~10 ms an article, on the caller's thread, where it also takes the
GIL from whatever else runs (the importer). So from PARALLEL_TEXT characters of new text the
additions are indexed by worker processes as the rebuild does (``parallel.py``), each into a
new segment, while this process's writer (holding the index lock throughout) marks the
replaced and removed keys deleted; one commit of the table of contents then lists the old
segments, with their deletions, and the new ones. Until that commit nothing changed: a batch
that fails or is stopped leaves only stray segment files, which Whoosh's next commit deletes.
Past twice MERGE_AT segments, a worker also merges the smallest MERGE_TIER old segments of
about the same size into its new one (Whoosh's own policy leaves segments this large; see
``_merge_group``); not sooner, as merging costs nearly what indexing did.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import state
from .documents import IndexDoc, SearchIndexError
from .opened import INDEX_NAME
from .parallel import WorkerPool
from .schema import doc_fields

# From this many characters of new text (about 90 articles, or 1,600 cards) a batch is
# indexed by worker processes: starting two costs ~1 s of CPU, indexing this much ~1.5 s.
PARALLEL_TEXT = 150_000
# Documents per message to a worker: small, so both workers start at once and a stop
# request is seen within a few batches.
WORKER_BATCH = 25
POOL_KEEP = 10.0  # seconds the workers wait for the next large batch (an import's)
MERGE_TIER = 8  # see _commit_with


def worker_pool(directory: Path) -> WorkerPool | None:
    """The workers for an index's large updates (None on one core: no gain)."""
    procs = min(2, os.cpu_count() or 1)
    return WorkerPool(directory, INDEX_NAME, procs, keep=POOL_KEEP) if procs > 1 else None


def close_pool(pool: WorkerPool | None, write_lock: threading.Lock) -> None:
    """Stop idle workers; a writer using them (holding ``write_lock``) was told to stop and
    ends them itself when it sees so."""
    if pool is not None and write_lock.acquire(blocking=False):
        try:
            pool.close()
        finally:
            write_lock.release()


def text_size(doc: IndexDoc) -> int:
    return len(doc.body) + len(doc.title) + len(doc.notes) + len(doc.cite)


def write_changes(
    ix: Any,
    directory: Path,
    latest: dict[str, IndexDoc | None],
    *,
    lock_timeout: float,
    merge_at: int,
    pool: WorkerPool | None,
    stopped: Callable[[], bool],
) -> None:
    """One commit: delete the keys mapped to None, replace or add the others.

    ``pool``: the worker processes (None: one core, everything here); ``stopped()`` is
    polled while they index (how closing the library ends a large batch early:
    SearchIndexError, nothing committed). Past 2 * ``merge_at`` segments it also merges.
    Raises SearchIndexError if the index is locked by another program or a worker fails.
    """
    upserts = [doc for doc in latest.values() if doc is not None]
    parallel = pool is not None and sum(map(text_size, upserts)) >= PARALLEL_TEXT
    writer = state.open_writer(ix, directory / f"{INDEX_NAME}_WRITELOCK", lock_timeout)
    try:
        if parallel:
            assert pool is not None
            merge = len(writer.segments) + 2 > 2 * merge_at
            segments, kept = _add_in_workers(writer, latest, upserts, pool, stopped, merge)
        else:
            for key, doc in latest.items():
                if doc is None:
                    writer.delete_by_term("key", key)
                else:
                    writer.update_document(**doc_fields(doc))
    except BaseException:
        writer.cancel()
        raise
    if not parallel:
        writer.commit(merge=len(ix._segments()) >= merge_at)
        return
    try:
        # The writer's own segment stays empty; the old segments carry the deletions.
        writer._close_segment()
        writer._commit_toc([*kept, *segments])
    finally:
        writer._finish()


def _merge_group(segments: list[Any]) -> list[Any]:
    """The smallest MERGE_TIER segments within 4x of each other's size, if there are any.

    Whoosh's own policy (MERGE_SMALL) leaves most segments of a hundred documents or more
    alone, so an import's rounds would pile up two segments a batch for good, and every
    search reads each one. A worker copies the group into its new segment (nearly what
    indexing them cost, so each document is merged again only when its segment has grown
    eightfold).
    """
    by_size = sorted(segments, key=lambda segment: segment.doc_count_all())
    for start in range(len(by_size) - MERGE_TIER + 1):
        group = by_size[start : start + MERGE_TIER]
        if group[-1].doc_count_all() <= 4 * max(1, group[0].doc_count_all()):
            return group
    return []


def _add_in_workers(
    writer: Any,
    latest: dict[str, IndexDoc | None],
    upserts: list[IndexDoc],
    pool: WorkerPool,
    stopped: Callable[[], bool],
    merge: bool,
) -> tuple[list[Any], list[Any]]:
    """Mark every key of the batch deleted in the old segments (an upsert replaces it), then
    index the upserts in workers, with ``merge`` a group of old segments too; (the workers'
    finished segments, the old segments to keep)."""
    for key in latest:
        writer.delete_by_term("key", key)

    def check(_done: int) -> None:
        if stopped():
            raise SearchIndexError("indexing stopped: the library is closing")

    group = _merge_group(writer.segments) if merge else []
    _count, segments = pool.run(
        upserts, progress=check, progress_every=1, batch=WORKER_BATCH, merge=group
    )
    merged = {id(segment) for segment in group}
    return segments, [segment for segment in writer.segments if id(segment) not in merged]
