"""The Sources part: add pasted text or one file as a source, edit its citation and text, delete.

Folders, Word and Kialo files go through ``imports.Imports``, which calls ``import_file`` here
for an article.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import DBAPIError

from debateprep import importers
from debateprep.errors import UserError
from debateprep.facade import lookup
from debateprep.facade.validation import clean_text
from debateprep.records import ImportOutcome, ImportStatus, SourceRecord
from debateprep.storage.convert import CITE_FIELDS, source_record
from debateprep.storage.models import Card, Source
from debateprep.storage.store import Store

logger = logging.getLogger(__name__)

SOURCE_FIELDS = ("title", "author", "qualifications", "outlet", "date", "url", "accessed", "lean")


# Built once: the duplicate check runs for every imported file.
_BY_HASH = select(Source).where(Source.content_hash == bindparam("digest"))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _with_count(source: Source) -> SourceRecord:
    return source_record(source, len(source.cards))


class AlreadyPresent(Exception):
    """Raised inside a write transaction to roll it back: the text is already a source."""

    def __init__(self, source: SourceRecord) -> None:
        super().__init__(source.title)
        self.source = source


def duplicate_message(path: Path, existing: SourceRecord) -> str:
    """What every import says of a file whose text is already in the library."""
    return f"{path.name}: already in the library as “{existing.title}”."


def _duplicate(path: Path, existing: SourceRecord) -> ImportOutcome:
    return ImportOutcome(
        path=str(path),
        status=ImportStatus.DUPLICATE,
        message=duplicate_message(path, existing),
        source=existing,
    )


def source_with_hash(store: Store, digest: str) -> SourceRecord | None:
    """The source holding exactly this text, or None (also when the library is unreadable)."""
    try:
        with store.read() as session:
            existing = session.scalar(_BY_HASH, {"digest": digest})
            return None if existing is None else source_record(existing)
    except DBAPIError:
        logger.info("could not look for a duplicate after a failed write", exc_info=True)
        return None


def clean_metadata(metadata: dict[str, str]) -> dict[str, str]:
    unknown = set(metadata) - set(SOURCE_FIELDS)
    if unknown:
        raise UserError(f"Unknown source field(s): {', '.join(sorted(unknown))}.")
    return {
        name: clean_text(str(value or ""), name.replace("_", " "))
        for name, value in metadata.items()
    }


class Sources:
    """Source actions; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def sources(self) -> list[SourceRecord]:
        """All sources with their card counts, by title."""
        counts = (
            select(Card.source_id, func.count(Card.id).label("n"))
            .where(Card.source_id.is_not(None))
            .group_by(Card.source_id)
            .subquery()
        )
        query = (
            select(Source, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.source_id == Source.id)
            .order_by(func.lower(Source.title), Source.id)
        )
        with self._store.read() as session:
            return [source_record(source, count) for source, count in session.execute(query)]

    def source(self, source_id: int) -> SourceRecord:
        with self._store.read() as session:
            return _with_count(lookup.source(session, source_id))

    def source_text(self, source_id: int) -> str:
        with self._store.read() as session:
            return lookup.source(session, source_id).text

    def add_source(self, text: str, *, origin: str = "", **metadata: str) -> SourceRecord:
        """Add a source from text (pasted, or read by an importer) with its metadata."""
        fields = clean_metadata(metadata)
        if not text.strip():
            raise UserError("The source has no text.")
        try:
            return self._insert_source(text, origin, lambda: fields)
        except AlreadyPresent as exc:
            raise UserError(
                f"This text is already in the library as “{exc.source.title}” "
                f"(source {exc.source.id})."
            ) from None

    def import_file(self, path: Path) -> ImportOutcome:
        """Import one file; a file whose text is already present is reported, not duplicated.

        Raises UserError for a file that cannot be read as a source.
        """
        document = importers.read_document(path)
        digest = content_hash(document.text)

        def fields() -> dict[str, str]:
            # Checked only once the text is known to be new, as a duplicate is reported
            # whatever its metadata.
            try:
                cleaned = clean_metadata({name: getattr(document, name) for name in SOURCE_FIELDS})
            except UserError as exc:  # "The title is too long": say which file's
                said = exc.message[:1].lower() + exc.message[1:]
                raise UserError(f"{path.name}: {said}") from None
            if not document.text.strip():
                raise UserError("The source has no text.")
            return cleaned

        try:
            # One transaction checks for the text and inserts it: a separate read first
            # cost as much again per file in a folder import.
            record = self._insert_source(
                document.text, document.origin, fields, digest, hidden=document.hidden
            )
        except AlreadyPresent as exc:
            return _duplicate(path, exc.source)
        except UserError:
            # The write could not even start (a read-only library, a full disk): a file that
            # is already there is still reported as such, as when we only read to check.
            existing = source_with_hash(self._store, digest)
            if existing is None:
                raise
            return _duplicate(path, existing)
        message = f"{path.name}: imported as “{record.title}”."
        if document.warnings:
            # Imported, but the user should check something (front matter read leniently...).
            message += " Warning: " + " ".join(document.warnings)
        return ImportOutcome(
            path=str(path), status=ImportStatus.IMPORTED, message=message, source=record
        )

    def _insert_source(
        self,
        text: str,
        origin: str,
        fields: Callable[[], dict[str, str]],
        digest: str | None = None,
        hidden: tuple[tuple[int, int], ...] = (),
    ) -> SourceRecord:
        """Insert a new source in one transaction; ``AlreadyPresent`` rolls it back.

        ``fields`` gives the cleaned metadata; it runs inside the transaction, after the
        duplicate check, and may raise ``UserError``.
        """
        digest = digest or content_hash(text)
        with self._store.write() as tx:
            existing = tx.session.scalar(_BY_HASH, {"digest": digest})
            if existing is not None:
                raise AlreadyPresent(source_record(existing))
            source = Source(text=text, content_hash=digest, origin=origin, **fields())
            source.hidden = json.dumps([list(span) for span in hidden]) if hidden else ""
            if not source.title:
                source.title = origin or "Untitled source"
            tx.session.add(source)
            tx.session.flush()
            tx.touch_source(source.id)
            record = source_record(source)
        return record

    def edit_source(self, source_id: int, **changes: str) -> SourceRecord:
        """Change citation metadata; evidence cites that still carried the old value follow."""
        fields = clean_metadata(changes)
        with self._store.write() as tx:
            source = lookup.source(tx.session, source_id)
            if "title" in fields and not fields["title"]:
                raise UserError("A source needs a title.")
            cards = list(source.cards)
            for name, value in fields.items():
                old = getattr(source, name)
                if old == value:
                    continue
                setattr(source, name, value)
                if name in CITE_FIELDS:
                    for card in cards:
                        if getattr(card, f"cite_{name}") == old:
                            setattr(card, f"cite_{name}", value)
                            tx.touch_card(card.id)
            tx.touch_source(source.id)
            record = _with_count(source)
        return record

    def set_source_text(self, source_id: int, text: str) -> SourceRecord:
        """Replace a source's text. Quotes are never rewritten: ``verify`` reports cards whose
        span no longer matches."""
        if not text.strip():
            raise UserError("The source text cannot be empty.")
        with self._store.write() as tx:
            source = lookup.source(tx.session, source_id)
            digest = content_hash(text)
            other = tx.session.scalar(
                select(Source.id).where(Source.content_hash == digest, Source.id != source_id)
            )
            if other is not None:
                raise UserError(f"Another source (id {other}) already has exactly this text.")
            source.text = text
            source.content_hash = digest
            tx.touch_source(source.id)
            record = _with_count(source)
        return record

    def delete_source(self, source_id: int) -> None:
        with self._store.write() as tx:
            source = lookup.source(tx.session, source_id)
            count = len(source.cards)
            if count:
                raise UserError(
                    f"“{source.title}” is quoted by {count} evidence card"
                    f"{'s' if count != 1 else ''}; delete those cards first."
                )
            tx.session.delete(source)
            tx.drop_source(source_id)

    # -- light listings (the window's long lists) ------------------------------------------

    def source_list(self) -> list[SourceRecord]:
        """The same records as :meth:`sources`, from a column query that never reads the texts.

        Thousands of 700-word articles make loading every ``Source`` row cost a second;
        the text's length comes from SQL instead.
        """
        # A correlated count per source (an index lookup each) beats grouping all cards.
        card_count = (
            select(func.count(Card.id)).where(Card.source_id == Source.id).scalar_subquery()
        )
        query = select(
            Source.id,
            Source.title,
            Source.author,
            Source.qualifications,
            Source.outlet,
            Source.date,
            Source.url,
            Source.accessed,
            Source.lean,
            Source.origin,
            Source.content_hash,
            func.length(Source.text).label("length"),
            card_count.label("card_count"),
        ).order_by(func.lower(Source.title), Source.id)
        with self._store.read() as session:
            return [SourceRecord(**row._asdict()) for row in session.execute(query)]

    def first_source_id(self) -> int | None:
        """The oldest source, which a new window opens in the reader (None: no sources)."""
        with self._store.read() as session:
            return session.scalar(select(func.min(Source.id)))

    def source_titles(self) -> list[tuple[int, str]]:
        """(id, title) of every source, by title: what a chooser of sources lists, nothing
        else read (no texts, no card counts)."""
        query = select(Source.id, Source.title).order_by(func.lower(Source.title), Source.id)
        with self._store.read() as session:
            return [(source_id, title) for source_id, title in session.execute(query)]
