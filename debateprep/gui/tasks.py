"""The one place that starts background work: ``TaskRunner``, which the controller owns.

Two kinds of work leave the GUI thread, both through the window's one ``TaskRunner``:

* jobs (imports, exports, index rebuilds) run one at a time on its worker thread, with
  progress and cancel. Core code reports progress through a callback and checks a cancel
  flag; it never imports Qt. One worker keeps writes to the library and the index in order
  (SQLite and Whoosh each allow one writer at a time);
* reads that panels repeat as the user types or clicks (search, the argument map, the source
  list, the brief preview) go through a :class:`LatestReader` made by ``TaskRunner.reader``:
  one thread per panel, so a read never queues behind a long rebuild, and only the newest
  request's result is delivered.

``TaskRunner.shutdown`` is the one way to stop it all before the library closes: it waits for
the running job, then stops every reader (a reader refuses new requests from then on).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from debateprep.errors import UserError

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


class TaskContext:
    """Handed to a job: report progress, and learn whether to stop."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, message: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._task.progress.emit(done, total, message)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class Task(QObject):
    """Signals of one background job, delivered on the GUI thread."""

    progress = Signal(int, int, str)
    finished = Signal(object)  # the job's result
    cancelled = Signal()
    failed = Signal(str, bool)  # message, is it a bug (True) or a UserError (False)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.context = TaskContext(self)

    def cancel(self) -> None:
        self.context.cancel()


class _Runnable(QRunnable):
    def __init__(self, task: Task, job: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self._task = task
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(self._task.context)
        except Cancelled:
            self._task.cancelled.emit()
        except UserError as exc:
            self._task.failed.emit(exc.message, False)
        except Exception:  # a bug: report it with its traceback, never lose it in a thread
            logger.exception("background task %s failed", self._task.name)
            self._task.failed.emit(traceback.format_exc(), True)
        else:
            if self._task.context.cancelled:
                self._task.cancelled.emit()
            else:
                self._task.finished.emit(result)


class TaskRunner(QObject):
    """Runs jobs one at a time off the GUI thread, and hands panels their readers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: set[Task] = set()
        self._readers: list[LatestReader] = []

    def start(
        self,
        name: str,
        job: Callable[[TaskContext], Any],
        wire: Callable[[Task], object] | None = None,
    ) -> Task:
        """Run ``job``; ``wire`` connects the task's signals before it starts, since a queued
        signal reaches only the slots connected when it is emitted (a quick job may end
        before ``start`` returns)."""
        task = Task(name)
        self._tasks.add(task)  # keep the QObject alive until it reports
        for signal in (task.finished, task.cancelled, task.failed):
            signal.connect(lambda *_args, t=task: self._tasks.discard(t))
        if wire is not None:
            wire(task)
        self._pool.start(_Runnable(task, job))
        return task

    def wait(self, msecs: int = 30000) -> bool:
        """Block until queued jobs finish (tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    def reader(self, parent: QObject) -> LatestReader:
        """A LatestReader for one panel (``parent``), stopped by ``shutdown``."""
        reader = LatestReader(parent)
        self._readers.append(reader)
        reader.destroyed.connect(lambda *_args, r=reader: self._forget(r))
        return reader

    def _forget(self, reader: LatestReader) -> None:
        with contextlib.suppress(ValueError):
            self._readers.remove(reader)

    def shutdown(self, timeout_ms: int = 30000) -> None:
        """Finish the running job, then stop every reader: the library is about to close."""
        self.wait(timeout_ms)
        for reader in list(self._readers):
            reader.shutdown(timeout_ms)


class _ReadRelay(QObject):
    """Carries a read's outcome from the worker thread to the GUI thread (a queued signal)."""

    done = Signal(int, object, object)  # request number, result, exception or None


class _ReadJob(QRunnable):
    def __init__(self, load: Callable[[], Any], seq: int, relay: _ReadRelay) -> None:
        super().__init__()
        self._load = load
        self._seq = seq
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._load()
        except Exception as exc:  # handed to the GUI thread: a UserError is shown, a bug raised
            self._relay.done.emit(self._seq, None, exc)
        else:
            self._relay.done.emit(self._seq, result, None)


class LatestReader(QObject):
    """Runs read-only loads on a worker thread; only the newest request's result arrives.

    A newer request makes older ones stale: a queued one is dropped, a running one's result
    ignored. ``loaded`` carries the result and ``failed`` a UserError's message, both on the
    GUI thread; any other exception is raised there, so it reaches the crash dialog.
    """

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Created before the relay: children go in creation order, so the pool waits for a
        # running load before the relay it reports through is destroyed.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _ReadRelay(self)
        self._relay.done.connect(self._done)
        self._seq = 0  # the newest request
        self._answered = 0  # the newest request whose outcome was delivered
        self._closed = False

    def request(self, load: Callable[[], Any]) -> None:
        """Run ``load()`` off the GUI thread; earlier requests no longer report.

        After ``shutdown`` requests are ignored: a panel's timer may still fire while the
        window closes, and the library it would read is closed.
        """
        if self._closed:
            return
        self._seq += 1
        self._pool.clear()  # queued, not yet started loads are already stale
        self._pool.start(_ReadJob(load, self._seq, self._relay))

    def cancel(self) -> None:
        """Nothing asked so far is wanted any more: drop queued loads, ignore a running one."""
        self._seq += 1
        self._answered = self._seq
        self._pool.clear()

    def _done(self, seq: int, result: object, error: object) -> None:
        if seq != self._seq or self._closed:
            return  # a newer request is on its way
        self._answered = seq
        if isinstance(error, UserError):
            self.failed.emit(error.message)
        elif isinstance(error, BaseException):
            raise error
        else:
            self.loaded.emit(result)

    def is_idle(self) -> bool:
        """Every request has reported (or none was made)."""
        return self._answered == self._seq

    def wait(self, timeout_ms: int = 10000) -> bool:
        """Run the event loop until the newest request has reported (tests, benchmarks)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while not self.is_idle() and time.monotonic() < deadline:
            self._pool.waitForDone(5)
            QCoreApplication.processEvents()
        return self.is_idle()

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Stop loading before the library closes; later requests are ignored."""
        self._closed = True
        self._answered = self._seq  # nothing more will report
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
