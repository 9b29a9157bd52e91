"""Turning ORM rows into plain records and search documents.

Called inside a transaction; the results hold no reference to the session.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from debateprep.records import (
    BriefRecord,
    BriefSectionRecord,
    CardKind,
    CardRecord,
    Cite,
    Highlight,
    LinkKind,
    LinkRecord,
    MotionRecord,
    ReadLevel,
    SectionLevel,
    Side,
    SourceRecord,
)
from debateprep.search import IndexDoc
from debateprep.storage.models import Brief, Card, Link, Motion, Source
from debateprep.text.pages import load_pages, page_cite

HIGH = ReadLevel.HIGHLIGHT
CITE_FIELDS = ("author", "qualifications", "date", "title", "outlet", "url", "accessed")
# Card-only cite fields (a source has no quoted speaker), stored under their own names.
SPEAKER_FIELDS = ("speaker", "speaker_quals")


def source_record(source: Source, card_count: int = 0) -> SourceRecord:
    starts, labels = load_pages(source.pages)
    return SourceRecord(
        id=source.id,
        title=source.title,
        author=source.author,
        qualifications=source.qualifications,
        outlet=source.outlet,
        date=source.date,
        url=source.url,
        accessed=source.accessed,
        lean=source.lean,
        origin=source.origin,
        content_hash=source.content_hash,
        length=len(source.text),
        card_count=card_count,
        page_starts=starts,
        page_labels=labels,
        hidden=load_spans(source.hidden),
    )


def card_cite(card: Card) -> Cite:
    pages = span_pages(object_session(card), card.source_id, card.start, card.end)
    fields = {name: getattr(card, f"cite_{name}") for name in CITE_FIELDS}
    speaker = {name: getattr(card, name) or "" for name in SPEAKER_FIELDS}
    return Cite(**fields, **speaker, pages=pages)


_PAGES_CACHE = "debateprep.source_pages"


def span_pages(
    session: Session | None, source_id: int | None, start: int | None, end: int | None
) -> str:
    """ "p. 12" / "pp. 12–13" for a card's span of a paged source; "" otherwise.

    Each source's pages are read once per transaction (the session's ``info`` holds them):
    a bundle of 500 cards from 20 sources costs 20 small reads, never the texts.
    """
    if session is None or source_id is None or start is None or end is None:
        return ""
    cache: dict[int, tuple[tuple[int, ...], tuple[str, ...]]]
    cache = session.info.setdefault(_PAGES_CACHE, {})
    if source_id not in cache:
        with session.no_autoflush:
            raw = session.scalar(select(Source.pages).where(Source.id == source_id))
        cache[source_id] = load_pages(raw or "")
    starts, labels = cache[source_id]
    return page_cite(starts, labels, start, end)


def forget_pages(session: Session, source_id: int) -> None:
    """Drop a source's cached pages (its text, and so its pages, changed)."""
    session.info.get(_PAGES_CACHE, {}).pop(source_id, None)


def load_highlights(raw: str) -> tuple[Highlight, ...]:
    """``[[start, end, level], ...]``; a two-element pair (all before levels) is a highlight."""
    return tuple(
        Highlight(int(entry[0]), int(entry[1]), ReadLevel(entry[2]) if len(entry) > 2 else HIGH)
        for entry in json.loads(raw or "[]")
    )


def load_spans(raw: str) -> tuple[tuple[int, int], ...]:
    """``[[start, end], ...]`` (a source's hidden lines) as pairs."""
    return tuple((int(entry[0]), int(entry[1])) for entry in json.loads(raw or "[]"))


def dump_spans(spans: tuple[tuple[int, int], ...]) -> str:
    """A source's hidden lines as stored: ``[[start, end], ...]``, or "" for none."""
    return json.dumps([list(span) for span in spans]) if spans else ""


def dump_highlights(ranges: tuple[Highlight, ...]) -> str:
    """Highlights stay bare pairs, so cards without the other levels are stored as before."""
    return json.dumps(
        [
            [mark.start, mark.end]
            if mark.level is HIGH
            else [mark.start, mark.end, mark.level.value]
            for mark in ranges
        ]
    )


def card_record(card: Card) -> CardRecord:
    return CardRecord(
        id=card.id,
        kind=CardKind(card.kind),
        side=Side(card.side),
        tag=card.tag,
        notes=card.notes,
        labels=tuple(label.label for label in card.labels),
        motion_id=card.motion_id,
        position=card.position,
        source_id=card.source_id,
        start=card.start,
        end=card.end,
        quote=card.quote,
        highlights=load_highlights(card.highlights),
        cite=card_cite(card),
        version=card.version,
        updated_by=card.updated_by,
        updated_at=card.updated_at,
    )


def link_record(link: Link) -> LinkRecord:
    return LinkRecord(
        id=link.id,
        kind=LinkKind(link.kind),
        from_id=link.from_id,
        to_id=link.to_id,
        version=link.version,
    )


def motion_record(motion: Motion) -> MotionRecord:
    return MotionRecord(
        id=motion.id,
        resolution=motion.resolution,
        side_a=motion.side_a,
        side_b=motion.side_b,
        locked=bool(motion.locked),
    )


def brief_record(brief: Brief) -> BriefRecord:
    return BriefRecord(
        id=brief.id,
        motion_id=brief.motion_id,
        side=Side(brief.side),
        title=brief.title,
        sections=tuple(
            BriefSectionRecord(
                id=section.id,
                title=section.title,
                card_ids=tuple(item.card_id for item in section.items),
                level=SectionLevel(section.level),
            )
            for section in brief.sections
        ),
        version=brief.version,
        updated_by=brief.updated_by,
        updated_at=brief.updated_at,
    )


def cite_text(cite: Cite) -> str:
    """The cite as plain searchable text (no Markdown)."""
    parts = [getattr(cite, name) for name in (*SPEAKER_FIELDS, *CITE_FIELDS)]
    return ", ".join(part for part in parts if part)


def source_doc(source: Source) -> IndexDoc:
    return IndexDoc(
        key=f"source:{source.id}",
        doc_type="source",
        title=source.title,
        body=source.text,
        cite=cite_text(source_record(source).cite),
        kind="source",
        source_id=source.id,
    )


def card_doc(card: Card) -> IndexDoc:
    return IndexDoc(
        key=f"card:{card.id}",
        doc_type="card",
        title=card.tag,
        body=card.quote,
        notes=card.notes,
        cite=cite_text(card_cite(card)) if card.kind == CardKind.EVIDENCE else "",
        kind=card.kind,
        side=card.side,
        source_id=card.source_id,
        motion_id=card.motion_id,
        labels=tuple(label.label for label in card.labels),
    )
