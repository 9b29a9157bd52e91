"""Talking to the library database: engine, sessions, schema version checks and ``meta``.

This module and ``library_file`` (which vets and creates the file itself) are the only ones
that know the database is SQLite. Every write transaction bumps a change counter in ``meta``;
the search index records the counter it reflects, so a library opened after a crash between
commit and index update is noticed and reindexed. ``meta`` also holds a library id, which the
index records too, so an index is only trusted by the database it was built from.

Paths reach SQLite as file names (``URL.create``), never pasted into a URL. An SQLite file
without our tables is refused untouched; an older schema is upgraded (``migrations``).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Integer,
    String,
    cast,
    create_engine,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from debateprep.errors import UserError
from debateprep.storage import migrations
from debateprep.storage.models import SCHEMA_VERSION, Meta

logger = logging.getLogger(__name__)

_WRITE_OPTION = "debateprep_write"
LIBRARY_ID = "library_id"  # meta key: which database a search index belongs to


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's implicit transactions
    # start late and never for SELECT, so reads and writes would not share one snapshot).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # journal_mode=WAL is set once the file is known to be a library (_use_wal): a
        # foreign SQLite file we refuse must keep its header byte for byte.
        # NORMAL is durable in WAL mode against process crashes; only power loss may drop
        # the last transactions, never corrupt the file.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def create_library_engine(db_path: Path, *, read_only: bool = False) -> Engine:
    """An engine for the library file (its folder exists; when ``read_only``, so does it).

    The path is handed to SQLite as a file name (``URL.create``), never pasted into a URL
    string, where ``?`` would start a query, ``#`` a fragment and ``%20`` decode to a space.
    """
    if read_only:
        url = URL.create("sqlite", database=read_only_uri(db_path), query={"uri": "true"})
    else:
        url = URL.create("sqlite", database=str(db_path))
    engine = create_engine(url)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def read_only_uri(db_path: Path) -> str:
    """An SQLite URI reading ``db_path`` without writing anything beside it.

    ``mode=ro`` still needs the ``-shm`` file of a WAL library, which a read-only folder
    cannot get. Without a ``-wal`` the database file holds everything, so ``immutable=1``
    (no locks, no shared memory) reads it safely; with one, its changes would be skipped.
    """
    base = db_path.resolve().as_uri()  # percent-encodes "?", "#" and "%"
    try:
        with closing(sqlite3.connect(f"{base}?mode=ro", uri=True)) as probe:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return f"{base}?mode=ro"
    except sqlite3.Error as exc:
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise UserError(
                f"The library is read-only, and the changes in its {wal.name} file cannot be "
                "read without writing beside it; copy the library's folder to a place you "
                f"may write to and open the copy ({exc})."
            ) from exc
    return f"{base}?mode=ro&immutable=1"


def new_library_id() -> str:
    return uuid.uuid4().hex


def _begin(conn: Connection) -> None:
    # A write takes SQLite's write lock up front (BEGIN IMMEDIATE), so two processes on one
    # library wait for each other via busy_timeout instead of failing half-way through.
    if conn.get_execution_options().get(_WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_sessions(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """Session factories for reading and for writing (the latter begins IMMEDIATE)."""
    # expire_on_commit=False: records are built inside the transaction anyway, and this keeps
    # ids readable after commit without another round trip.
    reader = sessionmaker(engine, expire_on_commit=False)
    writer = sessionmaker(engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False)
    return reader, writer


def prepare_schema(engine: Engine, db_path: Path, *, read_only: bool = False) -> str:
    """Check an existing library's version, upgrade it if old; return its library id.

    A library from a newer DebatePrep, a foreign or empty SQLite file are refused untouched;
    an older one is backed up and migrated (see ``migrations.migrate``). A library without
    an id (made before ids existed) gets one. ``read_only``: nothing is written; an old
    schema is refused, and a missing id is stood in for by one derived from the file.
    """
    try:
        return _prepare_schema(engine, db_path, read_only)
    except UserError:
        # Close the pooled connections now: a refused library must not stay open (and,
        # on Windows, locked) until the garbage collector gets to the engine.
        engine.dispose()
        raise


def _prepare_schema(engine: Engine, db_path: Path, read_only: bool) -> str:
    try:
        tables = set(inspect(engine).get_table_names())
    except (DatabaseError, OperationalError) as exc:
        raise UserError(f"The library could not be opened: {_describe(exc)}") from exc
    if "meta" not in tables:
        if tables:
            raise UserError(
                "This SQLite file is not a DebatePrep library (it has other tables). "
                "Choose another file or a new name."
            )
        # New libraries are published complete (library_file.create_new_library), so a
        # table-less file is somebody else's: never fill it.
        raise UserError(
            f"{db_path} is an empty SQLite database, not a DebatePrep library; nothing was "
            "changed. Choose another file or a new name, or remove it to start a new "
            "library there."
        )
    with Session(engine) as session:
        version = int(session.get_one(Meta, "schema_version").value)
    if version > SCHEMA_VERSION:
        raise UserError(
            f"This library was saved by a newer DebatePrep (schema {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update DebatePrep to open it; "
            "the file was not changed."
        )
    if read_only:
        if version < SCHEMA_VERSION:
            raise UserError(
                f"This library uses schema {version} and needs an upgrade to schema "
                f"{SCHEMA_VERSION}, but it is read-only; open it once where you may write "
                "to its file and folder."
            )
        return _read_library_id(engine) or _stand_in_id(db_path)
    _use_wal(engine)
    if version < SCHEMA_VERSION:
        migrations.migrate(engine, db_path)
    return _read_library_id(engine) or _give_library_id(engine)


def _read_library_id(engine: Engine) -> str:
    with Session(engine) as session:
        return get_meta(session, LIBRARY_ID)


def _give_library_id(engine: Engine) -> str:
    """Record an id in a library made before ids existed (a meta row; no schema change)."""
    try:
        with engine.execution_options(**{_WRITE_OPTION: True}).begin() as connection:
            # Checked again under the write lock: another process may have just given one.
            found = connection.execute(select(Meta.value).where(Meta.key == LIBRARY_ID))
            value = found.scalar()
            if value:
                return str(value)
            value = new_library_id()
            connection.execute(insert(Meta), [{"key": LIBRARY_ID, "value": value}])
            return value
    except (DatabaseError, OperationalError) as exc:
        raise UserError(f"The library could not be opened: {_describe(exc)}") from exc


def _stand_in_id(db_path: Path) -> str:
    """An id for a read-only library that has none: stable while the file is unchanged."""
    info = db_path.stat()
    seed = f"{db_path.resolve()}\0{info.st_size}\0{info.st_mtime_ns}"
    return "unrecorded-" + hashlib.sha256(seed.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _use_wal(engine: Engine) -> None:
    """Switch the library to WAL (persistent in the file, so every later connection uses it)."""
    # A raw DBAPI connection runs in autocommit here: the journal mode cannot change inside
    # the transaction SQLAlchemy's "begin" event would open.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
    finally:
        connection.close()


def get_meta(session: Session, key: str, default: str = "") -> str:
    value = session.scalar(select(Meta.value).where(Meta.key == key))
    return default if value is None else value


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


# Built once: every write action runs it. UPDATE ... RETURNING saves a query per action but
# needs SQLite 3.35 (2021); Pythons linked to an older SQLite read the value back instead.
_BUMP_COUNTER = (
    update(Meta)
    .where(Meta.key == "change_counter")
    .values(value=cast(cast(Meta.value, Integer) + 1, String))
)
_RETURNING = sqlite3.sqlite_version_info >= (3, 35)
_BUMP_AND_READ = _BUMP_COUNTER.returning(Meta.value)


def bump_change_counter(session: Session) -> int:
    """Increment the counter inside the current write transaction and return the new value."""
    # On the session's connection, as plain SQL: through the ORM, its bulk-update bookkeeping
    # (synchronize_session) cost more than the statement, on every action (no write action
    # holds a Meta object of this row to keep in step).
    connection = session.connection()
    if _RETURNING:
        value = connection.execute(_BUMP_AND_READ).scalar_one_or_none()
        if value is not None:
            return int(value)
    else:
        connection.execute(_BUMP_COUNTER)
    return int(get_meta(session, "change_counter", "0"))


def read_change_counter(session: Session) -> int:
    return int(get_meta(session, "change_counter", "0"))


def _describe(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    # One line always: the CLI prints it after "debateprep:" and the window in a message box.
    text = " ".join(str(orig or exc).split())
    lowered = text.lower()
    if "disk" in lowered and "full" in lowered:
        return "the disk is full. Free some space and try again."
    if "readonly" in lowered or "read-only" in lowered:
        return "the library file or its folder is read-only."
    if "unable to open database file" in lowered:
        return (
            "the library file cannot be opened or created there; check that its folder "
            "exists and that you may write to it."
        )
    if "not a database" in lowered or "malformed" in lowered:
        return (
            "the library file is damaged or is not a DebatePrep library; restore it from "
            "a backup or choose another file."
        )
    if "locked" in lowered or "busy" in lowered:
        return "another DebatePrep window or command is busy with it; try again in a moment."
    return text.rstrip(".") + "."


def describe_db_error(exc: Exception) -> str:
    """A one-line explanation of a database error a user can act on."""
    return _describe(exc)
