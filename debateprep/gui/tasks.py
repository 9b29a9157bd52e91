"""The one place that starts background work: a single worker thread with progress and cancel.

Core code reports progress through a callback and checks a cancel flag; it never imports Qt.
One worker keeps writes to the library and the index in order (SQLite and Whoosh each allow
one writer at a time).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
    """Runs jobs one at a time off the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: set[Task] = set()

    def start(self, name: str, job: Callable[[TaskContext], Any]) -> Task:
        task = Task(name)
        self._tasks.add(task)  # keep the QObject alive until it reports
        for signal in (task.finished, task.cancelled, task.failed):
            signal.connect(lambda *_args, t=task: self._tasks.discard(t))
        self._pool.start(_Runnable(task, job))
        return task

    def wait(self, msecs: int = 30000) -> bool:
        """Block until queued jobs finish (tests and shutdown)."""
        return self._pool.waitForDone(msecs)
