"""The library's storage: database sessions, one transaction per action, and index upkeep.

A write transaction records which sources and cards it touched; inside the transaction the
same documents are built from the database, and after the commit they are queued for the
search index (``IndexUpkeep``: a background thread, one index commit per burst), stamped with
the database's change counter. So saving costs the user only the SQLite commit. If an index
update fails the database is still right and the next open sees the stale watermark and
rebuilds.

While open, a Store holds a shared lock on the library (``locking``), so a restore refuses
instead of replacing the database under it. A read-only library (file or folder) is read
through a read-only connection; writes refuse in one line, and if its own index cannot be
used as it is, the index lives in the user's cache folder instead.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import platformdirs
from sqlalchemy import URL, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from debateprep.errors import UserError
from debateprep.search import IndexChange, IndexDoc, SearchIndexError
from debateprep.storage import db, library_file, server, server_library
from debateprep.storage.authorship import stamp_writes
from debateprep.storage.change_feed import ChangeFeed, LogGap
from debateprep.storage.class_rights import guard_student_writes
from debateprep.storage.convert import card_doc, source_doc
from debateprep.storage.index_upkeep import IndexApplier, IndexUpkeep
from debateprep.storage.locking import LibraryLock
from debateprep.storage.models import Card, Source

if TYPE_CHECKING:
    from debateprep.search.index import SearchIndex

logger = logging.getLogger(__name__)


def local_user() -> str:
    """Who "you" are in a personal library (shown where a class library shows a name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return ""


def read_only_index_dir(db_path: Path) -> Path:
    """Where the search index of a read-only library lives: the user's cache folder (or the
    temporary folder), one folder per library path."""
    name = hashlib.sha256(str(db_path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    uid = os.getuid() if hasattr(os, "getuid") else None
    for base in (
        Path(platformdirs.user_cache_dir("DebatePrep", appauthor=False)),
        Path(tempfile.gettempdir()) / f"debateprep-{uid}",
    ):
        folder = base / "read-only-libraries" / name[:24]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # A shared temporary folder: only one that is ours (another user could have made
            # that name first).
            if uid is not None and base.stat().st_uid != uid:
                continue
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder / "library.index"
    raise UserError(
        "The library is read-only and no folder could be found to keep its search index in."
    )


class RemoteIndex(IndexApplier, Protocol):
    """An index kept by another process: takes changes, and stops with the store."""

    def close(self, timeout: float | None = ...) -> None: ...

    def sync_aliases(self) -> None:
        """Re-read the user's alias edits from the database (after one was saved)."""

    def learned_aliases(self) -> list[Any]:
        """The aliases the indexed texts define (search.aliases.Alias records)."""
        return []


@dataclass
class WriteTx:
    """The session of one write action plus the index keys it changed."""

    session: Session
    cards: set[int] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def touch_card(self, card_id: int) -> None:
        self.cards.add(card_id)

    def touch_source(self, source_id: int) -> None:
        self.sources.add(source_id)

    def drop_card(self, card_id: int) -> None:
        self.cards.discard(card_id)
        self.deleted.add(f"card:{card_id}")

    def drop_source(self, source_id: int) -> None:
        self.sources.discard(source_id)
        self.deleted.add(f"source:{source_id}")


class Store:
    """Owns the engine, the session factories and the search index of one library."""

    def __init__(
        self,
        location: Path | str,
        *,
        remote: RemoteIndex | None = None,
        password: str | None = None,
        listen: bool = False,
        application: str | None = None,
    ) -> None:
        """Open the library: a file (``Path``) or a class library (``postgresql://`` URL).

        With ``remote`` (the window's search process) the index lives in that process and
        this one never loads Whoosh: changes are handed to ``remote``. A class library's
        credentials come from libpq or ``password``; ``listen`` follows other people's
        changes as they commit (the window), not only at each save.
        """
        self.server_url: URL | None = None
        self.feed: ChangeFeed | None = None
        self._listen = listen
        self._lock: LibraryLock | None = None
        if server.is_server_location(location):
            self.db_path: Path | None = None
            self._open_server(str(location), password, application)
        else:
            self.db_path = Path(location)
            self._open_file(self.db_path)
        self._reader, self._writer = db.make_sessions(self.engine)
        stamp_writes(self._writer, self.user)
        if not self.is_teacher:  # a student: say why before the server refuses
            guard_student_writes(self._writer, self.user)
        self.remote = remote
        self._index: SearchIndex | None = None
        if remote is None:
            from debateprep.search.index import SearchIndex  # Whoosh: only when searching here

            self._index = SearchIndex(self._index_directory(), library_id=self.library_id)
            self.upkeep = IndexUpkeep(self._index)
        else:
            self.upkeep = IndexUpkeep(remote)
        self.index_problem: str | None = None  # why the last rebuild failed, if it did
        # Held from BEGIN to queueing the index change, so this process's changes reach the
        # queue in commit order (the index's watermark counts on it).
        self._write_lock = threading.RLock()
        if self.server_url is not None:
            self.feed = ChangeFeed(self.engine, self.build_documents, self.upkeep.submit)

    def _open_file(self, db_path: Path) -> None:
        self.read_only = library_file.is_read_only(db_path)
        self.user = local_user()
        self.is_teacher = True  # a personal library: its user may change everything
        self.label = str(db_path)
        library_file.refuse_unusable_file(db_path)
        if not self.read_only:
            library_file.make_library_folder(db_path)
        # Held until close(): a restore refuses while any window or command has it open.
        self._lock = lock = LibraryLock.shared(db_path, writable=not self.read_only)
        try:
            self.created = False
            if not self.read_only and not db_path.exists():
                self.created = library_file.create_new_library(db_path)
            self.engine = db.create_library_engine(db_path, read_only=self.read_only)
            self.library_id = db.prepare_schema(self.engine, db_path, read_only=self.read_only)
        except UserError:
            lock.remove_files(db_path)  # a refused file keeps nothing of ours beside it
            raise
        except BaseException:
            lock.release()
            raise

    def _open_server(self, location: str, password: str | None, application: str | None) -> None:
        self.server_url = url = server.server_url(location)
        self.label = server.display(url)
        self.read_only = False
        self.created = False
        self.engine = server.create_server_engine(url, password=password, application=application)
        try:
            self.user = server.check_connection(self.engine)
            self.library_id = server_library.prepare(self.engine)
            from debateprep.storage import class_roles  # psycopg: only for a class library

            with self.engine.connect() as connection:
                self.is_teacher = class_roles.is_teacher(connection)
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def is_server(self) -> bool:
        """True for a class library on a PostgreSQL server."""
        return self.server_url is not None

    def _index_directory(self) -> Path:
        """The index beside the library; a class library's in the user's cache folder; when
        the library's folder is read-only and its own index cannot be used as it is, one in
        the user's cache folder."""
        if self.db_path is None:
            return server_library.index_dir(self.label, self.library_id)
        own = library_file.index_dir_for(self.db_path)
        if not self.read_only or os.access(own.parent, os.W_OK):
            return own  # only the database file is read-only: the index can still be rebuilt
        with self._reader() as session, session.begin():
            counter = db.read_change_counter(session)
        from debateprep.search.index import SearchIndex

        if not SearchIndex(own, library_id=self.library_id).needs_rebuild(counter):
            return own
        cache = read_only_index_dir(self.db_path)
        logger.info("library %s is read-only; its search index is kept in %s", own, cache)
        return cache

    def close(self, timeout: float | None = 60.0) -> None:
        """Let queued index updates finish (up to ``timeout``), then release everything."""
        if not self.upkeep.close(timeout):
            logger.warning("closing with index updates still queued; the index will be rebuilt")
        if self._index is not None:
            self._index.close()
        if self.feed is not None:
            self.feed.close()
        if self.remote is not None:
            self.remote.close()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()

    @property
    def index(self) -> SearchIndex:
        """The in-process index (not for a store whose index lives in a search process)."""
        if self._index is None:
            raise RuntimeError("this library's index lives in its search process")
        return self._index

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Block until every committed change is in the search index; False on timeout."""
        return self.upkeep.wait(timeout)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[WriteTx]:
        """One user action: commit everything or nothing, then queue the index update."""
        if self.read_only:
            raise UserError(
                f"The library is read-only (its file or folder {self.label} cannot "
                "be written), so it can be read and searched but not changed."
            )
        with self._write_lock:
            claimed: int | None = None
            try:
                with self._writer() as session, session.begin():
                    tx = WriteTx(session)
                    yield tx
                    session.flush()
                    counter = db.bump_change_counter(session)
                    if self.feed is not None:
                        keys = [f"card:{i}" for i in tx.cards] + [f"source:{i}" for i in tx.sources]
                        server_library.log_change(session, counter, self.user, keys, tx.deleted)
                        self.feed.claim(claimed := counter)  # before COMMIT (see ChangeFeed)
                    else:
                        upserts = self._documents(session, tx)
            except BaseException as exc:
                if claimed is not None and self.feed is not None:
                    self.feed.unclaim(claimed)
                self._refuse(exc)
                raise
            if self.feed is not None:
                self.feed.committed(counter)
            else:
                self.upkeep.submit(IndexChange(counter, tuple(upserts), tuple(sorted(tx.deleted))))

    def _refuse(self, exc: BaseException) -> None:
        """Raise the one-line UserError for a database error that ended a write."""
        if isinstance(exc, StaleDataError):
            raise UserError(
                "Somebody else changed or deleted this meanwhile; nothing was saved. "
                "It now shows their version."
            ) from exc
        if isinstance(exc, IntegrityError):
            logger.warning("integrity error: %s", exc)
            raise UserError(
                "That change conflicts with something already in the library "
                f"({self.describe_error(exc)})"
            ) from exc
        if isinstance(exc, DBAPIError):
            raise UserError(f"The library could not be saved: {self.describe_error(exc)}") from exc

    def describe_error(self, exc: Exception) -> str:
        if self.is_server:
            return server.describe_server_error(exc)
        return db.describe_db_error(exc)

    def build_documents(self, session: Session, keys: Sequence[str]) -> list[IndexDoc]:
        """The index documents of these keys as the database holds them now (missing: none)."""
        tx = WriteTx(session)
        for key in keys:
            kind, _, raw = key.partition(":")
            (tx.cards if kind == "card" else tx.sources).add(int(raw))
        return self._documents(session, tx)

    def _documents(self, session: Session, tx: WriteTx) -> list[IndexDoc]:
        docs: list[IndexDoc] = []
        if tx.sources:
            # Usually objects of this session (just added or edited): get() takes them from
            # its identity map without a query, which cost ~1 ms per file of an import.
            sources = (session.get(Source, source_id) for source_id in tx.sources)
            docs.extend(source_doc(source) for source in sources if source is not None)
        if tx.cards:
            cards = session.scalars(
                select(Card).where(Card.id.in_(tx.cards)).options(selectinload(Card.labels))
            )
            docs.extend(card_doc(card) for card in cards)
        return sorted(docs, key=lambda doc: doc.key)

    def change_counter(self) -> int:
        with self.read() as session:
            return db.read_change_counter(session)

    def iter_documents(self, session: Session, batch: int = 500) -> Iterator[IndexDoc]:
        """Every document the index should hold, streamed in id order."""
        for source in session.scalars(select(Source).order_by(Source.id)).yield_per(batch):
            yield source_doc(source)
        cards = select(Card).order_by(Card.id).options(selectinload(Card.labels))
        for card in session.scalars(cards).yield_per(batch):
            yield card_doc(card)

    def rebuild_index(self, progress: Callable[[int], None] | None = None) -> int:
        self.upkeep.wait()  # queued changes first: the rebuild must not be overtaken by them
        with self.read() as session:
            counter = db.read_change_counter(session)
            expected = session.scalar(select(func.count(Card.id))) or 0
            expected += session.scalar(select(func.count(Source.id))) or 0
            count = self.index.rebuild(
                self.iter_documents(session), counter, progress, expected=expected
            )
        self.index_problem = None
        if self.feed is not None:
            self.feed.start(counter, listen=self._listen)
            self.feed.catch_up()
        return count

    def catch_up_index(self, watermark: int | None) -> bool:
        """A class library: start following the change log from the index's ``watermark``;
        False (rebuild instead) when there is no usable index or the log has a gap."""
        assert self.feed is not None
        if watermark is None or watermark < 0 or not self.feed.reaches_back_to(watermark):
            return False
        self.feed.start(watermark, listen=self._listen)
        try:
            self.feed.catch_up()
        except LogGap:
            return False
        return self.upkeep.wait()

    def ensure_index(self, progress: Callable[[int], None] | None = None) -> bool:
        """Rebuild the index if it is missing, corrupt, from another schema or database, or
        out of step. A rebuild that fails (say, a file in the index's place that cannot be
        moved) leaves the library usable; searches then say why they cannot answer."""
        self.upkeep.wait()
        counter = self.change_counter()
        if self.feed is not None and self.catch_up_index(self.index.watermark()):
            return False
        if not self.index.needs_rebuild(counter):
            return False
        logger.info("search index needs a rebuild (database change %d)", counter)
        try:
            self.rebuild_index(progress)
        except SearchIndexError as exc:
            logger.warning("the search index could not be rebuilt: %s", exc)
            self.index_problem = str(exc)
            return False
        return True
