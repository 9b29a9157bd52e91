"""Following a class library's change log: the local search index and open views keep up.

Every write action on a class library adds one ``change_log`` row numbered by the change
counter, which the writer bumps last in its transaction while holding the counter's row lock,
so numbers become visible in order and without gaps. A client keeps a mark (the last number
it applied); ``catch_up`` reads the rows after it, turns them into index changes built from
the database as it is now, hands them on in order, and tells listeners about changes made by
anyone else. The writer calls it right after its own commit; a listening thread calls it when
PostgreSQL NOTIFYs a commit (and once a second anyway, so a lost notification costs a second,
never a change). After a restart the client starts from its index's watermark: only what
changed since is read, unless the log no longer reaches back that far (then: rebuild).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from debateprep.search import IndexChange, IndexDoc
from debateprep.storage import db
from debateprep.storage.models import ChangeLog

logger = logging.getLogger(__name__)

CHANNEL = "debateprep_changes"
POLL = 1.0  # seconds between reads when no notification came
# At most one catch-up per GATHER seconds: a lone change is applied at once, but when a class
# saves several times a second each client reads and indexes a burst in one go instead of
# once per save (30 clients each indexing every save of 30 students is the load that counts).
GATHER = 0.5
BATCH = 500


@dataclass(frozen=True, slots=True)
class ChangeEntry:
    """One committed write action as the change log records it."""

    counter: int
    actor: str
    at: str
    summary: str
    upserts: tuple[str, ...]
    deletes: tuple[str, ...]


class LogGap(RuntimeError):
    """The change log does not continue from the mark (pruned, or restored): rebuild."""


DocBuilder = Callable[[Session, Sequence[str]], list[IndexDoc]]
Listener = Callable[[list[ChangeEntry]], None]


class ChangeFeed:
    """Reads the change log after ``mark`` and hands each entry on in order."""

    def __init__(
        self,
        engine: Engine,
        build_docs: DocBuilder,
        submit: Callable[[IndexChange], None],
    ):
        self._engine = engine
        self._build_docs = build_docs
        self._submit = submit
        self._lock = threading.Lock()  # one catch-up at a time: entries go out in order
        self.mark: int | None = None  # None until started (the index's watermark is known)
        # Counters this process is committing or committed (not news to it). Claimed inside
        # the transaction, before COMMIT, so the commit's own NOTIFY can never wake the
        # listening thread before the counter is known as ours.
        self._own: set[int] = set()
        self._own_lock = threading.Lock()
        self._last_own = 0
        self._listeners: list[Listener] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # A channel of this feed alone: close() wakes its thread without waking every client.
        self._wake = f"debateprep_wake_{uuid.uuid4().hex[:16]}"
        self.last_error: str | None = None

    def add_listener(self, listener: Listener) -> None:
        """``listener(entries)`` hears other people's changes, on the feed's own thread."""
        self._listeners.append(listener)

    def start(self, mark: int, *, listen: bool) -> None:
        """Begin at ``mark`` (what the index reflects); with ``listen``, a thread waits for
        NOTIFY (the window); without, only the writer's own catch-ups run (the CLI)."""
        with self._lock:
            self.mark = mark
        if listen and self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="debateprep-changes", daemon=True
            )
            self._thread.start()

    def claim(self, counter: int) -> None:
        """The writer is about to commit change ``counter``: it is this process's own."""
        with self._own_lock:
            self._own.add(counter)
            self._last_own = max(self._last_own, counter)

    def unclaim(self, counter: int) -> None:
        """The commit of ``counter`` failed: another writer will get that number."""
        with self._own_lock:
            self._own.discard(counter)

    def committed(self, counter: int) -> None:
        """The writer's own commit. Without a listening thread it is caught up now; with
        one, the commit's NOTIFY wakes that thread a moment later, so the save returns
        without another read (``wait`` catches up at once if the index is needed first)."""
        if self._thread is None:
            self.catch_up()

    def wait(self) -> None:
        """Catch up now if this process's own last commit has not reached the index yet."""
        if self.mark is not None and self.mark < self._last_own:
            self.catch_up()

    def catch_up(self) -> list[ChangeEntry]:
        """Apply every logged change after the mark; returns other people's new entries."""
        with self._lock:
            if self.mark is None:
                return []
            news: list[ChangeEntry] = []
            while True:
                entries, docs = self._read(self.mark)
                if not entries:
                    break
                for entry in entries:
                    if entry.counter != self.mark + 1:
                        raise LogGap(f"change {self.mark + 1} is missing from the change log")
                    upserts = tuple(docs[key] for key in entry.upserts if key in docs)
                    gone = {key for key in entry.upserts if key not in docs}
                    deletes = tuple(sorted(gone | set(entry.deletes)))
                    self._submit(IndexChange(entry.counter, upserts, deletes))
                    self.mark = entry.counter
                    with self._own_lock:
                        own = entry.counter in self._own
                        self._own.discard(entry.counter)
                    if not own:
                        news.append(entry)
                if len(entries) < BATCH:
                    break
        if news:
            for listener in list(self._listeners):
                try:
                    listener(news)
                except Exception:
                    logger.exception("a change listener failed")
        return news

    def _read(self, mark: int) -> tuple[list[ChangeEntry], dict[str, IndexDoc]]:
        with Session(self._engine) as session, session.begin():
            rows = session.scalars(
                select(ChangeLog)
                .where(ChangeLog.counter > mark)
                .order_by(ChangeLog.counter)
                .limit(BATCH)
            ).all()
            entries = [
                ChangeEntry(
                    row.counter, row.actor, row.at, row.summary,
                    tuple(json.loads(row.upserts)), tuple(json.loads(row.deletes)),
                )
                for row in rows
            ]  # fmt: skip
            keys = sorted({key for entry in entries for key in entry.upserts})
            docs = {doc.key: doc for doc in self._build_docs(session, keys)} if keys else {}
        return entries, docs

    def reaches_back_to(self, mark: int) -> bool:
        """True if the log holds every change after ``mark`` (catching up is possible)."""
        with Session(self._engine) as session:
            after = select(ChangeLog.counter).where(ChangeLog.counter > mark)
            first = session.scalar(after.order_by(ChangeLog.counter).limit(1))
            counter = db.read_change_counter(session)
        return (first is None and counter == mark) or first == mark + 1

    # -- the listening thread (the window) -------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except DBAPIError as exc:
                self.last_error = " ".join(str(exc.orig or exc).split())[:200]
                logger.warning("lost the class library's notifications: %s", self.last_error)
                self._stop.wait(POLL)
            except LogGap as exc:
                self.last_error = str(exc)
                logger.warning("%s; the search index will be rebuilt", exc)
                self._stop.wait(POLL)
            except Exception:
                logger.exception("following the class library's changes failed")
                self._stop.wait(POLL)

    def _listen(self) -> None:
        with self._engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql(f"LISTEN {CHANNEL}")
            connection.exec_driver_sql(f"LISTEN {self._wake}")
            driver = connection.connection.driver_connection
            assert driver is not None
            self.last_error = None
            self.catch_up()  # whatever committed before LISTEN took effect
            last = time.monotonic()
            while not self._stop.is_set():
                for _ in driver.notifies(timeout=POLL, stop_after=1):
                    pass
                early = last + GATHER - time.monotonic()
                if early > 0 and not self._stop.wait(early):
                    for _ in driver.notifies(timeout=0.0):
                        pass  # the burst's other notifications: this one catch-up covers them
                if self._stop.is_set():
                    return
                self.catch_up()
                last = time.monotonic()

    def close(self) -> None:
        """Stop the listening thread (woken by a notification of our own, not a timeout)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is None:
            return
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT pg_notify(:c, '')"), {"c": self._wake})
                connection.commit()
        except DBAPIError:
            pass  # the server is gone: the thread's wait fails at once anyway
        thread.join(POLL + 1.0)
