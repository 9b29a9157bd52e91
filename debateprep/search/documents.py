"""Plain records crossing the search boundary: what callers index and what they get back.

Nothing here imports Whoosh; the rest of the app sees only these types.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

DOC_TYPES = frozenset({"source", "card"})

# "titles" is the type-ahead pass (tags, titles, cites); defined here (query.py imports it)
# kept here so callers get it without loading Whoosh.
SearchScope = Literal["everything", "titles"]


class SearchIndexError(Exception):
    """The index exists but cannot be read or written: rebuild it from the database.

    Not a UserError: the library logs it and rebuilds; the user only sees search results.
    """


def key_id(key: str) -> int:
    """The numeric part of a key such as ``"card:7"``; ValueError if the key is malformed."""
    doc_type, sep, number = key.partition(":")
    if not sep or not doc_type or not number.isdigit():
        raise ValueError(f"search key must look like 'card:7', got {key!r}")
    return int(number)


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """One source or card, flattened for the index (built by the library from SQLite)."""

    key: str  # "source:12" or "card:7" (unique id in the index)
    doc_type: str  # "source" | "card"
    title: str  # source title, or card tag
    body: str  # source full text, or evidence quote (empty for argument cards)
    notes: str = ""  # card notes / argument warrant
    cite: str = ""  # source metadata or the card's cite line
    kind: str = ""  # "source" for sources; "argument" | "counterargument" | "evidence"
    side: str = ""  # "A" | "B" | "" (sources)
    source_id: int | None = None  # a source's own id; for evidence, the quoted source
    motion_id: int | None = None
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Fail when the record is built, not halfway through a rebuild: SearchHit.id needs a
        # number and the key prefix must agree with doc_type for filters to mean anything.
        key_id(self.key)
        if self.doc_type not in DOC_TYPES:
            raise ValueError(f"doc_type must be one of {sorted(DOC_TYPES)}, got {self.doc_type!r}")
        if not self.key.startswith(self.doc_type + ":"):
            raise ValueError(f"key {self.key!r} does not match doc_type {self.doc_type!r}")


@dataclass(frozen=True, slots=True)
class IndexChange:
    """What one database transaction changed, stamped with the change counter it set."""

    counter: int
    upserts: tuple[IndexDoc, ...] = ()
    deletes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result row, ready to show: ids to open it with, and a highlighted excerpt."""

    key: str
    doc_type: str
    id: int  # numeric part of key
    title: str
    kind: str
    side: str
    source_id: int | None
    motion_id: int | None
    score: float
    snippet: str  # plain-text excerpt (~200 chars) around the best match; '…' where cut
    highlights: tuple[tuple[int, int], ...]  # (start, end) spans inside `snippet`
    offset: int | None  # char offset in the body of the first match; None if not in body
    match_length: int = 0  # length of that first matched word in the body


class SearchResults(list[SearchHit]):
    """The hits of one search, best first, and what the search box should say about them.

    ``notice``: set when the query was loosened or corrected ("No result has all of “Kate
    Steinle”; showing results with “Steinle”"); ``suggestion``: the corrected query text.
    A list, so callers that only want the hits need not know about either.
    """

    def __init__(
        self, hits: Iterable[SearchHit] = (), *, notice: str = "", suggestion: str = ""
    ) -> None:
        super().__init__(hits)
        self.notice = notice
        self.suggestion = suggestion


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions applied with Whoosh ``filter=`` (they never change scores).

    ``None`` means "no restriction"; an empty collection means "nothing matches".
    """

    doc_types: Collection[str] | None = None
    kinds: Collection[str] | None = None
    sides: Collection[str] | None = None
    source_id: int | None = None
    motion_id: int | None = None
    label: str | None = None

    def is_empty(self) -> bool:
        """True when nothing is restricted (a blank label restricts nothing)."""
        label = self.label.strip() if self.label is not None else ""
        optional = (self.doc_types, self.kinds, self.sides, self.source_id, self.motion_id)
        return not label and all(value is None for value in optional)
