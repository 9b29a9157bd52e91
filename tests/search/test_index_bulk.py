"""Large batches of changes are indexed by worker processes, and come out the same."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from debateprep.facade.library import Library
from debateprep.search import IndexChange, IndexDoc, SearchIndex, SearchIndexError, writing
from debateprep.search.index import MERGE_AT
from debateprep.search.parallel import WorkerPool

from .helpers import SAMPLE_DOCS, card, keys, source

WORDS = ("walrus", "narwhal", "puffin", "otter", "pelican", "lemur", "tapir", "okapi")


def word(i: int) -> str:
    """A word of its own for document ``i`` (letters only: digits split into tokens)."""
    return "zq" + "".join("abcdefghij"[int(d)] for d in str(i))


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every batch goes to the workers; returns the sizes of the batches they were sent."""
    monkeypatch.setattr(writing, "PARALLEL_TEXT", 1)
    sizes: list[int] = []
    original = WorkerPool.run

    def run(self: WorkerPool, docs: Iterable[IndexDoc], **kwargs: Any) -> tuple[int, list[Any]]:
        docs = list(docs)
        sizes.append(len(docs))
        return original(self, docs, **kwargs)

    monkeypatch.setattr(WorkerPool, "run", run)
    return sizes


def test_a_large_batch_is_indexed_by_workers_with_updates_and_deletes(
    tmp_path: Path, spy: list[int]
) -> None:
    index = SearchIndex(tmp_path / "index")
    index.rebuild(SAMPLE_DOCS, 1)
    segments = index.segment_count()
    new = [card(200 + i, "argument", "A", f"Claim {word(i)} {WORDS[i % 8]}") for i in range(80)]
    changes = [
        IndexChange(2, upserts=tuple(new[:40])),
        # Within the batch: a new card deleted again, another replaced, an old one deleted
        # and an old source rewritten.
        IndexChange(3, upserts=tuple(new[40:]), deletes=("card:201", "source:2")),
        IndexChange(4, upserts=(card(202, "argument", "B", "Replaced kiwi"),)),
        IndexChange(5, upserts=(source(1, "Rewritten", "That story is gone: quokka."),)),
    ]
    index.apply(changes)
    assert spy == [80]  # 80 cards, one deleted in the batch, one twice; and source:1
    assert index.watermark() == 5
    assert index.segment_count() == segments + 2  # one new segment per worker, no merge
    for i in range(80):
        expected = [] if i in (1, 2) else [f"card:{200 + i}"]
        assert keys(index.search(word(i), prefix=False, forgiving=False)) == expected, i
    assert keys(index.search("kiwi")) == ["card:202"]
    assert "source:1" not in keys(index.search("oven")) and keys(index.search("quokka"))
    assert "source:2" not in keys(index.search("sanctuary", limit=100))
    assert index.doc_count() == len(SAMPLE_DOCS) - 1 + 79

    # The workers stay up for the next large batch, which replaces what the first wrote.
    assert index._pool is not None
    pids = [p.pid for p in index._pool._processes]
    index.apply([IndexChange(6, upserts=(card(203, "argument", "A", "Second quagga"),))])
    assert [p.pid for p in index._pool._processes] == pids
    assert keys(index.search(word(3), prefix=False, forgiving=False)) == []
    assert keys(index.search("quagga")) == ["card:203"]
    assert index.watermark() == 6
    index.close()
    assert index._pool._processes == []  # close() ends idle workers


