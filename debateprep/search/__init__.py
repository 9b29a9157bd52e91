"""Full-text search over sources and cards (Whoosh inside, our own types outside).

The index is derived from the database and can be deleted at any time: the library asks
``SearchIndex.needs_rebuild(watermark)`` and calls ``rebuild`` with every document, then
``apply`` (or ``update``) after each change. Nothing outside this package imports Whoosh.
"""

from __future__ import annotations

from .documents import (
    IndexChange,
    IndexDoc,
    SearchFilters,
    SearchHit,
    SearchIndexError,
    SearchResults,
)
from .index import SearchIndex
from .query import MIN_PREFIX, SCOPES, SearchScope

__all__ = [
    "MIN_PREFIX",
    "SCOPES",
    "IndexChange",
    "IndexDoc",
    "SearchFilters",
    "SearchHit",
    "SearchIndex",
    "SearchIndexError",
    "SearchResults",
    "SearchScope",
]
