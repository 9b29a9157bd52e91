"""Building a large index with several processes, one Whoosh segment each.

Whoosh spends its time in pure Python (analysis, then sorting and writing postings), so one
process builds ~100–200 documents a second; at 100k cards that is many minutes. Its own
multiprocess writer forks from a possibly multi-threaded process (the window's worker) and is
reported broken with ``multisegment=False``. So we do the same thing it does with
``multisegment=True``, explicitly: ``spawn``-started workers each own a ``SegmentWriter`` on
the new index, receive batches of field dicts over a bounded queue (memory stays flat),
finalize their segment and send it back; the parent then commits one table of contents that
lists every worker's segment. Nothing is merged or optimized afterwards (docs/search.md).
Large index updates (``writing.py``) use the same workers through a ``WorkerPool`` that keeps
them up between batches: one segment per worker per batch, committed by the caller.

Whoosh's segment-writer internals used here (``SegmentWriter(_lk=False)``,
``_finalize_segment``, ``_commit_toc``) are those its own ``MpWriter`` uses; the pinned
whoosh-reloaded 2.7.5 is covered by tests/search/test_parallel_build.py.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.fields import Schema
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from .documents import IndexDoc, SearchIndexError
from .schema import doc_fields
from .segments import WorkerSegmentWriter

logger = logging.getLogger(__name__)

BATCH = 200  # documents per message to a worker
QUEUE_DEPTH = 4  # batches waiting per worker: bounds the parent's memory
WORKER_LIMIT_MB = 128  # each worker's posting pool before it spills to disk
RESULT_WAIT = 600.0  # seconds for a worker to finish its segment after the last batch
IDLE_MARGIN = 15.0  # a kept worker outlives the parent's ``keep`` by this much, then exits


def _worker(
    directory: str, index_name: str, jobs: Any, results: Any, limit_mb: int, idle: float
) -> None:  # pragma: no cover - runs in the child process (covered by the build tests)
    """Index the batches from ``jobs`` into one new segment per round (a round ends with a
    None); report each on ``results``. ``idle`` > 0: wait that long for another round, then
    exit; otherwise exit after one round."""
    _exit_with_parent()
    while True:
        try:
            # A one-round worker is started with its first batch already on the way.
            batch = jobs.get(timeout=idle if idle > 0 else RESULT_WAIT)
        except queue.Empty:
            return
        if not _one_segment(directory, index_name, batch, jobs, results, limit_mb) or idle <= 0:
            return


def _exit_with_parent() -> None:  # pragma: no cover - runs in the child process
    """End this worker as soon as its parent is gone (killed), whatever it is doing: a parent
    killed halfway through sending a batch leaves it blocked reading the rest forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns once the parent's end of the spawn pipe closes
        os._exit(1)

    threading.Thread(target=watch, name="debateprep-index-parent", daemon=True).start()


def _one_segment(
    directory: str, index_name: str, batch: Any, jobs: Any, results: Any, limit_mb: int
) -> bool:  # pragma: no cover - runs in the child process (covered by the build tests)
    """One round of ``_worker``, ``batch`` being its first message; False if it failed."""
    writer = None
    try:
        while batch is not None:
            if writer is None:  # the index as it is now (the parent commits between rounds)
                ix = windex.open_dir(directory, indexname=index_name)
                writer = WorkerSegmentWriter(ix, _lk=False, limitmb=limit_mb)
            if isinstance(batch, tuple):  # ("merge", segments): copy them in, minus deletions
                for segment in batch[1]:
                    reader = SegmentReader(writer.storage, writer.schema, segment)
                    writer.add_reader(reader)
                    reader.close()
            else:
                for fields in batch:
                    writer.add_document(**fields)
            batch = jobs.get(timeout=RESULT_WAIT)
        results.put(("ok", writer._finalize_segment() if writer is not None else None))
        return True
    except BaseException as exc:  # reported to the parent, which fails the build
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cancel()
        results.put(("error", f"{type(exc).__name__}: {exc}"))
        return False


