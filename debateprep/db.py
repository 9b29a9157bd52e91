"""Opening the library database: engine, SQLite pragmas, schema creation and version checks.

This is the only module that knows the database is SQLite. Every write transaction bumps a
change counter in ``meta``; the search index records the counter it reflects, so a library
opened after a crash between commit and index update is noticed and reindexed.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import (
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

from debateprep import migrations
from debateprep.errors import UserError
from debateprep.models import SCHEMA_VERSION, Base, Meta

logger = logging.getLogger(__name__)

DB_FILE_NAME = "library.db"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_WRITE_OPTION = "debateprep_write"


def resolve_library_path(path: Path) -> Path:
    """The database file for a ``--library`` argument.

    An existing folder, or a new name without a suffix, is a library folder holding
    ``library.db``; anything else (``class.db``, an existing file) is the database file.
    """
    path = path.expanduser()
    if path.is_dir() or (not path.exists() and not path.suffix):
        return path / DB_FILE_NAME
    return path


def index_dir_for(db_path: Path) -> Path:
    """The search index sits beside the database: ``library.db`` -> ``library.index/``."""
    return db_path.with_name(db_path.stem + ".index")


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


def _check_is_sqlite(db_path: Path) -> None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    try:
        with db_path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(f"Cannot read the library {db_path}: {exc.strerror or exc}.") from exc
    if header != _SQLITE_MAGIC:
        raise UserError(
            f"{db_path} is not a DebatePrep library (it is not an SQLite database). "
            "Choose another file or a new name."
        )


def create_library_engine(db_path: Path) -> Engine:
    """An engine for the library file, creating its folder if needed."""
    _check_is_sqlite(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Cannot create the library folder {db_path.parent}: {exc.strerror or exc}."
        ) from exc
    engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _set_sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


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


def prepare_schema(engine: Engine) -> bool:
    """Create the schema in a new library, or check an existing one's version and upgrade it.

    A library from a newer DebatePrep is refused untouched; an older one is backed up and
    migrated (see ``migrations.migrate``). Returns True when the library was just created
    (and so still needs its starter content).
    """
    try:
        return _prepare_schema(engine)
    except UserError:
        # Close the pooled connections now: a refused library must not stay open (and,
        # on Windows, locked) until the garbage collector gets to the engine.
        engine.dispose()
        raise


def _prepare_schema(engine: Engine) -> bool:
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
        try:
            _use_wal(engine)
            # Tables and version in one transaction: a kill in between would otherwise leave
            # a file with tables but no version, which no longer opens as a library.
            with engine.begin() as connection:
                Base.metadata.create_all(connection)
                connection.execute(
                    insert(Meta),
                    [
                        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                        {"key": "change_counter", "value": "0"},
                    ],
                )
        except OperationalError as exc:
            raise UserError(f"The library could not be created: {_describe(exc)}") from exc
        return True
    with Session(engine) as session:
        version = int(session.get_one(Meta, "schema_version").value)
    if version > SCHEMA_VERSION:
        raise UserError(
            f"This library was saved by a newer DebatePrep (schema {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update DebatePrep to open it; "
            "the file was not changed."
        )
    _use_wal(engine)
    if version < SCHEMA_VERSION:
        database = engine.url.database
        if not database:  # pragma: no cover - libraries are always files
            raise UserError(f"This library uses schema {version} and cannot be upgraded here.")
        migrations.migrate(engine, Path(database))
    return False


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
    if _RETURNING:
        value = session.execute(_BUMP_AND_READ).scalar_one_or_none()
        if value is not None:
            return int(value)
    else:
        session.execute(_BUMP_COUNTER)
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
