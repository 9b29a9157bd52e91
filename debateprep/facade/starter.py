"""First-open content: the bundled corpus and the starter argument map, loaded once.

Everything goes in one transaction, so a library either has the whole starter set or none
of it. Starter evidence is stored in ``resources/starter_map.json`` as exact quotes and
located in the source text here; a quote that is not found verbatim is a packaging bug.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from debateprep import importers, paths
from debateprep.facade.sources import SOURCE_FIELDS, content_hash
from debateprep.facade.validation import check_highlights, clean_labels, clean_tag
from debateprep.records import CardKind, LinkKind, Side
from debateprep.storage import db
from debateprep.storage.convert import CITE_FIELDS, dump_highlights, dump_spans
from debateprep.storage.models import Card, CardLabel, Link, Motion, Source
from debateprep.storage.store import WriteTx

if TYPE_CHECKING:
    from debateprep.facade.library import Library

logger = logging.getLogger(__name__)

STARTER_FLAG = "starter_loaded"


class StarterDataError(RuntimeError):
    """The bundled starter data does not match the bundled corpus (a packaging bug)."""


def locate(text: str, quote: str, occurrence: int = 1) -> int:
    """Start offset of the n-th occurrence of ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise StarterDataError(f"starter quote not found verbatim: {quote[:60]!r}")
    return start


def load_starter_once(library: Library) -> bool:
    """Load the corpus and starter map unless this library already had them; True if loaded."""
    store = library._store
    with store.read() as session:
        if db.get_meta(session, STARTER_FLAG):
            return False
    metadata = json.loads((paths.corpus_dir() / "metadata.json").read_text(encoding="utf-8"))
    starter = json.loads(paths.resource("starter_map.json").read_text(encoding="utf-8"))
    documents = _corpus_documents(paths.corpus_dir(), metadata["sources"])
    with store.write() as tx:
        # Checked again inside the write lock: another process may have just loaded it.
        if db.get_meta(tx.session, STARTER_FLAG):
            return False
        sources = {}
        for name, fields in documents.items():
            digest = content_hash(fields["text"])
            source = Source(content_hash=digest, **fields)
            tx.session.add(source)
            sources[name] = source
        tx.session.flush()
        for source in sources.values():
            tx.touch_source(source.id)
        _load_map(tx.session, starter, sources, tx)
        db.set_meta(tx.session, STARTER_FLAG, "1")
    logger.info("loaded the starter corpus (%d sources)", len(documents))
    return True


def decline_starter(library: Library) -> bool:
    """Mark a library as never getting the starter set (``--empty``); True if newly marked.

    A library that already has the starter set keeps it: nothing is deleted here.
    """
    with library._store.write() as tx:
        if db.get_meta(tx.session, STARTER_FLAG):
            return False
        db.set_meta(tx.session, STARTER_FLAG, "declined")
    return True


def _corpus_documents(
    folder: Path, sidecar: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    documents: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.txt")):
        document = importers.read_document(path)
        extra = sidecar.get(path.name, {})
        fields = {name: extra.get(name) or getattr(document, name) for name in SOURCE_FIELDS}
        # The boilerplate lines found at import (">> READ MORE: ..." links) are hidden here
        # too, as for any imported file.
        documents[path.name] = {
            **fields,
            "text": document.text,
            "origin": path.name,
            "hidden": dump_spans(document.hidden),
        }
    return documents


def _load_map(
    session: Session, starter: dict[str, Any], sources: dict[str, Source], tx: WriteTx
) -> None:
    spec = starter["motion"]
    motion = Motion(resolution=spec["resolution"], side_a=spec["side_a"], side_b=spec["side_b"])
    session.add(motion)
    session.flush()
    cards: dict[str, Card] = {}
    positions = {Side.A: 0, Side.B: 0}
    for entry in starter["cards"]:
        side = Side(entry["side"])
        card = Card(
            kind=CardKind(entry["kind"]).value,
            side=side.value,
            tag=clean_tag(entry["tag"]),
            notes=entry.get("notes", ""),
            motion_id=motion.id,
            position=positions[side],
        )
        positions[side] += 1
        if card.kind == CardKind.EVIDENCE.value:
            _attach_quote(card, entry, sources[entry["source"]])
        card.labels = [CardLabel(label=label) for label in clean_labels(entry.get("labels", []))]
        session.add(card)
        cards[entry["ref"]] = card
    session.flush()
    for card in cards.values():
        tx.touch_card(card.id)
    for link in starter["links"]:
        session.add(
            Link(
                kind=LinkKind(link["kind"]).value,
                from_id=cards[link["from"]].id,
                to_id=cards[link["to"]].id,
            )
        )


def _attach_quote(card: Card, entry: dict[str, Any], source: Source) -> None:
    quote = entry["quote"]
    start = locate(source.text, quote, entry.get("occurrence", 1))
    ranges = []
    for phrase in entry.get("highlights", []):
        offset = quote.find(phrase)
        if offset < 0:
            raise StarterDataError(f"highlight not in its quote: {phrase!r}")
        ranges.append((offset, offset + len(phrase)))
    card.source_id = source.id
    card.start, card.end, card.quote = start, start + len(quote), quote
    card.highlights = dump_highlights(check_highlights(quote, ranges))
    for name in CITE_FIELDS:
        setattr(card, f"cite_{name}", getattr(source, name))
    # Who is quoted, when not the author (issue 16 fills these in the starter map).
    card.speaker = entry.get("speaker", "")
    card.speaker_quals = entry.get("speaker_quals", "")