def build_parallel(
    directory: Path,
    index_name: str,
    schema: Schema,
    docs: Iterable[IndexDoc],
    *,
    workers: int,
    progress: Callable[[int], None] | None,
    progress_every: int,
) -> int:
    """Index ``docs`` into the empty index at ``directory`` with ``workers`` worker processes.

    Returns the number of documents. Raises whatever ``docs`` or ``progress`` raise (the
    workers are stopped first) and SearchIndexError if a worker fails or dies.
    """
    ix = windex.create_in(str(directory), schema, indexname=index_name)
    count, segments = index_in_workers(
        directory, index_name, docs, workers=workers, progress=progress,
        progress_every=progress_every,
    )  # fmt: skip
    _commit(ix, segments)
    if progress is not None and count % progress_every:
        progress(count)
    return count


def index_in_workers(
    directory: Path,
    index_name: str,
    docs: Iterable[IndexDoc],
    *,
    workers: int,
    progress: Callable[[int], None] | None,
    progress_every: int,
) -> tuple[int, list[Any]]:
    """Write ``docs`` into new segments of the index at ``directory`` with ``workers`` new
    worker processes, one segment each; (documents sent, segments). See ``WorkerPool.run``."""
    pool = WorkerPool(directory, index_name, workers)
    try:
        return pool.run(docs, progress=progress, progress_every=progress_every)
    finally:
        pool.close()


class WorkerPool:
    """Worker processes writing segments of one index directory, round after round.

    With ``keep`` > 0 they stay up that many seconds after a round, so a stream of large
    batches (an import) pays the start (~0.5 s of CPU each: imports) once, not per batch.
    """

    def __init__(
        self, directory: Path, index_name: str, workers: int, *, keep: float = 0.0
    ) -> None:
        self.directory = directory
        self.index_name = index_name
        self.workers = workers
        self.keep = keep
        self._processes: list[Any] = []
        self._jobs: list[Any] = []
        self._results: Any = None
        self._last = 0.0

    def run(
        self,
        docs: Iterable[IndexDoc],
        *,
        progress: Callable[[int], None] | None,
        progress_every: int,
        batch: int = BATCH,
        merge: Sequence[Any] = (),
    ) -> tuple[int, list[Any]]:
        """Index ``docs`` into new segments, one per worker that got any; (count, segments).
        The documents of the old segments ``merge`` (Whoosh Segment objects, deletions as
        marked in them) are copied into one of the new segments as well.

        The caller commits the segments: until then they are in no table of contents (a
        round that stops leaves stray files, which Whoosh's next commit deletes). Raises
        whatever ``docs`` or ``progress`` raise (the workers are stopped first) and
        SearchIndexError if a worker fails or dies.
        """
        expired = time.monotonic() - self._last > self.keep
        if expired or not all(p.is_alive() for p in self._processes if p.pid is not None):
            self.close()  # idle workers leave on their own after keep + IDLE_MARGIN
        if not self._processes:
            self._start()
        try:
            if merge:  # the last worker starts with it; the batches go where there is room
                _send(self._processes[-1], self._jobs[-1], ("merge", list(merge)), self._processes)
            count = _distribute(docs, self._processes, self._jobs, progress, progress_every, batch)
            segments = _collect_segments(self._processes, self._jobs, self._results, self.keep)
        except BaseException:
            self.close()  # the workers' state is unknown: never reuse them
            raise
        self._last = time.monotonic()
        if self.keep <= 0:
            self.close()
        return count, segments

    def _start(self) -> None:
        """Make the processes (each starts with its first batch, see ``_send``)."""
        context = multiprocessing.get_context("spawn")
        self._results = context.Queue()
        self._jobs = [context.Queue(QUEUE_DEPTH) for _ in range(self.workers)]
        idle = self.keep + IDLE_MARGIN if self.keep > 0 else 0.0
        args = (str(self.directory), self.index_name)
        self._processes = [
            context.Process(
                target=_worker,
                args=(*args, self._jobs[i], self._results, WORKER_LIMIT_MB, idle),
                name=f"debateprep-index-{i}",
                daemon=True,
            )
            for i in range(self.workers)
        ]

    def close(self) -> None:
        """Stop the workers (idle between rounds, or abandoned mid-round)."""
        if self._processes:
            _stop(self._processes, self._jobs, self._results)
        self._processes, self._jobs, self._results = [], [], None


