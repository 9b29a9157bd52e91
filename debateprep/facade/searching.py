"""The Searching part: full-text search, the index's upkeep, counts and quote verification.

Everything here reads; ``reindex`` rebuilds the derived index from the database, the truth.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from debateprep.errors import UserError
from debateprep.records import CardKind, QuoteProblem
from debateprep.search import SearchIndexError, SearchResults, SearchScope
from debateprep.storage.models import Card, Source
from debateprep.storage.store import Store

if TYPE_CHECKING:
    from debateprep.facade.search_client import SearchProcess

# How long a search waits for the caller's own saved changes to reach the index (seconds);
# after that it answers from the index as it is.
INDEX_WAIT = 10.0

Progress = Callable[[int], None]
# The keyword options of ``search`` that a search process receives as they are.
_OPTIONS = (
    "kinds",
    "sides",
    "doc_types",
    "source_id",
    "motion_id",
    "label",
    "limit",
    "prefix",
    "scope",
)


class Searching:
    """Search and integrity reads; needs only the store."""

    def __init__(self, store: Store, process: SearchProcess | None = None) -> None:
        self._store = store
        # The window's search process: searches and rebuilds are asked of it (Whoosh stays
        # out of this process); None searches in-process, as the CLI does.
        self._process = process

    def index_is_current(self) -> bool:
        """False when the search index is missing, corrupt or behind the database.

        Changes still queued for the index are waited for first: they are not "behind".
        """
        self._store.wait_for_index(INDEX_WAIT)
        if self._process is not None and self._store.feed is not None:
            return self._follow_class_changes()
        if self._process is not None:
            return self._process.index_is_current()
        return not self._store.index.needs_rebuild(self._store.change_counter())

    def _follow_class_changes(self) -> bool:
        """A class library whose index the search process keeps: this process's change feed
        starts at the index's watermark (the changes since are caught up, not rebuilt) and
        then follows the change log. False when there is no usable index (missing, another
        library's, stale, or the log no longer reaches back to it): rebuild, then follow."""
        assert self._process is not None and self._store.feed is not None
        if self._store.feed.mark is None:  # not following yet: catch up from the index
            if self._store.catch_up_index(self._process.watermark()):
                return True
            # To be rebuilt: meanwhile the window still hears other people's changes. The
            # search process takes requests in order, so changes it is handed before the
            # rebuild are in what the rebuild reads, and those after it continue its counter.
            self._store.catch_up_index(self._store.change_counter())
            return False
        watermark = self._process.watermark()  # following: a missed change marks it stale
        return watermark is not None and watermark >= 0

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Block until every saved change is searchable; False if ``timeout`` ran out.

        Saving returns once the database has committed; the search index follows on a
        background thread within a fraction of a second (see ``index_upkeep``).
        """
        return self._store.wait_for_index(timeout)

    def search(
        self,
        query: str,
        *,
        kinds: Collection[str] | None = None,
        sides: Collection[str] | None = None,
        doc_types: Collection[str] | None = None,
        source_id: int | None = None,
        motion_id: int | None = None,
        label: str | None = None,
        limit: int = 20,
        prefix: bool = True,
        scope: SearchScope = "everything",
        seq: int | None = None,
    ) -> SearchResults:
        """Full-text search over sources and cards, best first, with highlighted snippets.

        ``scope="titles"`` is the type-ahead search: tags, titles and cites only. The last
        word also matches as a prefix unless ``prefix=False``. Changes saved before the call
        are waited for (briefly), so a search sees the caller's own edits. When all the
        words find little, corrected or some-of-the-words results follow and the result's
        ``notice`` says so (for the status line). A search a newer ``seq`` overtook in the
        search process answers no hits (the caller shows its newest).
        """
        self._store.wait_for_index(INDEX_WAIT)
        if self._process is not None:
            wanted = (kinds, sides, doc_types, source_id, motion_id, label, limit, prefix, scope)
            options = dict(zip(_OPTIONS, wanted, strict=True))
            hits = self._process.search(seq, query=query, **options)
            if hits is None:
                return SearchResults()
            return hits if isinstance(hits, SearchResults) else SearchResults(hits)
        if self._store.index_problem is not None:
            raise UserError(
                f"Search is unavailable: {self._store.index_problem}. "
                "Run `debateprep check` after fixing that."
            )
        try:
            return self._store.index.search(
                query,
                kinds=kinds,
                sides=sides,
                doc_types=doc_types,
                source_id=source_id,
                motion_id=motion_id,
                label=label.lower() if label else None,
                limit=limit,
                prefix=prefix,
                scope=scope,
            )
        except SearchIndexError as exc:
            raise UserError(
                "The search index is damaged and is being rebuilt; try again in a moment "
                "(or run `debateprep reindex`)."
            ) from exc

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the search index from the database; returns the documents indexed."""
        if self._process is not None:
            self._store.wait_for_index()
            count = self._process.reindex(progress)
            if self._store.feed is not None:
                # Follow the log from what the rebuild read (changes since are caught up).
                self._store.catch_up_index(self._process.watermark())
            return count
        try:
            return self._store.rebuild_index(progress)
        except SearchIndexError as exc:
            raise UserError(f"The search index could not be rebuilt: {exc}.") from exc

    def counts(self) -> tuple[int, int]:
        """(sources, cards), counted in SQL: cheap enough for a status bar after every edit."""
        with self._store.read() as session:
            sources = session.scalar(select(func.count(Source.id))) or 0
            cards = session.scalar(select(func.count(Card.id))) or 0
        return sources, cards

    def verify(self) -> list[QuoteProblem]:
        """Every evidence card whose quote no longer equals its source span. Never rewrites."""
        problems: list[QuoteProblem] = []
        query = (
            select(Card, Source.text)
            .outerjoin(Source, Source.id == Card.source_id)
            .where(Card.kind == CardKind.EVIDENCE.value)
            .order_by(Card.id)
        )
        with self._store.read() as session:
            for card, text in session.execute(query).all():
                reason = _quote_problem(card, text)
                if reason is None:
                    continue
                start, end = card.start, card.end
                found = text[start:end] if text is not None and start is not None else ""
                problems.append(
                    QuoteProblem(
                        card_id=card.id,
                        tag=card.tag,
                        source_id=card.source_id,
                        start=start,
                        end=end,
                        quote=card.quote,
                        found=found,
                        reason=reason,
                    )
                )
        return problems


def _quote_problem(card: Card, text: str | None) -> str | None:
    if text is None:
        return "its source is missing"
    start, end = card.start, card.end
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return f"its span {start}–{end} lies outside the source text (0–{len(text)})"
    if text[start:end] != card.quote:
        where = text.find(card.quote)
        if where >= 0:
            return f"the source text changed; the quote now starts at {where}, not {start}"
        return "the source text changed and no longer contains the quote"
    return None
