"""Source actions: import files, add pasted text, edit citation metadata and text, delete."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Generator, Iterable
from pathlib import Path

from sqlalchemy import func, select

from debateprep import importers
from debateprep.actions.base import ActionsBase
from debateprep.convert import CITE_FIELDS, source_record
from debateprep.errors import UserError
from debateprep.models import Card, Source
from debateprep.records import ImportOutcome, ImportProgress, ImportStatus, SourceRecord
from debateprep.validation import clean_text

logger = logging.getLogger(__name__)

SOURCE_FIELDS = ("title", "author", "qualifications", "outlet", "date", "url", "accessed", "lean")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _with_count(source: Source) -> SourceRecord:
    return source_record(source, len(source.cards))


class SourceActions(ActionsBase):
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
            return _with_count(self._source(session, source_id))

    def source_text(self, source_id: int) -> str:
        with self._store.read() as session:
            return self._source(session, source_id).text

    def add_source(self, text: str, *, origin: str = "", **metadata: str) -> SourceRecord:
        """Add a source from text (pasted, or read by an importer) with its metadata."""
        fields = self._clean_metadata(metadata)
        if not text.strip():
            raise UserError("The source has no text.")
        with self._store.write() as tx:
            digest = content_hash(text)
            existing = tx.session.scalar(select(Source).where(Source.content_hash == digest))
            if existing is not None:
                raise UserError(
                    f"This text is already in the library as “{existing.title}” "
                    f"(source {existing.id})."
                )
            source = Source(text=text, content_hash=digest, origin=origin, **fields)
            if not source.title:
                source.title = origin or "Untitled source"
            tx.session.add(source)
            tx.session.flush()
            tx.touch_source(source.id)
            record = source_record(source)
        return record

    def import_file(self, path: Path) -> ImportOutcome:
        """Import one file; a file whose text is already present is reported, not duplicated.

        Raises UserError for a file that cannot be read as a source.
        """
        document = importers.read_document(path)
        with self._store.read() as session:
            existing = session.scalar(
                select(Source).where(Source.content_hash == content_hash(document.text))
            )
            if existing is not None:
                return ImportOutcome(
                    path=str(path),
                    status=ImportStatus.DUPLICATE,
                    message=f"{path.name}: already in the library as “{existing.title}”.",
                    source=source_record(existing),
                )
        metadata = {name: getattr(document, name) for name in SOURCE_FIELDS}
        record = self.add_source(document.text, origin=document.origin, **metadata)
        return ImportOutcome(
            path=str(path),
            status=ImportStatus.IMPORTED,
            message=f"{path.name}: imported as “{record.title}”.",
            source=record,
        )

    def import_paths(self, paths: Iterable[Path]) -> Generator[ImportProgress, None, None]:
        """Import files and folders one file (one transaction) at a time, yielding progress.

        Stop iterating to cancel: files already reported stay imported, nothing is half-done.
        """
        files = importers.collect_files(paths)
        for done, path in enumerate(files, start=1):
            try:
                outcome = self._import_one(path)
            except UserError as exc:
                outcome = ImportOutcome(
                    path=str(path), status=ImportStatus.FAILED, message=exc.message
                )
            yield ImportProgress(done=done, total=len(files), outcome=outcome)

    def _import_one(self, path: Path) -> ImportOutcome:
        """One file of ``import_paths``; the Library also recognises Word and Kialo files."""
        return self.import_file(path)

    def edit_source(self, source_id: int, **changes: str) -> SourceRecord:
        """Change citation metadata; evidence cites that still carried the old value follow."""
        fields = self._clean_metadata(changes)
        with self._store.write() as tx:
            source = self._source(tx.session, source_id)
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
            source = self._source(tx.session, source_id)
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
            source = self._source(tx.session, source_id)
            count = len(source.cards)
            if count:
                raise UserError(
                    f"“{source.title}” is quoted by {count} evidence card"
                    f"{'s' if count != 1 else ''}; delete those cards first."
                )
            tx.session.delete(source)
            tx.drop_source(source_id)

    @staticmethod
    def _clean_metadata(metadata: dict[str, str]) -> dict[str, str]:
        unknown = set(metadata) - set(SOURCE_FIELDS)
        if unknown:
            raise UserError(f"Unknown source field(s): {', '.join(sorted(unknown))}.")
        return {
            name: clean_text(str(value or ""), name.replace("_", " "))
            for name, value in metadata.items()
        }