def _distribute(
    docs: Iterable[IndexDoc],
    processes: list[Any],
    jobs: list[Any],
    progress: Callable[[int], None] | None,
    progress_every: int,
    size: int,
) -> int:
    """Send ``docs`` in batches of ``size`` to the workers; returns how many."""
    procs = len(processes)
    count = 0
    batch: list[dict[str, Any]] = []
    seen: set[str] = set()
    sent = 0
    for doc in docs:
        if doc.key in seen:
            raise ValueError(f"duplicate search key {doc.key!r} in rebuild")
        seen.add(doc.key)
        batch.append(doc_fields(doc))
        count += 1
        if len(batch) >= size:
            _send_any(processes, jobs, sent % procs, batch)
            sent += 1
            batch = []
        if progress is not None and count % progress_every == 0:
            progress(count)
    if batch:
        _send_any(processes, jobs, sent % procs, batch)
    return count


def _send_any(processes: list[Any], jobs: list[Any], first: int, batch: list[Any]) -> None:
    """Send ``batch`` to the first worker from ``first`` on with room on its queue (one
    that is busier, say merging, gets fewer), or wait for ``first``'s."""
    for k in range(len(processes)):
        i = (first + k) % len(processes)
        if processes[i].pid is None:
            break  # not started yet: start it with this batch
        try:
            jobs[i].put_nowait(batch)
            return
        except queue.Full:
            continue
    else:
        i = first
    _send(processes[i], jobs[i], batch, processes)


def _collect_segments(
    processes: list[Any], jobs: list[Any], results: Any, keep: float
) -> list[Any]:
    """Tell the started workers to finish; their segments, once every one has reported
    (a worker that got no batch this round reports none). ``keep``: they stay up."""
    # Workers start with their first batch, so a small build starts fewer of them.
    started = [i for i, process in enumerate(processes) if process.pid is not None]
    for i in started:
        _send(processes[i], jobs[i], None, processes)
    segments: list[Any] = []
    for status, payload in _results(results, [processes[i] for i in started]):
        if status != "ok":
            raise SearchIndexError(f"an indexing process failed: {payload}")
        if payload is not None:
            segments.append(payload)
    if keep <= 0:
        for i in started:
            processes[i].join(timeout=RESULT_WAIT)
    return segments


def _commit(ix: Any, segments: list[Any]) -> None:
    """Make the workers' segments the index's content, in one commit."""
    writer = SegmentWriter(ix)  # takes the index lock for the commit
    try:
        writer._close_segment()  # its own (empty) segment is not part of the index
        writer._commit_toc(segments)
    finally:
        writer._finish()


def _stop(processes: list[Any], jobs: list[Any], results: Any) -> None:
    """End any worker still running and close the queues, whether the build worked or not."""
    stopped = False
    for process in processes:
        if process.pid is not None and process.is_alive():
            process.terminate()
            process.join(timeout=5)
            stopped = True
    for q in (*jobs, results):
        if stopped:
            q.cancel_join_thread()  # nobody will read what is still buffered
        q.close()


def _results(results: Any, workers: list[Any]) -> list[tuple[str, Any]]:
    """One (status, segment-or-message) per worker; fails if a worker dies silently."""
    collected: list[tuple[str, Any]] = []
    deadline = time.monotonic() + RESULT_WAIT
    while len(collected) < len(workers):
        try:
            collected.append(results.get(timeout=1.0))
        except queue.Empty:
            # A worker that reported has exited too; all gone and still short = a crash.
            if all(not worker.is_alive() for worker in workers) or time.monotonic() > deadline:
                try:
                    collected.append(results.get(timeout=1.0))
                    continue
                except queue.Empty:
                    raise SearchIndexError("an indexing process stopped unexpectedly") from None
    return collected


@contextlib.contextmanager
def _main_hidden() -> Iterator[None]:
    """A ``spawn``-started child first re-imports the parent's main module: the search
    process's or a command's, ~0.9 s of imports (SQLAlchemy, the facade) per worker that it
    never uses (its target lives in this module). Shown an empty ``__main__`` while it starts
    (``start()`` reads it, synchronously), it imports only what the target needs (~0.15 s)."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _send(worker: Any, job: Any, batch: Any, workers: list[Any]) -> None:
    """Put ``batch`` on ``worker``'s queue ``job`` (starting it first), noticing deaths."""
    if worker.pid is None and batch is not None:
        with _main_hidden():
            worker.start()
    while True:
        try:
            job.put(batch, timeout=1.0)
            return
        except queue.Full:
            if not all(w.is_alive() for w in workers if w.pid is not None):
                raise SearchIndexError("an indexing process stopped unexpectedly") from None
