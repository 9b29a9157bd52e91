"""Other people in a class library: their changes as they commit, and who is connected.

The window hears each committed change of someone else from the store's change feed (on
the feed's own thread: a GUI hops to its own thread before touching widgets) and shows who
has the class library open, read from the server's ``pg_stat_activity``. A personal library
has nobody else: listening is a no-op and presence is empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from debateprep.errors import UserError
from debateprep.storage.change_feed import ChangeEntry
from debateprep.storage.models import ChangeLog
from debateprep.storage.server import APPLICATION
from debateprep.storage.store import Store

__all__ = ["ChangeEntry", "Connected", "Live", "Presence"]

ChangeListener = Callable[[list[ChangeEntry]], None]


@dataclass(frozen=True, slots=True)
class Connected:
    """One person with the class library open in DebatePrep (a window or a command)."""

    user: str
    since: datetime


@dataclass(frozen=True, slots=True)
class Presence:
    """Who is connected now, and the latest change anyone made (None: none yet)."""

    connected: tuple[Connected, ...] = ()
    last_change: ChangeEntry | None = None


class Live:
    """Other people's changes and presence; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add_change_listener(self, listener: ChangeListener) -> None:
        """``listener(entries)`` hears every committed change made by anyone else (not this
        library's own saves), in order, on a background thread. A personal library: never."""
        if self._store.feed is not None:
            self._store.feed.add_listener(listener)

    def presence(self) -> Presence:
        """Who has this class library open in DebatePrep now (each person once, connected
        since their earliest connection; the search processes are not people) and the
        last change. A personal library: nobody."""
        if not self._store.is_server:
            return Presence()
        try:
            with self._store.read() as session:
                rows = session.execute(
                    text(
                        "SELECT usename, min(backend_start) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND application_name = :app "
                        "AND usename IS NOT NULL GROUP BY usename ORDER BY usename"
                    ),
                    {"app": APPLICATION},
                ).all()
                last = session.scalars(
                    select(ChangeLog).order_by(ChangeLog.counter.desc()).limit(1)
                ).first()
                entry = None if last is None else _entry(last)
        except DBAPIError as exc:
            raise UserError(
                f"Could not ask the server who is connected: {self._store.describe_error(exc)}"
            ) from exc
        return Presence(tuple(Connected(str(user), since) for user, since in rows), entry)


def _entry(row: ChangeLog) -> ChangeEntry:
    upserts, deletes = json.loads(row.upserts), json.loads(row.deletes)
    return ChangeEntry(row.counter, row.actor, row.at, row.summary, tuple(upserts), tuple(deletes))
