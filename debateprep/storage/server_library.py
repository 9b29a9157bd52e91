"""A class library's database on the server: its schema, version, change log and local index.

The tables are the same models as a personal library's, created and upgraded by the same
ordered migrations (``migrations.MIGRATIONS``); PostgreSQL's DDL is transactional, so an
upgrade is all or nothing, and it refuses to start while another DebatePrep is connected.
Each write action appends one ``change_log`` row (numbered by the change counter) and
NOTIFYs listeners when it commits (``change_feed``). The search index stays on each client,
in its cache folder, one per server database.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import platformdirs
from sqlalchemy import Connection, Engine, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from debateprep.errors import UserError
from debateprep.storage import db, migrations
from debateprep.storage.change_feed import CHANNEL
from debateprep.storage.models import SCHEMA_VERSION, Base, Card, ChangeLog, Meta, Source, utc_now
from debateprep.storage.server import APPLICATION, display


def create_schema(engine: Engine) -> str:
    """Build a class library's tables in an empty database; returns its new library id.

    UserError if the database already holds tables (a library or somebody else's data)."""
    try:
        with engine.begin() as connection:
            return create_tables(connection)
    except DBAPIError as exc:
        raise UserError(
            f"The class library could not be created at {display(engine.url)}: "
            f"{db.describe_db_error(exc)}"
        ) from exc


def create_tables(connection: Connection) -> str:
    """``create_schema`` inside the caller's transaction (``class create`` adds the class's
    roles and policies in the same one: all or nothing)."""
    if inspect(connection).get_table_names():
        raise UserError(
            f"The database at {display(connection.engine.url)} is not empty; a class library "
            "needs a database of its own (createdb a new one)."
        )
    library_id = db.new_library_id()
    Base.metadata.create_all(connection)
    connection.execute(
        insert(Meta),
        [
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": "change_counter", "value": "0"},
            {"key": db.LIBRARY_ID, "value": library_id},
        ],
    )
    return library_id


def prepare(engine: Engine) -> str:
    """Check the class library's schema (upgrade an older one); return its library id."""
    try:
        return _prepare(engine)
    except DBAPIError as exc:
        detail = " ".join(str(exc.orig or exc).split())
        if "permission denied" in detail.lower():
            raise UserError(
                f"Your database user may not read the class library at {display(engine.url)}; "
                "ask the teacher to add you to the class."
            ) from exc
        raise UserError(
            f"The class library at {display(engine.url)} could not be opened: "
            f"{db.describe_db_error(exc)}"
        ) from exc


def _prepare(engine: Engine) -> str:
    where = display(engine.url)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if "meta" not in tables:
            raise UserError(
                f"There is no DebatePrep class library at {where}; a teacher creates one with "
                "`debateprep class create URL --teacher NAME`."
            )
        version = migrations.stored_version(connection)
    if version > SCHEMA_VERSION:
        raise UserError(
            f"The class library at {where} was saved by a newer DebatePrep (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update DebatePrep to use it."
        )
    if version < SCHEMA_VERSION:
        engine.dispose()  # our own idle connection from the check above is nobody else's
        upgrade(engine)
    with Session(engine) as session:
        library_id = db.get_meta(session, db.LIBRARY_ID)
    if not library_id:
        raise UserError(f"The class library at {where} has no library id; it is damaged.")
    return library_id


def others_connected(connection: Connection) -> list[str]:
    """Who else has this database open in DebatePrep (``user (application)``), now."""
    rows = connection.execute(
        text(
            "SELECT usename, application_name FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name LIKE :app ORDER BY usename"
        ),
        {"app": f"{APPLICATION}%"},
    )
    return [f"{user} ({app})" for user, app in rows]


def upgrade(engine: Engine) -> list[int]:
    """Run the pending migrations in one transaction; refused while others are connected."""
    where = display(engine.url)
    try:
        with engine.begin() as connection:
            # Whoever starts first takes this lock; a second upgrader waits, then finds the
            # schema current. Clients opening meanwhile wait for the transaction too.
            connection.execute(text("LOCK TABLE meta IN ACCESS EXCLUSIVE MODE"))
            version = migrations.stored_version(connection)
            if version >= SCHEMA_VERSION:
                return []
            others = others_connected(connection)
            if others:
                raise UserError(
                    f"The class library at {where} needs an upgrade to schema "
                    f"{SCHEMA_VERSION}, which cannot run while others have it open: "
                    f"{', '.join(others)}. Ask them to close DebatePrep and try again."
                )
            return migrations.run_pending(connection)
    except DBAPIError as exc:
        detail = str(exc.orig or exc).lower()
        if "permission denied" in detail or "must be owner" in detail:
            raise UserError(
                f"The class library at {where} needs an upgrade to schema {SCHEMA_VERSION}, "
                "which only its owner (who ran `debateprep class create`) may run: ask them "
                "to open it once with this version of DebatePrep."
            ) from exc
        raise UserError(
            f"Upgrading the class library at {where} failed; nothing was changed "
            f"({db.describe_db_error(exc)})"
        ) from exc


def log_change(
    session: Session, counter: int, actor: str, upserts: Iterable[str], deletes: Iterable[str]
) -> None:
    """Record one write action in the change log and NOTIFY listeners (on commit)."""
    upserted, deleted = sorted(upserts), sorted(deletes)
    session.add(
        ChangeLog(
            counter=counter,
            actor=actor,
            at=utc_now(),
            summary=_summary(session, upserted, deleted),
            upserts=json.dumps(upserted),
            deletes=json.dumps(deleted),
        )
    )
    session.flush()
    session.execute(text("SELECT pg_notify(:channel, :payload)"), {
        "channel": CHANNEL, "payload": str(counter),
    })  # fmt: skip


def _summary(session: Session, upserts: list[str], deletes: list[str]) -> str:
    """What the status bar says changed: the card's tag or the source's title, briefly."""
    for key in upserts:
        kind, _, raw = key.partition(":")
        if kind == "card":
            tag = session.scalar(select(Card.tag).where(Card.id == int(raw)))
            if tag is not None:
                return f"card “{_short(tag)}”"
        if kind == "source":
            title = session.scalar(select(Source.title).where(Source.id == int(raw)))
            if title is not None:
                return f"source “{_short(title or '[Untitled]')}”"
    if deletes:
        count = len(deletes)
        return f"deleted {count} item" + ("s" if count != 1 else "")
    return "the map or a brief"


def _short(text_: str, limit: int = 48) -> str:
    flat = " ".join(text_.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def index_dir(url_text: str, library_id: str) -> Path:
    """The search index of a class library on this client: in the user's cache folder."""
    key = hashlib.sha256(f"{url_text}\0{library_id}".encode()).hexdigest()[:24]
    base = Path(platformdirs.user_cache_dir("DebatePrep", appauthor=False))
    folder = base / "class-libraries" / key
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"No folder for the class library's search index: {exc}.") from exc
    if not os.access(folder, os.W_OK):
        raise UserError(f"The search index folder {folder} cannot be written.")
    return folder / "library.index"
