"""A Verbatim .docx in as evidence cards (the way out is ``Exports.export_brief_docx``).

An import is one transaction: the document's card texts become one source, every card an
evidence card quoting its exact span of it, and, when a motion is named, a brief whose sections
follow the file's blocks. A file already imported (the same card texts) is reported, not
duplicated; a file that cannot be read changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from debateprep.errors import UserError
from debateprep.facade import lookup
from debateprep.facade.sources import (
    AlreadyPresent,
    content_hash,
    duplicate_message,
    source_with_hash,
)
from debateprep.facade.validation import MAX_TAG_LENGTH, check_highlights, parse_side
from debateprep.importers.verbatim_cards import VerbatimCard, VerbatimDocument
from debateprep.records import BriefRecord, CardKind, CardRecord, ImportStatus, Side, SourceRecord
from debateprep.storage.convert import (
    CITE_FIELDS,
    SPEAKER_FIELDS,
    brief_record,
    card_record,
    dump_highlights,
    motion_record,
    source_record,
)
from debateprep.storage.models import Brief, BriefItem, BriefSection, Card, Motion, Source
from debateprep.storage.store import Store, WriteTx

# A cite field longer than this is not a field (the card editor refuses it too).
_MAX_FIELD = 2000
_UNTITLED_SECTION = "Cards"


@dataclass(frozen=True, slots=True)
class VerbatimImport:
    """What importing one Verbatim file did."""

    path: str
    status: ImportStatus
    message: str
    source: SourceRecord | None = None
    cards: tuple[CardRecord, ...] = ()
    brief: BriefRecord | None = None
    skipped: int = 0  # tags without a cite and card text (analytics), not imported


def import_verbatim(
    store: Store,
    path: Path,
    *,
    motion_id: int | None = None,
    side: str | Side = Side.A,
    make_brief: bool = True,
    first_motion: bool = False,
) -> VerbatimImport:
    """Import a Verbatim .docx: one source, its evidence cards for ``side``, and a brief.

    The cards join ``motion_id`` (none: they belong to no motion and no brief is made, unless
    ``first_motion`` asks for the library's first motion, looked up in the same transaction).
    Raises UserError for a file that is not a readable Word file of cards. One transaction:
    the duplicate check, the source, its cards and the brief are stored together or not at all.
    """
    from debateprep.importers.verbatim_docx import read_verbatim_docx  # lxml: when asked

    document = read_verbatim_docx(path)
    digest = content_hash(document.text)
    try:
        with store.write() as tx:
            existing = tx.session.scalar(select(Source).where(Source.content_hash == digest))
            if existing is not None:
                raise AlreadyPresent(source_record(existing))  # rolls back: nothing changed
            if motion_id is None and first_motion:
                motion_id = tx.session.scalar(select(Motion.id).order_by(Motion.id).limit(1))
            result = _store_document(tx, path, document, digest, motion_id, side, make_brief)
    except AlreadyPresent as exc:
        return _duplicate(path, exc.source)
    except UserError:
        # The write could not start (a read-only library): a file already there is still
        # reported as such.
        known = source_with_hash(store, digest)
        if known is None:
            raise
        return _duplicate(path, known)
    return result


def _duplicate(path: Path, existing: SourceRecord) -> VerbatimImport:
    return VerbatimImport(
        path=str(path),
        status=ImportStatus.DUPLICATE,
        message=duplicate_message(path, existing),
        source=existing,
    )


def _store_document(
    tx: WriteTx,
    path: Path,
    document: VerbatimDocument,
    digest: str,
    motion_id: int | None,
    side: str | Side,
    make_brief: bool,
) -> VerbatimImport:
    """Add the source, its cards and (with a motion) the brief inside ``tx``."""
    motion = None if motion_id is None else lookup.motion(tx.session, motion_id)
    side_value = parse_side(side, motion_record(motion) if motion else None)
    source = Source(
        text=document.text,
        content_hash=digest,
        title=document.title,
        origin=path.name,
    )
    tx.session.add(source)
    tx.session.flush()
    tx.touch_source(source.id)
    position = lookup.next_position(tx.session, motion_id, side_value.value)
    cards = [
        _card(found, source.id, motion_id, side_value, position + offset)
        for offset, found in enumerate(document.cards)
    ]
    tx.session.add_all(cards)
    tx.session.flush()
    for card in cards:
        tx.touch_card(card.id)
    brief = None
    if motion is not None and make_brief:
        brief = _brief(motion.id, side_value, document.title, document.cards, cards)
        tx.session.add(brief)
        tx.session.flush()
    return VerbatimImport(
        path=str(path),
        status=ImportStatus.IMPORTED,
        message=_message(path.name, document.title, len(cards), document.skipped),
        source=source_record(source, len(cards)),
        cards=tuple(card_record(card) for card in cards),
        brief=brief_record(brief) if brief is not None else None,
        skipped=document.skipped,
    )


def _line(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters (an ellipsis marks a cut)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _card(
    found: VerbatimCard, source_id: int, motion_id: int | None, side: Side, position: int
) -> Card:
    tag = _line(found.tag, MAX_TAG_LENGTH) or "Untitled card"
    notes = [found.notes] if found.notes else []
    if tag != " ".join(found.tag.split()):
        notes.insert(0, f"Full tag: {found.tag}")
    names = (*CITE_FIELDS, *SPEAKER_FIELDS)  # a quoted speaker's cite reads back too
    fields = {name: _line(getattr(found.cite, name), _MAX_FIELD) for name in names}
    if not found.cite_exact or any(
        value != " ".join(getattr(found.cite, name).split()) for name, value in fields.items()
    ):
        # The fields are a guess: keep the cite as the file has it, so nothing is lost.
        notes.append(f"Cite as written: {found.cite_line}")
    speaker = {name: fields.pop(name) for name in SPEAKER_FIELDS}
    card = Card(
        kind=CardKind.EVIDENCE.value,
        side=side.value,
        tag=tag,
        notes="\n\n".join(notes).strip(),
        motion_id=motion_id,
        position=position,
        source_id=source_id,
        start=found.start,
        end=found.end,
        quote=found.quote,
        highlights=dump_highlights(check_highlights(found.quote, found.highlights)),
        **{f"cite_{name}": value for name, value in fields.items()},
        **speaker,
    )
    card.labels = []
    return card


def _brief(
    motion_id: int, side: Side, title: str, found: tuple[VerbatimCard, ...], cards: list[Card]
) -> Brief:
    """A brief titled by the file's first hat, one section per block, cards in file order."""
    hat = next((card.headings[1] for card in found if card.headings[1]), "")
    sections: list[BriefSection] = []
    current = None
    for info, card in zip(found, cards, strict=True):
        block = next((heading for heading in reversed(info.headings) if heading), "")
        block = _line(block, MAX_TAG_LENGTH) or _UNTITLED_SECTION
        if current is None or current.title != block:
            current = BriefSection(title=block, position=len(sections), items=[])
            sections.append(current)
        current.items.append(BriefItem(card_id=card.id, position=len(current.items)))
    return Brief(
        motion_id=motion_id,
        side=side.value,
        title=_line(hat or title, MAX_TAG_LENGTH),
        sections=sections,
    )


def _message(name: str, title: str, count: int, skipped: int) -> str:
    message = f"{name}: imported {count} card{'s' if count != 1 else ''} as “{title}”."
    if skipped:
        message += (
            f" {skipped} tag{'s' if skipped != 1 else ''} without a cite and card text "
            f"(analytics) {'were' if skipped != 1 else 'was'} left out."
        )
    return message
