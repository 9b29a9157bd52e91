"""Verbatim actions: a brief out as a Verbatim .docx, a Verbatim .docx in as evidence cards.

An import is one transaction: the document's card texts become one source, every card an
evidence card quoting its exact span of it, and, when a motion is named, a brief whose sections
follow the file's blocks. A file already imported (the same card texts) is reported, not
duplicated; a file that cannot be read changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from debateprep.actions.base import ActionsBase
from debateprep.actions.briefs import brief_or_outline
from debateprep.actions.exports import _load_bundle
from debateprep.actions.sources import content_hash
from debateprep.convert import (
    CITE_FIELDS,
    brief_record,
    card_record,
    dump_highlights,
    motion_record,
    source_record,
)
from debateprep.export_target import check_export_target
from debateprep.exporters.verbatim_docx import render_brief_docx
from debateprep.files import write_bytes
from debateprep.formats import CiteStyle, check_cite_style
from debateprep.importers.verbatim_docx import VerbatimCard, read_verbatim_docx
from debateprep.models import Brief, BriefItem, BriefSection, Card, Source
from debateprep.records import (
    BriefRecord,
    CardKind,
    CardRecord,
    ImportStatus,
    Side,
    SourceRecord,
)
from debateprep.validation import MAX_TAG_LENGTH, check_highlights, parse_side

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


class VerbatimActions(ActionsBase):
    def render_brief_docx(self, brief: BriefRecord, *, cite_style: CiteStyle = "debate") -> bytes:
        """The brief as Verbatim .docx bytes, cites in ``cite_style``."""
        check_cite_style(cite_style)
        cards = {card_id for section in brief.sections for card_id in section.card_ids}
        with self._store.read() as session:
            bundle = _load_bundle(session, self, brief.motion_id, cards, False)
        return render_brief_docx(brief, bundle, cite_style=cite_style)

    def export_brief_docx(
        self,
        out: Path,
        *,
        brief_id: int | None = None,
        motion_id: int | None = None,
        side: str | Side = Side.A,
        cite_style: CiteStyle = "debate",
    ) -> Path:
        """Write a stored brief, or the default outline of a motion's side, as a .docx."""
        check_export_target(out, self._store.db_path)
        with self._store.read() as session:
            brief = brief_or_outline(session, brief_id, motion_id, side)
        data = self.render_brief_docx(brief, cite_style=cite_style)
        return write_bytes(out, data, library_db=self._store.db_path)

    def import_verbatim(
        self,
        path: Path,
        *,
        motion_id: int | None = None,
        side: str | Side = Side.A,
        make_brief: bool = True,
    ) -> VerbatimImport:
        """Import a Verbatim .docx: one source, its evidence cards for ``side``, and a brief.

        The cards join ``motion_id`` (none: they belong to no motion and no brief is made).
        Raises UserError for a file that is not a readable Word file of cards.
        """
        document = read_verbatim_docx(path)
        digest = content_hash(document.text)
        with self._store.read() as session:
            existing = session.scalar(select(Source).where(Source.content_hash == digest))
            if existing is not None:
                return VerbatimImport(
                    path=str(path),
                    status=ImportStatus.DUPLICATE,
                    message=f"{path.name}: already in the library as “{existing.title}”.",
                    source=source_record(existing),
                )
        with self._store.write() as tx:
            motion = None if motion_id is None else self._motion(tx.session, motion_id)
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
            position = self._next_position(tx.session, motion_id, side_value.value)
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
            result = VerbatimImport(
                path=str(path),
                status=ImportStatus.IMPORTED,
                message=_message(path.name, document.title, len(cards), document.skipped),
                source=source_record(source, len(cards)),
                cards=tuple(card_record(card) for card in cards),
                brief=brief_record(brief) if brief is not None else None,
                skipped=document.skipped,
            )
        return result


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
    fields = {name: _line(getattr(found.cite, name), _MAX_FIELD) for name in CITE_FIELDS}
    if not found.cite_exact or any(
        value != " ".join(getattr(found.cite, name).split()) for name, value in fields.items()
    ):
        # The fields are a guess: keep the cite as the file has it, so nothing is lost.
        notes.append(f"Cite as written: {found.cite_line}")
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
