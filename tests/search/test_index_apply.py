"""SearchIndex.apply: batches of database changes, in order, with an honest watermark."""

from __future__ import annotations

from debateprep.search import IndexChange, SearchIndex
from debateprep.search.index import MERGE_AT, STALE

from .helpers import card, keys


def test_changes_apply_in_commit_order_and_advance_the_watermark(index: SearchIndex) -> None:
    # The shared sample index is at watermark 1.
    index.apply(
        [
            IndexChange(2, upserts=(card(50, "argument", "A", "First walrus"),)),
            IndexChange(3, deletes=("card:50",)),
            # SQLite may hand out a deleted row's id again: the last state wins.
            IndexChange(4, upserts=(card(50, "argument", "B", "Second walrus"),)),
        ]
    )
    hits = index.search("walrus")
    assert keys(hits) == ["card:50"] and hits[0].side == "B"
    assert index.watermark() == 4


def test_changes_the_index_already_has_are_skipped(index: SearchIndex) -> None:
    # A rebuild at watermark 5 already saw changes up to 5: an older queued version of a
    # card must not overwrite what the rebuild wrote.
    index.rebuild([card(7, "argument", "A", "Newest walrus")], 5)
    index.apply([IndexChange(4, upserts=(card(7, "argument", "A", "Stale oyster"),))])
    assert keys(index.search("walrus")) == ["card:7"]
    assert index.search("oyster") == []
    assert index.watermark() == 5
    index.apply(
        [
            IndexChange(5, upserts=(card(7, "argument", "A", "Stale oyster"),)),
            IndexChange(6, upserts=(card(8, "argument", "A", "Fresh oyster"),)),
        ]
    )
    assert keys(index.search("oyster")) == ["card:8"]
    assert index.watermark() == 6


def test_a_gap_marks_the_index_stale_but_still_applies(index: SearchIndex) -> None:
    index.apply([IndexChange(3, upserts=(card(9, "argument", "A", "Gap walrus"),))])
    assert keys(index.search("walrus")) == ["card:9"]  # searchable now...
    assert index.watermark() == STALE  # ...and rebuilt on the next open (change 2 is missing)
    index.apply([IndexChange(4, upserts=(card(10, "argument", "A", "Later walrus"),))])
    assert index.watermark() == STALE  # stays stale until a rebuild


def test_single_commits_do_not_merge_until_segments_pile_up(index: SearchIndex) -> None:
    start = index.segment_count()
    for i in range(MERGE_AT + 4):
        counter = 2 + i
        index.apply(
            [IndexChange(counter, upserts=(card(100 + i, "argument", "A", f"Walrus {i}"),))]
        )
        assert index.segment_count() <= MERGE_AT + 1
    assert index.segment_count() > start or start >= MERGE_AT
    assert len(index.search("walrus", limit=100)) == MERGE_AT + 4
    assert index.watermark() == 2 + MERGE_AT + 3


def test_the_cached_searcher_sees_every_commit(index: SearchIndex) -> None:
    assert index.search("narwhal") == []
    for i in range(5):
        index.apply([IndexChange(2 + i, upserts=(card(200, "argument", "A", f"Narwhal {i}"),))])
        hits = index.search("narwhal")
        assert len(hits) == 1 and hits[0].title == f"Narwhal {i}"  # never stale duplicates
