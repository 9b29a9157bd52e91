"""A class library's class: creating it, its teacher and students, and locked motions.

``create_class`` is the admin's one step (``debateprep class create URL --teacher NAME``):
the database (made if missing), its tables, the class's roles and row-level security
(``storage/class_roles``) in one transaction, then the starter content, owned by the
teacher. ``Classroom`` is the part a teacher uses on an open class library: list the
members, add a student (a one-time password, returned once and kept nowhere), remove one
(their cards stay, under their name), lock a motion. The server checks each of these
again: the checks here only give the one-line reason first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import URL, Connection, text, update
from sqlalchemy.exc import DBAPIError

from debateprep.errors import UserError
from debateprep.facade import lookup
from debateprep.records import MotionRecord
from debateprep.storage import server, server_library
from debateprep.storage.convert import motion_record
from debateprep.storage.models import Brief, Card, ChangeLog, Link, Motion, Source
from debateprep.storage.store import Store

logger = logging.getLogger(__name__)

MAINTENANCE_DATABASE = "postgres"  # where CREATE DATABASE is run from, as createdb does
NOT_A_CLASS = (
    "This is a personal library; teachers, students and locked motions belong to a class "
    "library (debateprep --library postgresql://host/dbname)."
)


@dataclass(frozen=True, slots=True)
class ClassMember:
    """A teacher or student (or a removed student whose cards remain) of the class."""

    name: str
    role: str  # "teacher", "student" or "removed"
    cards: int
    last_change: str  # ISO time of their last change, "" if none


@dataclass(frozen=True, slots=True)
class ClassCreated:
    location: str  # the class library's URL as shown (no password)
    teacher: str
    password: str | None  # the teacher's one-time password; None: an existing user joined


class Classroom:
    """The teacher's actions on the class of an open class library."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def is_teacher(self) -> bool:
        """True for a class's teacher (and its owner) and in a personal library."""
        return self._store.is_teacher

    def class_members(self) -> list[ClassMember]:
        """Teachers, then students, then removed students whose cards remain, by name."""
        from debateprep.storage import class_roles  # psycopg: loaded only for a class

        self._require_class()
        with self._store.engine.connect() as connection:
            return [
                ClassMember(m.name, m.role, m.cards, m.last_change)
                for m in class_roles.members(connection)
            ]

    def add_student(self, name: str) -> str:
        """Create ``name``'s login in this class; returns their one-time password (shown
        once by the caller, never stored or logged)."""
        from debateprep.storage import class_roles  # psycopg: loaded only for a class

        self._require_teacher("adds students")
        class_roles.check_login_name(name)
        password = class_roles.new_password()
        self._on_server(f"{name} could not be added", class_roles.add_student, name, password)
        logger.info("added the student %s", name)
        return password

    def remove_student(self, name: str) -> None:
        """Drop ``name``'s login; their cards, links and briefs stay, still theirs by name."""
        from debateprep.storage import class_roles  # psycopg: loaded only for a class

        self._require_teacher("removes students")
        if name == self._store.user:
            raise UserError("You cannot remove yourself from the class.")
        self._on_server(f"{name} could not be removed", class_roles.remove_student, name)
        logger.info("removed the student %s", name)

    def lock_motion(self, motion_id: int, locked: bool = True) -> MotionRecord:
        """Lock (or unlock) a motion: students then change neither it nor its cards."""
        self._require_teacher("locks motions")
        with self._store.write() as tx:
            motion = lookup.motion(tx.session, motion_id)
            motion.locked = 1 if locked else 0
            tx.session.flush()
            record = motion_record(motion)
        return record

    def _require_class(self) -> None:
        if not self._store.is_server:
            raise UserError(NOT_A_CLASS)

    def _require_teacher(self, action: str) -> None:
        self._require_class()
        if not self._store.is_teacher:
            raise UserError(f"Only the class's teacher {action}.")

    def _on_server(self, what: str, action: object, *args: str) -> None:
        assert callable(action)
        try:
            with self._store.engine.begin() as connection:
                action(connection, *args)
        except DBAPIError as exc:
            raise UserError(f"{what}: {_server_reason(exc)}") from exc


