"""Rebuilding with worker processes gives the same index as one process, and fails cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from debateprep.search import IndexDoc, SearchIndex, SearchIndexError
from debateprep.search import index as index_module
from debateprep.search.parallel import build_parallel
from debateprep.search.schema import build_schema

from .helpers import SAMPLE_DOCS, card, keys


def many_docs(n: int) -> list[IndexDoc]:
    words = ("sanctuary", "detainer", "oven", "deportation", "grant", "warrant", "county")
    return [
        card(
            i,
            "evidence" if i % 3 else "argument",
            "AB"[i % 2],
            f"Claim {i} about {words[i % len(words)]}",
            body=f"Quoted text {i}: {words[(i * 5) % len(words)]} and {words[(i * 3) % 7]}.",
        )
        for i in range(100, 100 + n)
    ]


@pytest.fixture
def parallel_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 1)


def test_parallel_rebuild_matches_a_single_process_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [*SAMPLE_DOCS, *many_docs(450)]
    single = SearchIndex(tmp_path / "single")
    assert single.rebuild(docs, 5) == len(docs)  # no ``expected``: one process
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 1)
    parallel = SearchIndex(tmp_path / "parallel")
    seen: list[int] = []
    count = parallel.rebuild(iter(docs), 5, seen.append, expected=len(docs))
    assert count == len(docs) and seen[-1] == len(docs)
    assert parallel.watermark() == 5
    assert parallel.doc_count() == single.doc_count() == len(docs)
    assert parallel.segment_count() == 2  # one per worker, not merged
    for query in ("sanctuary", "oven", "deport", "claim 42", '"hot oven"', "sa", "Philadelph"):
        assert sorted(keys(parallel.search(query, limit=1000))) == sorted(
            keys(single.search(query, limit=1000))
        ), query
    # And it keeps working as a normal index: updates, deletes.
    parallel.update([card(100, "argument", "A", "Renamed walrus")], ["card:101"], 6)
    assert keys(parallel.search("walrus")) == ["card:100"]
    assert "card:101" not in keys(parallel.search("claim", limit=1000))
    single.close()
    parallel.close()


def test_parallel_rebuild_with_fewer_documents_than_workers(
    tmp_path: Path, parallel_always: None
) -> None:
    index = SearchIndex(tmp_path / "index")
    assert index.rebuild(SAMPLE_DOCS[:1], 1, expected=1) == 1
    assert index.doc_count() == 1
    assert index.rebuild([], 2, expected=0) == 0  # empty library: nothing to spawn for
    assert index.watermark() == 2 and index.doc_count() == 0
    index.close()


def test_cancelling_a_parallel_rebuild_keeps_the_old_index(
    tmp_path: Path, parallel_always: None
) -> None:
    index = SearchIndex(tmp_path / "index")
    index.rebuild(SAMPLE_DOCS, 1)

    def cancel(done: int) -> None:
        if done >= 200:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.rebuild(many_docs(600), 2, cancel, expected=600)
    assert index.watermark() == 1
    assert "source:1" in keys(index.search("oven"))
    assert not list((tmp_path).glob("index.build*"))  # the half-built copy is gone
    index.close()


def test_a_failing_worker_fails_the_build(tmp_path: Path) -> None:
    bad = card(1, "argument", "A", "x")
    docs: Iterator[IndexDoc] = iter([bad])
    directory = tmp_path / "build"
    directory.mkdir()
    # A schema without the fields the documents use: every worker raises on add_document.
    from whoosh.fields import ID, Schema

    with pytest.raises(SearchIndexError, match="indexing process failed"):
        build_parallel(
            directory,
            "MAIN",
            Schema(key=ID(stored=True)),
            docs,
            workers=2,
            progress=None,
            progress_every=100,
        )
    assert build_schema() is not None


def test_the_workers_writer_writes_the_same_files_as_whoosh_s(tmp_path: Path) -> None:
    # Its only change is where the field lengths come from while postings are written.
    import hashlib

    from whoosh import index as windex
    from whoosh.writing import SegmentWriter

    from debateprep.search.schema import doc_fields
    from debateprep.search.segments import WorkerSegmentWriter

    digests = []
    for n, cls in enumerate((SegmentWriter, WorkerSegmentWriter)):
        directory = tmp_path / str(n)
        directory.mkdir()
        ix = windex.create_in(str(directory), build_schema(), indexname="MAIN")
        writer = cls(ix, _lk=False, compound=False)
        for doc in [*SAMPLE_DOCS, *many_docs(300)]:
            writer.add_document(**doc_fields(doc))
        segment = writer._finalize_segment()
        writer._finish()
        files = sorted(p for p in directory.iterdir() if segment.segment_id() in p.name)
        digests.append([(p.suffix, hashlib.md5(p.read_bytes()).hexdigest()) for p in files])
    assert digests[0] == digests[1] and len(digests[0]) >= 3
