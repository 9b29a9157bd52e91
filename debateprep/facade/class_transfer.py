"""Moving work between a personal library file and a class library.

``push`` copies a student's own library into the class in one transaction: a source whose
text the class already has is merged (its cards point at the class's copy, the same offsets
since the text is byte for byte the same), a motion with the same resolution is the same
motion, and everything new becomes the pusher's own. A card the class already holds (the same
claim or the same cut, pushed before or from the starter map both began with) is not copied
again, so pushing the same library twice adds nothing the second time. ``pull`` takes a
snapshot of the whole class (one consistent read) into a new library file that opens
offline, ids and all.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, insert, select
from sqlalchemy.orm import Session

from debateprep.errors import UserError
from debateprep.facade.starter import STARTER_FLAG
from debateprep.storage import db, library_file
from debateprep.storage.models import (
    Brief,
    BriefItem,
    BriefSection,
    Card,
    CardLabel,
    Link,
    Meta,
    Motion,
    Source,
)
from debateprep.storage.store import Store, WriteTx
from debateprep.text.plural import plural

# Parents before children: the order rows are copied in.
_TABLES: tuple[Any, ...] = (Source, Motion, Card, CardLabel, Link, Brief, BriefSection, BriefItem)
# Bookkeeping a pushed row gets afresh in the class (who owns it, its version there).
_FRESH = {"id", "owner", "version", "updated_by"}


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push added and what it found already in the class."""

    sources_added: int = 0
    sources_merged: int = 0
    motions_added: int = 0
    cards_added: int = 0
    cards_present: int = 0
    links_added: int = 0
    briefs_added: int = 0

    def summary(self) -> str:
        merged = f" ({self.sources_merged} already in the class)" if self.sources_merged else ""
        present = (
            f"; {plural(self.cards_present, 'card')} already there" if self.cards_present else ""
        )
        return (
            f"Pushed {plural(self.cards_added, 'card')}, "
            f"{plural(self.sources_added + self.sources_merged, 'source')}{merged}, "
            f"{plural(self.links_added, 'link')}, {plural(self.briefs_added, 'brief')} and "
            f"{plural(self.motions_added, 'new motion')}{present}."
        )


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _rows(session: Session, model: Any) -> list[dict[str, Any]]:
    table = _table(model)
    found = session.execute(select(table).order_by(*table.primary_key))
    return [dict(row) for row in found.mappings()]


def _read_local(path: Path) -> dict[Any, list[dict[str, Any]]]:
    """Every row of a personal library, read without changing its file."""
    if not path.is_file():
        raise UserError(f"There is no library file at {path}.")
    library_file.refuse_unusable_file(path)
    engine = db.create_library_engine(path, read_only=True)
    try:
        db.prepare_schema(engine, path, read_only=True)
        with Session(engine) as session, session.begin():
            return {model: _rows(session, model) for model in _TABLES}
    finally:
        engine.dispose()


def _fields(row: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in _FRESH} | changes


