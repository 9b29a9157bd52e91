"""Full-text search over sources and cards (Whoosh inside, our own types outside).

The index is derived from the database and can be deleted at any time: the library asks
``SearchIndex.needs_rebuild(watermark)`` and calls ``rebuild`` with every document, then
``apply`` (or ``update``) after each change. Nothing outside this package imports Whoosh.

Importing this package does not load Whoosh: the records and ``SearchScope`` come from
``documents``, and ``SearchIndex`` (with the query constants) loads on first use, so the
window, which searches through its search process (``worker``), never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .documents import (
    IndexChange,
    IndexDoc,
    SearchFilters,
    SearchHit,
    SearchIndexError,
    SearchResults,
    SearchScope,
)

if TYPE_CHECKING:
    from .index import SearchIndex
    from .query import MIN_PREFIX, SCOPES

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

# Names whose modules import Whoosh: loaded when first asked for (PEP 562).
_LAZY = {"SearchIndex": ".index", "MIN_PREFIX": ".query", "SCOPES": ".query"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module, __name__), name)
