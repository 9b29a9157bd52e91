"""A class library on a PostgreSQL server: its URL, the engine, and one-line connection errors.

The URL is what PostgreSQL users already write (``postgresql://host/dbname``, with
``?sslmode=require``, ``?service=name`` or a socket folder as ``?host=/run/postgresql``); the
driver (psycopg over libpq) is filled in here. Credentials come the way libpq finds them
(``.pgpass``, the service file, ``PGPASSWORD``, ``PGUSER``...) or from a prompt, handed to the
driver as a connect argument: never written into the URL, settings or logs (``display``
hides a password written in the URL itself).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import URL, Engine, create_engine, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError

from debateprep.errors import UserError

logger = logging.getLogger(__name__)

SCHEMES = ("postgresql", "postgres")
APPLICATION = "debateprep"  # pg_stat_activity.application_name of every window and command
SEARCH_APPLICATION = "debateprep-search"  # the window's search process (not a person)
CONNECT_TIMEOUT = 10  # seconds: an unreachable server is one message, not a hang


_application = APPLICATION


def set_application(name: str) -> None:
    """How this process's connections are named on the server (the search process's differ)."""
    global _application
    _application = name


class PasswordNeeded(UserError):
    """The server asked for a password that libpq could not find (the caller may prompt)."""


def is_server_location(location: object) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) URL, False for a library file."""
    if not isinstance(location, str | URL):
        return False
    scheme = str(location).split("://", 1)[0].split("+", 1)[0].lower()
    return "://" in str(location) and scheme in SCHEMES


def server_url(location: str | URL) -> URL:
    """The SQLAlchemy URL (psycopg driver) for a PostgreSQL URL; UserError when malformed."""
    try:
        url = make_url(location) if isinstance(location, str) else location
    except ArgumentError as exc:
        raise UserError(f"Not a PostgreSQL URL: {_quiet(str(location))} ({exc}).") from exc
    backend = url.drivername.split("+", 1)[0]
    if backend not in SCHEMES:
        raise UserError(f"Not a PostgreSQL URL: {display(url)} (it must start postgresql://).")
    if not url.database and "service" not in url.query:
        raise UserError(
            f"The URL {display(url)} names no database; write postgresql://host/dbname."
        )
    if url.port is not None and not 0 < url.port < 65536:
        raise UserError(f"The URL {display(url)} has no valid port.")
    return url.set(drivername="postgresql+psycopg")


def display(url: str | URL) -> str:
    """The URL as messages, window titles and logs show it: never with its password."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return _quiet(str(url))
    # URL.set() leaves a field given as None alone: _replace really drops the password.
    shown = parsed._replace(drivername=parsed.drivername.split("+", 1)[0], password=None)
    return shown.render_as_string(hide_password=False)


def _quiet(raw: str) -> str:
    # A URL we could not parse may still carry "user:password@": keep only what follows it.
    scheme, _, rest = raw.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}" if rest else raw


def create_server_engine(
    url: URL, *, password: str | None = None, application: str | None = None, pool_size: int = 5
) -> Engine:
    """An engine for a class library; connecting happens on first use (``check_connection``)."""
    connect_args: dict[str, Any] = {
        "application_name": application or _application,
        "connect_timeout": CONNECT_TIMEOUT,
    }
    if password is not None:
        connect_args["password"] = password
    # pool_pre_ping: a window left open overnight finds its connections closed by the server
    # (or a restart) and reconnects instead of failing the next save.
    return create_engine(
        url, connect_args=connect_args, pool_pre_ping=True, pool_size=pool_size, max_overflow=5
    )


def check_connection(engine: Engine) -> str:
    """Connect once and return the database user we are (``current_user``); one-line
    UserError (PasswordNeeded when a password would help) if the server cannot be used."""
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT current_user")).scalar_one())
    except DBAPIError as exc:
        engine.dispose()
        raise connection_error(exc, engine.url) from exc


def connection_error(exc: Exception, url: URL) -> UserError:
    """The one-line message for a failed connection to ``url``."""
    detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
    lowered = detail.lower()
    where = display(url)
    logger.info("connecting to %s failed: %s", where, detail)
    if "no password supplied" in lowered or "password authentication failed" in lowered:
        wrong = "password authentication failed" in lowered
        who = url.username or "this user"
        if wrong:
            return PasswordNeeded(f"The server at {where} refused the password of {who}.")
        return PasswordNeeded(
            f"The server at {where} asks {who} for a password; none was given (libpq's "
            ".pgpass, PGPASSWORD or a prompt supply one)."
        )
    if "does not exist" in lowered and "database" in lowered:
        return UserError(f"There is no database {url.database!r} on the server at {where}.")
    if "role" in lowered and "does not exist" in lowered:
        return UserError(
            f"The server at {where} has no user {url.username or ''!r}.".replace(" ''", "")
        )
    if "permission denied for database" in lowered or "connect privilege" in lowered:
        return UserError(
            f"You may not use the class library at {where}: your user is not in this class."
        )
    if "pg_hba.conf" in lowered:
        return UserError(
            f"The server at {where} does not accept connections from this machine or user "
            "(its pg_hba.conf has no entry for them)."
        )
    if "ssl" in lowered or "certificate" in lowered:
        return UserError(f"A secure (TLS) connection to {where} failed: {detail.rstrip('.')}.")
    if "translate host name" in lowered or "name or service not known" in lowered:
        return UserError(f"The server name in {where} is unknown (check the spelling).")
    if "timeout" in lowered or "refused" in lowered or "no such file" in lowered:
        return UserError(
            f"No PostgreSQL server answers at {where}; is it running and is the address right?"
        )
    return UserError(f"Cannot use the class library at {where}: {detail.rstrip('.')}.")


def describe_server_error(exc: Exception) -> str:
    """One line for an error during a class library action (rights, lost connection)."""
    detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
    lowered = detail.lower()
    if "row-level security" in lowered or "permission denied" in lowered:
        return "you may not change that in this class library (the server refused it)."
    if "server closed the connection" in lowered or ("connection" in lowered and "lost" in lowered):
        return "the connection to the class library's server was lost; try again."
    return detail.split(" DETAIL:", 1)[0].rstrip(".") + "."


def url_password(location: str) -> str | None:
    """The password written in a URL itself (None if it has none or is malformed)."""
    try:
        password = make_url(location).password
        return None if password is None else str(password)
    except ArgumentError:
        return None