def _server_reason(exc: DBAPIError) -> str:
    """The server's own message (our functions' RAISE texts are written for people)."""
    detail = " ".join(str(exc.orig).split()).split(" CONTEXT:", 1)[0]
    if "permission denied for function" in detail:
        return "only a teacher of this class may do that."
    return detail.rstrip(".") + "."


def create_class(location: str, teacher: str, *, password: str | None = None) -> ClassCreated:
    """Set up a class library at ``location`` as an admin (CREATEDB and CREATEROLE rights):
    the database if missing, the schema, roles and policies, the teacher, the starter set."""
    from debateprep.storage import class_roles  # psycopg: loaded only for a class

    class_roles.check_login_name(teacher)
    url = server.server_url(location)
    if not url.database:
        raise UserError(f"Name the class's database in the URL: {server.display(url)}.")
    made = _create_database(url, password)
    engine = server.create_server_engine(url, password=password)
    teacher_password: str | None = None
    try:
        server.check_connection(engine)
        with engine.begin() as connection:
            server_library.create_tables(connection)
            if not class_roles.roles_exist(connection, [teacher]):
                teacher_password = class_roles.new_password()
            class_roles.make_class(connection, teacher, teacher_password)
    except (UserError, DBAPIError) as exc:
        engine.dispose()
        if made:
            _drop_database(url, password)
        if isinstance(exc, DBAPIError):
            raise UserError(_setup_failed(url, exc)) from exc
        raise
    engine.dispose()
    _load_starter(url, password, teacher)
    return ClassCreated(server.display(url), teacher, teacher_password)


def _setup_failed(url: URL, exc: DBAPIError) -> str:
    detail = " ".join(str(exc.orig).split())
    if "permission denied" in detail.lower():
        return (
            f"Setting up the class at {server.display(url)} needs a PostgreSQL user with the "
            f"CREATEDB and CREATEROLE rights (e.g. postgres): {detail.rstrip('.')}."
        )
    return f"The class could not be set up at {server.display(url)}: {detail.rstrip('.')}."


def _maintenance(url: URL, password: str | None, what: str, statement: str) -> bool:
    """Run one database-level statement from the maintenance database (outside a
    transaction, as CREATE/DROP DATABASE need); False when it had nothing to do."""
    engine = server.create_server_engine(
        url.set(database=MAINTENANCE_DATABASE), password=password, pool_size=1
    )
    try:
        server.check_connection(engine)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            ).first()
            if (statement == "CREATE") == (exists is not None):
                return False
            _database_statement(connection, statement, str(url.database))
            return True
    except DBAPIError as exc:
        raise UserError(f"{what} {server.display(url)}: {_server_reason(exc)}") from exc
    finally:
        engine.dispose()


def _database_statement(connection: Connection, statement: str, database: str) -> None:
    from psycopg import sql

    from debateprep.storage import class_roles

    query = sql.SQL("CREATE DATABASE {}" if statement == "CREATE" else "DROP DATABASE {}")
    class_roles.run_sql(connection, query.format(sql.Identifier(database)))


def _create_database(url: URL, password: str | None) -> bool:
    return _maintenance(url, password, "Could not create the database", "CREATE")


def _drop_database(url: URL, password: str | None) -> None:
    try:
        _maintenance(url, password, "Could not remove the half-made database", "DROP")
    except UserError as exc:  # the first failure is the one to report
        logger.warning("%s", exc.message)


def _load_starter(url: URL, password: str | None, teacher: str) -> None:
    """The starter sources and map, loaded as the admin and then handed to the teacher
    (the admin may not log in as an existing teacher; the class owner's policy allows it)."""
    from debateprep.facade.library import Library
    from debateprep.facade.starter import load_starter_once

    shown = url.render_as_string(hide_password=False)
    with Library.open(shown, password=password, index=False) as library:
        load_starter_once(library)
    engine = server.create_server_engine(url, password=password, pool_size=1)
    try:
        with engine.begin() as connection:
            for model in (Source, Motion, Card, Link, Brief):
                connection.execute(update(model).values(owner=teacher))
            connection.execute(update(ChangeLog).values(actor=teacher))
    finally:
        engine.dispose()
