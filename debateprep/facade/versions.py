"""Nobody's edit is lost: an edit names the version it saw, and a save over a newer change
(or over a deletion) is refused with who made it and when.

An edit given ``expected_version`` reads its row with a row lock (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's write transaction already holds the whole file), so of two saves based on
the same version exactly one wins and the other is refused here with both versions, never by
a bare stale-row error. Edits without a version (the CLI, undo steps) save as before.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NoReturn, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from debateprep.errors import ConflictError, UserError
from debateprep.facade import lookup
from debateprep.records import CardRecord
from debateprep.storage.models import Brief, Card, ChangeLog
from debateprep.storage.store import Store

R = TypeVar("R")
Row = TypeVar("Row", Card, Brief)
ME = "you (another window)"
SOMEBODY = "somebody"


def local_time(at: str, now: datetime | None = None) -> str:
    """A stored UTC time as the user reads it: "14:05" today, "14:05 on 2 Dec 2026" on
    another day (local time); "" when unknown or unreadable."""
    try:
        moment = datetime.fromisoformat(at).astimezone()
    except ValueError:
        return ""
    today = (now or datetime.now().astimezone()).date()
    clock = moment.strftime("%H:%M")
    if moment.date() == today:
        return clock
    return f"{clock} on {moment.day} {moment:%b %Y}"


def who(name: str, store: Store) -> str:
    """The name to show for the writer of a change: "you (another window)" for ourselves."""
    if name == store.user and name:
        return ME
    return name or SOMEBODY


def message(name: str, what: str, at: str, deleted: bool = False) -> str:
    """ "Ana changed this card at 14:05" (one line; the time left out when unknown)."""
    when = local_time(at) if at else ""
    verb = "deleted" if deleted else "changed"
    if name in (ME, SOMEBODY):
        name = name.capitalize()  # a database user's name is shown exactly as spelled
    return f"{name} {verb} this {what}" + (f" at {when}" if when else "") + "."


def refuse(store: Store, what: str, theirs: R, mine: R, by: str, at: str, version: int) -> NoReturn:
    """Raise the conflict of a save based on an older version (the transaction rolls back)."""
    raise ConflictError(message(who(by, store), what, at), mine, theirs, version)


def refuse_card(store: Store, theirs: CardRecord, mine: CardRecord) -> NoReturn:
    refuse(store, "card", theirs, mine, theirs.updated_by, theirs.updated_at, theirs.version)


def deleted(store: Store, session: Session, what: str, key: str | None) -> ConflictError[R]:
    """The conflict of a save whose row is gone; the change log names who deleted a card."""
    by, at = "", ""
    if key is not None:
        row = session.execute(
            select(ChangeLog.actor, ChangeLog.at)
            .where(ChangeLog.deletes.contains(json.dumps(key)))
            .order_by(ChangeLog.counter.desc())
            .limit(1)
        ).first()
        if row is not None:
            by, at = row
    if not by and not store.is_server:
        by = store.user  # a personal library: only its owner's windows write to it
    return ConflictError(message(who(by, store), what, at, deleted=True), None, None, None)


def card_for_edit(store: Store, session: Session, card_id: int, expected: int | None) -> Card:
    """The card to edit; with ``expected``, locked for this transaction, and a deletion since
    the caller read it is a conflict rather than "no such card"."""
    if expected is None:
        return lookup.card(session, card_id)
    row = _locked(store, session, Card, card_id, "card", [selectinload(Card.labels)])
    if row is None:
        raise deleted(store, session, "card", f"card:{card_id}")
    return row


def brief_for_edit(store: Store, session: Session, brief_id: int, expected: int | None) -> Brief:
    """The brief to change, locked like ``card_for_edit`` when a version is expected."""
    if expected is None:
        return lookup.brief(session, brief_id)
    row = _locked(store, session, Brief, brief_id, "brief", [])
    if row is None:
        raise deleted(store, session, "brief", None)
    return row


def _locked(
    store: Store, session: Session, model: type[Row], row_id: int, what: str, options: list[Any]
) -> Row | None:
    """The row read with ``FOR UPDATE``; None when it is gone.

    A class library's row-level security applies its UPDATE policy to ``FOR UPDATE``: a row
    the user may read but not change is left out rather than refused. That is not a deletion:
    say whose it is instead.
    """
    row = session.get(model, row_id, options=options, with_for_update=True, populate_existing=True)
    if row is None and store.is_server:
        visible = session.get(model, row_id)
        if visible is not None:
            owner = getattr(visible, "owner", "") or "somebody else"
            raise UserError(
                f"The class library does not let you change this {what}: it is {owner}'s."
            )
    return row


def is_stale(version: int, expected: int | None) -> bool:
    return expected is not None and version != expected
