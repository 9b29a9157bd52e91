"""Deleting a source, a motion or a brief with everything hanging on it, and putting it back.

A deletion copies every row it removes, column by column (so columns a later schema adds come
back too), then deletes them in one transaction. Restoring inserts the same rows with the same
ids, parents first; a link or brief item whose other end went away meanwhile is skipped, as
``restore_card`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, insert, select

from debateprep.errors import UserError
from debateprep.records import DeletedRows
from debateprep.storage.models import (
    Brief,
    BriefItem,
    BriefSection,
    Card,
    CardLabel,
    Link,
    Motion,
    Source,
)
from debateprep.storage.store import WriteTx

# Parents before children: the order rows are restored in (and deleted in reverse).
_ORDER: tuple[Any, ...] = (Source, Motion, Card, CardLabel, Link, Brief, BriefSection, BriefItem)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def take(
    tx: WriteTx,
    title: str,
    *,
    card_ids: Sequence[int],
    source_id: int | None = None,
    motion_id: int | None = None,
    brief_ids: Sequence[int] = (),
) -> DeletedRows:
    """Copy, then delete: the source or motion, these cards, their labels, links and brief
    items, these briefs and the motion's, with their sections."""
    session = tx.session
    cards = list(card_ids)
    briefs = list(brief_ids)
    if motion_id is not None:
        briefs += session.scalars(select(Brief.id).where(Brief.motion_id == motion_id))
    section_ids = list(
        session.scalars(select(BriefSection.id).where(BriefSection.brief_id.in_(briefs)))
    )
    where: dict[Any, ColumnElement[bool]] = {
        Source: Source.id == (source_id if source_id is not None else -1),
        Motion: Motion.id == (motion_id if motion_id is not None else -1),
        Card: Card.id.in_(cards),
        CardLabel: CardLabel.card_id.in_(cards),
        Link: Link.from_id.in_(cards) | Link.to_id.in_(cards),
        Brief: Brief.id.in_(briefs),
        BriefSection: BriefSection.id.in_(section_ids),
        BriefItem: BriefItem.card_id.in_(cards) | BriefItem.section_id.in_(section_ids),
    }
    rows = []
    for model in _ORDER:
        table = _table(model)
        found = session.execute(select(table).where(where[model]).order_by(*table.primary_key))
        rows.append((table.name, tuple(dict(row) for row in found.mappings())))
    for model in reversed(_ORDER):
        session.execute(delete(_table(model)).where(where[model]))
    for card_id in cards:
        tx.drop_card(card_id)
    if source_id is not None:
        tx.drop_source(source_id)
    session.expire_all()  # ORM objects loaded before the deletes must not be flushed
    return DeletedRows(
        title=title, card_ids=tuple(cards), brief_ids=tuple(briefs), rows=tuple(rows)
    )


def restore(tx: WriteTx, deleted: DeletedRows) -> None:
    """Put every row back with its id; UserError if one of them exists again."""
    session = tx.session
    tables = {_table(model).name: _table(model) for model in _ORDER}
    for name, rows in deleted.rows:
        table = tables[name]
        wanted = [dict(row) for row in rows if _ends_exist(tx, name, row)]
        for row in wanted:
            key = [row[column.name] for column in table.primary_key]
            taken = select(*table.primary_key).where(
                *(column == value for column, value in zip(table.primary_key, key, strict=True))
            )
            kept_ids = ("sources", "motions", "cards", "briefs")
            if name in kept_ids and session.execute(taken).first():
                raise UserError(f"Cannot undo: {name[:-1]} {key[0]} exists again.")
        if wanted:
            session.execute(insert(table), wanted)
    for name, rows in deleted.rows:
        for kept in rows:
            if name == "cards":
                tx.touch_card(int(str(kept["id"])))
            elif name == "sources":
                tx.touch_source(int(str(kept["id"])))


def _ends_exist(tx: WriteTx, name: str, row: Any) -> bool:
    """A link needs both cards, a brief item its section and card (one may have gone since);
    a brief its motion (UserError: without it the brief could not be shown)."""
    session = tx.session
    if name == "links":
        ends = (row["from_id"], row["to_id"])
        return all(session.get(Card, card_id) is not None for card_id in ends)
    if name == "briefs" and session.get(Motion, row["motion_id"]) is None:
        raise UserError(f"Cannot undo: the motion of brief “{row['title']}” is gone.")
    if name == "brief_items":
        return (
            session.get(BriefSection, row["section_id"]) is not None
            and session.get(Card, row["card_id"]) is not None
        )
    return True