class ClassTransfer:
    """Push a library file into the class library; pull a snapshot of it into a file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _require_class(self) -> None:
        if not self._store.is_server:
            raise UserError("Push and pull work on a class library (--library postgresql://...).")

    def push(self, local: Path) -> PushReport:
        """Copy the personal library ``local`` into this class library (one transaction)."""
        self._require_class()
        rows = _read_local(local)
        with self._store.write() as tx:
            sources, merged = self._push_sources(tx, rows[Source])
            motions, motions_added = self._push_motions(tx, rows[Motion])
            cards, present = self._push_cards(tx, rows, sources, motions)
            links = self._push_links(tx, rows[Link], cards)
            briefs = self._push_briefs(tx, rows, motions, cards)
        return PushReport(
            sources_added=len(sources) - merged,
            sources_merged=merged,
            motions_added=motions_added,
            cards_added=len(cards) - present,
            cards_present=present,
            links_added=links,
            briefs_added=briefs,
        )

    def _push_sources(self, tx: WriteTx, rows: list[dict[str, Any]]) -> tuple[dict[int, int], int]:
        mapping: dict[int, int] = {}
        merged = 0
        for row in rows:
            found = tx.session.scalar(
                select(Source.id).where(Source.content_hash == row["content_hash"])
            )
            if found is not None:
                mapping[row["id"]], merged = found, merged + 1
                continue
            source = Source(**_fields(row))
            tx.session.add(source)
            tx.session.flush()
            tx.touch_source(source.id)
            mapping[row["id"]] = source.id
        return mapping, merged

    def _push_motions(self, tx: WriteTx, rows: list[dict[str, Any]]) -> tuple[dict[int, int], int]:
        existing = {
            " ".join(resolution.split()).casefold(): motion_id
            for motion_id, resolution in tx.session.execute(select(Motion.id, Motion.resolution))
        }
        mapping: dict[int, int] = {}
        added = 0
        for row in rows:
            key = " ".join(row["resolution"].split()).casefold()
            if key not in existing:
                motion = Motion(**_fields(row, locked=0))
                tx.session.add(motion)
                tx.session.flush()
                existing[key], added = motion.id, added + 1
            mapping[row["id"]] = existing[key]
        return mapping, added

    def _push_cards(
        self,
        tx: WriteTx,
        rows: dict[Any, list[dict[str, Any]]],
        sources: dict[int, int],
        motions: dict[int, int],
    ) -> tuple[dict[int, int], int]:
        """Each local card as a card of the class (one already pushed is found, not copied)."""
        labels: dict[int, list[str]] = {}
        for row in rows[CardLabel]:
            labels.setdefault(row["card_id"], []).append(row["label"])
        mapping: dict[int, int] = {}
        present = 0
        for row in rows[Card]:
            fields = _fields(
                row,
                source_id=sources.get(row["source_id"]) if row["source_id"] is not None else None,
                motion_id=motions.get(row["motion_id"]) if row["motion_id"] is not None else None,
            )
            # The same card already in the class (pushed before, or the starter map both
            # libraries began with), whoever owns it, is used instead of copied.
            same = select(Card.id).where(
                *(getattr(Card, k) == fields[k] for k in ("kind", "side", "tag", "quote")),
                *(getattr(Card, k).is_(fields[k]) if fields[k] is None else
                  getattr(Card, k) == fields[k] for k in ("source_id", "start", "motion_id")),
            )  # fmt: skip
            found = tx.session.scalar(same.limit(1))
            if found is not None:
                mapping[row["id"]], present = found, present + 1
                continue
            card = Card(**fields)
            card.labels = [CardLabel(label=label) for label in labels.get(row["id"], [])]
            tx.session.add(card)
            tx.session.flush()
            tx.touch_card(card.id)
            mapping[row["id"]] = card.id
        return mapping, present

    def _push_links(self, tx: WriteTx, rows: list[dict[str, Any]], cards: dict[int, int]) -> int:
        added = 0
        for row in rows:
            ends = (cards.get(row["from_id"]), cards.get(row["to_id"]))
            if None in ends:
                continue
            exists = select(Link.id).where(
                Link.kind == row["kind"], Link.from_id == ends[0], Link.to_id == ends[1]
            )
            if tx.session.scalar(exists) is None:
                tx.session.add(Link(kind=row["kind"], from_id=ends[0], to_id=ends[1]))
                added += 1
        return added

    def _push_briefs(
        self,
        tx: WriteTx,
        rows: dict[Any, list[dict[str, Any]]],
        motions: dict[int, int],
        cards: dict[int, int],
    ) -> int:
        sections: dict[int, list[dict[str, Any]]] = {}
        for row in rows[BriefSection]:
            sections.setdefault(row["brief_id"], []).append(row)
        items: dict[int, list[dict[str, Any]]] = {}
        for row in rows[BriefItem]:
            items.setdefault(row["section_id"], []).append(row)
        added = 0
        for row in rows[Brief]:
            motion_id = motions[row["motion_id"]]
            taken = select(Brief.id).where(
                Brief.owner == self._store.user,
                Brief.motion_id == motion_id,
                Brief.title == row["title"],
            )
            if tx.session.scalar(taken) is not None:
                continue  # pushed before
            brief = Brief(**_fields(row, motion_id=motion_id, updated_at=row["updated_at"]))
            brief.sections = [
                BriefSection(
                    **_fields(section, brief_id=None),
                    items=[
                        BriefItem(card_id=cards[item["card_id"]], position=item["position"])
                        for item in items.get(section["id"], [])
                        if item["card_id"] in cards
                    ],
                )
                for section in sections.get(row["id"], [])
            ]
            tx.session.add(brief)
            added += 1
        return added

    def pull(self, out: Path) -> str:
        """Write a snapshot of the whole class library to the new library file ``out``."""
        self._require_class()
        out = library_file.resolve_library_path(out)
        if out.exists():
            raise UserError(f"{out} already exists; choose a new file name for the copy.")
        with self._store.read() as session:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            rows = {model: _rows(session, model) for model in _TABLES}
        library_file.create_new_library(out)
        engine = db.create_library_engine(out)
        try:
            _write_snapshot(engine, rows)
        except BaseException:
            engine.dispose()
            with contextlib.suppress(OSError):
                out.unlink()
            raise
        engine.dispose()
        cards, sources = len(rows[Card]), len(rows[Source])
        return (
            f"Copied {plural(cards, 'card')} and {plural(sources, 'source')} of the class "
            f"library to {out}; it opens offline with `debateprep --library {out}`."
        )


def _write_snapshot(engine: Engine, rows: dict[Any, list[dict[str, Any]]]) -> None:
    with engine.begin() as connection:
        for model in _TABLES:
            if rows[model]:
                connection.execute(insert(_table(model)), rows[model])
        # The copy holds the class's map: no starter content on top of it.
        connection.execute(insert(Meta), [{"key": STARTER_FLAG, "value": "pulled"}])
