"""Test data and helpers: a small library of sources and cards about the debate topic."""

from __future__ import annotations

import os
from pathlib import Path

from debateprep.search import IndexDoc, SearchHit, SearchIndex
from debateprep.search.analysis import fold

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def source(number: int, title: str, body: str, cite: str = "") -> IndexDoc:
    return IndexDoc(
        key=f"source:{number}",
        doc_type="source",
        title=title,
        body=body,
        cite=cite,
        kind="source",
        source_id=number,
    )


def card(
    number: int,
    kind: str,
    side: str,
    title: str,
    body: str = "",
    *,
    notes: str = "",
    cite: str = "",
    source_id: int | None = None,
    motion_id: int | None = None,
    labels: tuple[str, ...] = (),
) -> IndexDoc:
    return IndexDoc(
        key=f"card:{number}",
        doc_type="card",
        title=title,
        body=body,
        notes=notes,
        cite=cite,
        kind=kind,
        side=side,
        source_id=source_id,
        motion_id=motion_id,
        labels=labels,
    )


SAMPLE_DOCS: tuple[IndexDoc, ...] = (
    source(
        1,
        "Sanctuary cities send a message",
        "Philadelphia calls itself a ‘sanctuary city’.  If you won’t deport somebody who came\n"
        "here illegally, whom will you deport? One man shoved his girlfriend into a hot oven.\n"
        "Immigration and Customs Enforcement (I.C.E.) asked for a detainer under 8 U.S.C. 1357.\n"
        "The café owner, a naïve résumé writer, disagreed.",
        cite="Jeff Sessions, Attorney General, Philadelphia Inquirer, https://www.inquirer.com/x",
    ),
    source(
        2,
        "Deportation numbers in 2019",
        "Deportations rose in 2019. The agency deports thousands; many were deported after\n"
        "traffic stops. Critics call it anti-immigrant rhetoric. The oven of public anger is hot.",
        cite="Maria Lopez, The Border Times",
    ),
    card(
        1,
        "evidence",
        "A",
        "Sanctuary policies shield dangerous criminals",
        body="shoved his girlfriend into a “hot oven” during an argument",
        cite="Sessions 18",
        source_id=1,
        motion_id=1,
        labels=("Crime", "Philadelphia"),
    ),
    card(
        2,
        "argument",
        "A",
        "Local police should cooperate with ICE",
        notes="Detainers keep communities safe",
        motion_id=1,
        labels=("Crime",),
    ),
    card(
        3,
        "counterargument",
        "B",
        "Cooperation erodes community trust",
        notes="Immigrants stop reporting crimes when police act as deportation agents",
        motion_id=1,
        labels=("Trust",),
    ),
    card(
        4,
        "evidence",
        "B",
        "Deportations rose sharply",
        body="The agency deports thousands of people each year",
        source_id=2,
        motion_id=2,
    ),
    card(5, "argument", "B", "Detainers violate the Fourth Amendment", motion_id=2),
    card(
        6,
        "argument",
        "A",
        "Border security first",
        notes="A long warrant that mentions detainers once among many other words about "
        "walls, budgets, staffing, technology and the politics of the border.",
        motion_id=2,
    ),
)


def build(
    directory: Path,
    docs: tuple[IndexDoc, ...] = SAMPLE_DOCS,
    watermark: int = 1,
    *,
    lock_timeout: float = 5.0,
) -> SearchIndex:
    index = SearchIndex(directory, lock_timeout=lock_timeout)
    index.rebuild(docs, watermark)
    return index


def keys(hits: list[SearchHit]) -> list[str]:
    return [hit.key for hit in hits]


def hit_words(hit: SearchHit) -> list[str]:
    """The highlighted words of a hit, folded as the index folds them."""
    return [fold(hit.snippet[start:end]) for start, end in hit.highlights]


def process_gone(pid: int) -> bool:
    """Whether no process has this id any more."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
