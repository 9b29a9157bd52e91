"""The Sources part: add pasted text or one file as a source, edit its citation and text, delete.

Folders, Word and Kialo files go through ``imports.Imports``, which calls ``import_file`` here
for an article.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import DBAPIError

from debateprep import importers
from debateprep.errors import UserError
from debateprep.facade import lookup, removal
from debateprep.facade.validation import clean_text
from debateprep.importers import ImportedDocument, fetch
from debateprep.importers.html import source_url_in
from debateprep.records import DeletedRows, ImportOutcome, ImportStatus, SourceRecord
from debateprep.storage.convert import (
    CITE_FIELDS,
    dump_spans,
    forget_pages,
    load_spans,
    source_record,
)
from debateprep.storage.models import Card, Source
from debateprep.storage.store import Store
from debateprep.text.pages import dump_pages

logger = logging.getLogger(__name__)


def _never() -> bool:
    return False


SOURCE_FIELDS = ("title", "author", "qualifications", "outlet", "date", "url", "accessed", "lean")


# Built once: the duplicate check runs for every imported file.
_PASTED = "Pasted text"  # the stand-in file name: titles fall back to it
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


def duplicate_message(path: Path | str, existing: SourceRecord) -> str:
    """What every import says of a file (or URL) whose text is already in the library."""
    name = path.name if isinstance(path, Path) else path
    return f"{name}: already in the library as “{existing.title}”."


def _duplicate(name: str, where: str, existing: SourceRecord) -> ImportOutcome:
    return ImportOutcome(
        path=where,
        status=ImportStatus.DUPLICATE,
        message=duplicate_message(name, existing),
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

    def paste_source(self, text: str = "", *, html: str = "", url: str = "") -> SourceRecord:
        """Add what the clipboard holds as a new source (F2): a browser's HTML cleaned by the
        HTML importer (its metadata kept), else plain text; ``url`` or a page address found in
        the HTML becomes the source's URL. One transaction; the same text twice is refused.
        """
        document = None
        if html.strip():
            try:
                document = importers.parse_document(html.encode("utf-8"), _PASTED + ".html")
            except UserError:
                if not text.strip():
                    raise
        if document is None:
            if not text.strip():
                raise UserError("The clipboard holds no text; copy an article's text first.")
            document = importers.parse_document(text.encode("utf-8"), _PASTED + ".txt")
        url = url.strip() or (source_url_in(html) if html else "") or document.url
        fields = {name: getattr(document, name) for name in SOURCE_FIELDS}
        fields["url"] = url if url.lower().startswith(("http://", "https://")) else ""
        return self.add_source(document.text, origin="Pasted", **fields)

    def import_file(self, path: Path) -> ImportOutcome:
        """Import one file; a file whose text is already present is reported, not duplicated.

        Raises UserError for a file that cannot be read as a source.
        """
        return self._store_imported(importers.read_document(path), path.name, str(path))

    def import_url(self, url: str, *, cancelled: Callable[[], bool] = _never) -> ImportOutcome:
        """Fetch a web page, PDF or text file and store it as a source, in one transaction.

        The source keeps the final URL (after redirects) and today's date as its access
        date; a page whose text is already a source is reported as a duplicate. Every
        failure (offline, 404, too big, not a document) is a one-line UserError, nothing
        stored. ``cancelled`` is polled while the download runs.
        """
        fetched = fetch.fetch_url(url, cancelled=cancelled)
        try:
            document = importers.parse_document(fetched.data, fetched.name, charset=fetched.charset)
        except UserError as exc:
            # The importer names the made-up file name; the student knows the address.
            message = exc.message.replace(fetched.name, fetched.url, 1)
            raise UserError(message) from None
        document = dataclasses.replace(
            document, url=fetched.url, accessed=date.today().isoformat(), origin=fetched.url
        )
        return self._store_imported(document, fetched.url, fetched.url)

    def _store_imported(self, document: ImportedDocument, name: str, where: str) -> ImportOutcome:
        """Store an imported document in one transaction, or report the source with its text.

        ``name`` is how messages name it (a file name, a URL); ``where`` is the outcome's path.
        """
        digest = content_hash(document.text)

        def fields() -> dict[str, str]:
            # Checked only once the text is known to be new, as a duplicate is reported
            # whatever its metadata.
            try:
                cleaned = clean_metadata({key: getattr(document, key) for key in SOURCE_FIELDS})
            except UserError as exc:  # "The title is too long": say which file's
                said = exc.message[:1].lower() + exc.message[1:]
                raise UserError(f"{name}: {said}") from None
            if not document.text.strip():
                raise UserError("The source has no text.")
            return cleaned

        try:
            # One transaction checks for the text and inserts it: a separate read first
            # cost as much again per file in a folder import.
            pages = dump_pages(document.page_starts, document.page_labels)
            record = self._insert_source(
                document.text, document.origin, fields, digest, pages, hidden=document.hidden
            )
        except AlreadyPresent as exc:
            return _duplicate(name, where, exc.source)
        except UserError:
            # The write could not even start (a read-only library, a full disk): a file that
            # is already there is still reported as such, as when we only read to check.
            existing = source_with_hash(self._store, digest)
            if existing is None:
                raise
            return _duplicate(name, where, existing)
        message = f"{name}: imported as “{record.title}”."
        if document.warnings:
            # Imported, but the user should check something (front matter read leniently...).
            message += " Warning: " + " ".join(document.warnings)
        return ImportOutcome(
            path=where, status=ImportStatus.IMPORTED, message=message, source=record
        )

    def _insert_source(
        self,
        text: str,
        origin: str,
        fields: Callable[[], dict[str, str]],
        digest: str | None = None,
        pages: str = "",
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
            source = Source(text=text, content_hash=digest, origin=origin, pages=pages, **fields())
            source.hidden = dump_spans(hidden)
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
            source.pages = ""  # the page offsets were for the old text
            forget_pages(tx.session, source.id)
            tx.touch_source(source.id)
            record = _with_count(source)
        return record

    def delete_source(self, source_id: int, *, with_cards: bool = False) -> DeletedRows:
        """Delete a source; with ``with_cards`` its evidence cards (their links and brief
        places) go too, else a quoted source is refused. The result lets undo restore it."""
        with self._store.write() as tx:
            source = lookup.source(tx.session, source_id)
            card_ids = list(tx.session.scalars(select(Card.id).where(Card.source_id == source_id)))
            count = len(card_ids)
            if count and not with_cards:
                raise UserError(
                    f"“{source.title}” is quoted by {count} evidence card"
                    f"{'s' if count != 1 else ''}; delete those cards first."
                )
            deleted = removal.take(tx, source.title, card_ids=card_ids, source_id=source_id)
        return deleted

    def restore_source(self, deleted: DeletedRows) -> None:
        """Undo ``delete_source``: the same source, cards, links and brief items come back."""
        with self._store.write() as tx:
            removal.restore(tx, deleted)

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
            Source.hidden,
        ).order_by(func.lower(Source.title), Source.id)
        with self._store.read() as session:
            rows = [row._asdict() for row in session.execute(query)]
        # The hidden lines' spans are short; the starter's sources have some (READ MORE links).
        return [SourceRecord(**{**row, "hidden": load_spans(row["hidden"])}) for row in rows]

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
