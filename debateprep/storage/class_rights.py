"""A student's write checked before it reaches the server, for a clear one-line message.

The server decides (``class_roles``: its row-level security refuses, or silently skips, a
student's change to somebody else's row); this check only says why first, in words: "This
card is maria's; ...". It watches every write session of a student's class library: the
rows a flush would write, and the rows a bulk UPDATE or DELETE would touch (deleting a
source, motion or brief with what hangs on it), so every facade action is covered without
each one asking, and a deletion is never left half done by rows the server skips.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from debateprep.errors import UserError
from debateprep.storage.models import (
    AliasEdit,
    Brief,
    BriefItem,
    BriefSection,
    Card,
    CardLabel,
    Link,
    Motion,
    Source,
)

_KINDS: dict[str, str] = {
    "cards": "card",
    "links": "link",
    "briefs": "brief",
    "sources": "source",
    "motions": "motion",
}
_FIRST: dict[type, int] = {Source: 0, Motion: 1, Brief: 2, Link: 3, Card: 4}
LOCKED = (
    "The teacher locked this motion; it and its cards stay as they are until the teacher "
    "unlocks it."
)
ALIASES = "Only the teacher edits the class's search aliases (they change everybody's search)."


def not_yours(kind: str, owner: str) -> str:
    whose = f"{owner}'s" if owner else "not yours"
    return (
        f"This {kind} is {whose}; in a class library you change only your own cards, links "
        "and briefs."
    )


def guard_student_writes(factory: sessionmaker[Session], user: str) -> None:
    """Every session ``factory`` makes refuses what the server would refuse ``user`` (a
    student): changing others' rows, the aliases, or anything of a locked motion."""

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        connection = session.connection()
        changed = [obj for obj in session.dirty if session.is_modified(obj)]
        touched = [(obj, True) for obj in session.new]
        touched += [(obj, False) for obj in [*changed, *session.deleted]]
        # The thing the action is about first (a source edit rewrites its cards' cites too).
        touched.sort(key=lambda pair: _FIRST.get(type(pair[0]), len(_FIRST)))
        with session.no_autoflush:
            for obj, new in touched:
                _check_object(connection, obj, user, new=new)

    def before_statement(state: ORMExecuteState) -> None:
        if state.is_update or state.is_delete:
            statement: Any = state.statement
            table = statement.table
            # A bulk delete's labels, links, sections and items go with cards or briefs
            # checked in their own statement (the server's cascade removes them regardless).
            if isinstance(table, Table) and (state.is_update or table.name in _KINDS):
                found = select(table)
                if statement.whereclause is not None:
                    found = found.where(statement.whereclause)
                connection = state.session.connection()
                rows = connection.execute(found).mappings().all()
                for row in rows:
                    _check_row(connection, table.name, row, user)

    # Registered after authorship's stamping: a new row's owner is filled in when we look.
    event.listen(factory, "before_flush", before_flush)
    event.listen(factory, "do_orm_execute", before_statement)


def _check_object(connection: Connection, obj: object, user: str, *, new: bool) -> None:
    """An ORM object about to be written: as the database holds it, and as it will be."""
    table: Table | None = getattr(obj, "__table__", None)
    if table is None:
        return
    if isinstance(obj, CardLabel | BriefSection | BriefItem) and None in _parent_keys(obj):
        return  # a new card's labels, a new brief's sections: the parent itself is checked
    after = {column.name: getattr(obj, column.key) for column in table.columns}
    if not new:
        before = {name: _committed(obj, name) for name in after}
        _check_row(connection, table.name, before, user)
    if isinstance(obj, Motion) and obj.locked:
        raise UserError("Only the teacher locks a motion.")
    _check_row(connection, table.name, after, user)


def _parent_keys(obj: CardLabel | BriefSection | BriefItem) -> tuple[int | None, ...]:
    if isinstance(obj, CardLabel):
        return (obj.card_id,)
    if isinstance(obj, BriefSection):
        return (obj.brief_id,)
    return (obj.section_id,)


def _committed(obj: object, name: str) -> Any:
    """The value the database holds (before this session changed it)."""
    history = inspect(obj).attrs[name].history  # attribute names are the column names
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return getattr(obj, name)


def _check_row(connection: Connection, table: str, row: Any, user: str) -> None:
    """Refuse (one line) a write of this row of ``table`` the server would refuse ``user``."""
    if table == AliasEdit.__tablename__:
        raise UserError(ALIASES)
    if table == "motions" and row["locked"]:
        raise UserError(LOCKED)
    if table == "cards" and _locked(connection, [row["motion_id"]]):
        raise UserError(LOCKED)
    if table in _KINDS:
        if row["owner"] != user:
            raise UserError(not_yours(_KINDS[table], row["owner"] or ""))
    elif table == "card_labels":
        _check_parents(connection, "cards", Card.__table__, [row["card_id"]], user)
    elif table == "brief_sections":
        _check_parents(connection, "briefs", Brief.__table__, [row["brief_id"]], user)
    elif table == "brief_items":
        briefs = connection.scalars(
            select(BriefSection.brief_id).where(BriefSection.id == row["section_id"])
        ).all()
        _check_parents(connection, "briefs", Brief.__table__, briefs, user)


def _check_parents(
    connection: Connection, name: str, table: Any, ids: Iterable[int | None], user: str
) -> None:
    wanted = [key for key in ids if key is not None]
    for parent in connection.execute(select(table).where(table.c.id.in_(wanted))).mappings():
        _check_row(connection, name, parent, user)


def _locked(connection: Connection, motion_ids: Iterable[int | None]) -> bool:
    wanted = [key for key in motion_ids if key is not None]
    if not wanted:
        return False
    found = select(Motion.id).where(Motion.id.in_(wanted), Motion.locked == 1).limit(1)
    return connection.execute(found).first() is not None