def test_many_large_batches_merge_their_segments(tmp_path: Path, spy: list[int]) -> None:
    index = SearchIndex(tmp_path / "index")
    index.rebuild(SAMPLE_DOCS, 1)
    alive: set[int] = set()
    for n in range(24):  # each batch adds a segment or two
        docs = [
            card(1000 + 10 * n + i, "argument", "A", f"Round {word(10 * n + i)}") for i in range(12)
        ]
        gone = f"card:{1000 + 10 * (n - 1)}" if n else "card:1"  # in a merged segment, later
        index.apply([IndexChange(2 + n, upserts=tuple(docs), deletes=(gone,))])
        alive |= {10 * n + i for i in range(12)}
        alive.discard(10 * (n - 1))
        assert index.segment_count() <= 2 * MERGE_AT + 2, n
    assert index.watermark() == 25
    for i in range(240):
        expected = [f"card:{1000 + i}"] if i in alive else []
        assert keys(index.search(word(i), prefix=False, forgiving=False)) == expected, i
    assert "card:1" not in keys(index.search("sanctuary", limit=100))
    assert index.doc_count() == len(SAMPLE_DOCS) - 1 + len(alive)
    index.close()


def test_closing_during_a_large_batch_commits_nothing(
    tmp_path: Path, spy: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    index = SearchIndex(tmp_path / "index")
    index.rebuild(SAMPLE_DOCS, 1)
    original = WorkerPool.run

    def close_first(self: WorkerPool, docs: Any, **kwargs: Any) -> tuple[int, list[Any]]:
        index.close()  # as Store.close does when the upkeep did not finish in time
        return original(self, docs, **kwargs)

    monkeypatch.setattr(WorkerPool, "run", close_first)
    batch = [card(300 + i, "argument", "A", f"Lost {word(i)}") for i in range(30)]
    with pytest.raises(SearchIndexError, match="closing"):
        index.apply([IndexChange(2, upserts=tuple(batch), deletes=("source:1",))])
    assert index.watermark() == 1  # behind the database: the next open catches up
    assert index.search(word(0), prefix=False, forgiving=False) == []
    assert "source:1" in keys(index.search("oven"))  # the deletion was not committed either
    assert index._pool is not None and index._pool._processes == []
    index.close()


def _write_articles(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    titles = []
    for i in range(count):
        title = f"Article about the {word(i)} {WORDS[i % 8]}"
        body = f"{title}\n\n" + f"The {WORDS[(i + 3) % 8]} county sheriff said {word(i)}. " * 20
        (folder / f"a{i:03d}.txt").write_text(body, encoding="utf-8")
        titles.append(title)
    return titles


def test_an_import_goes_through_the_workers_and_all_of_it_is_found(
    tmp_path: Path, spy: list[int]
) -> None:
    titles = _write_articles(tmp_path / "articles", 40)
    with Library.open(tmp_path / "lib", starter=False) as library:
        outcomes = [
            step.outcome.status.value for step in library.import_paths([tmp_path / "articles"])
        ]
        assert outcomes == ["imported"] * 40
        assert library.wait_for_index(60)
        assert sum(spy) == 40  # every article went through a worker
        for i in range(40):
            assert [hit.title for hit in library.search(word(i), prefix=False)] == [titles[i]]
        assert library.index_is_current()


def test_closing_during_an_import_loses_nothing(
    tmp_path: Path, spy: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = _write_articles(tmp_path / "articles", 25)
    started, gate = threading.Event(), threading.Event()
    original = WorkerPool.run

    def gated(self: WorkerPool, docs: Any, **kwargs: Any) -> tuple[int, list[Any]]:
        started.set()
        gate.wait(30)
        return original(self, docs, **kwargs)

    monkeypatch.setattr(WorkerPool, "run", gated)
    library = Library.open(tmp_path / "lib", starter=False)
    store = library._store
    list(library.import_paths([tmp_path / "articles"]))
    assert started.wait(30)
    store.close(timeout=0.2)  # the upkeep is stuck in a large batch: close anyway
    gate.set()
    assert store.upkeep.wait(60)  # the batch stops (closing) without committing
    assert store.index._pool is not None and store.index._pool._processes == []
    with Library.open(tmp_path / "lib", starter=False) as again:  # catches up: a rebuild
        assert again.index_is_current()
        for i in range(25):
            assert [hit.title for hit in again.search(word(i), prefix=False)] == [titles[i]]
