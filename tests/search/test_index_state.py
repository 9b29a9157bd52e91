"""The index as a rebuildable cache: watermark, needs_rebuild, corruption, rebuild."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from debateprep.search import IndexDoc, SearchIndex, SearchIndexError
from debateprep.search.state import STATE_FILE

from .helpers import SAMPLE_DOCS, card, keys

QUERIES = ["oven", "sanct", '"hot oven"', "deport", "I.C.E.", "trust"]


def snapshot(index: SearchIndex) -> list[tuple[str, str, tuple[tuple[int, int], ...], int | None]]:
    return [
        (hit.key, hit.snippet, hit.highlights, hit.offset)
        for query in QUERIES
        for hit in index.search(query)
    ]


def index_files(index: SearchIndex, suffix: str) -> list[Path]:
    files = sorted(index.directory.glob(f"*{suffix}"))
    assert files, f"no {suffix} file in {index.directory}"
    return files


# -- watermark and needs_rebuild ------------------------------------------------------------


def test_new_index_touches_nothing_and_needs_a_rebuild(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "missing" / "index")
    assert index.directory == tmp_path / "missing" / "index"
    assert not (tmp_path / "missing").exists()
    assert index.watermark() is None
    assert index.needs_rebuild(0)
    assert index.search("oven") == [] and index.doc_count() == 0
    assert not (tmp_path / "missing").exists()


def test_watermark_round_trip(index: SearchIndex) -> None:
    assert index.watermark() == 1
    assert not index.needs_rebuild(1)
    assert index.needs_rebuild(2)
    index.update([], [], 7)
    assert index.watermark() == 7
    state = json.loads((index.directory / STATE_FILE).read_text(encoding="utf-8"))
    assert state == {"schema_version": SearchIndex.SCHEMA_VERSION, "watermark": 7}
    assert SearchIndex(index.directory).watermark() == 7  # another instance reads the same


def test_other_schema_version_needs_rebuild(index: SearchIndex) -> None:
    state_file = index.directory / STATE_FILE
    state_file.write_text(json.dumps({"schema_version": -1, "watermark": 1}), encoding="utf-8")
    fresh = SearchIndex(index.directory)
    assert fresh.watermark() is None and fresh.needs_rebuild(1)
    assert fresh.search("oven") == []  # an index of another schema is not read at all


@pytest.mark.parametrize("content", ["", "{", "[1]", '{"schema_version": 1}', "\udcff"])
def test_damaged_state_file_needs_rebuild(index: SearchIndex, content: str) -> None:
    (index.directory / STATE_FILE).write_bytes(content.encode("utf-8", "surrogateescape"))
    assert SearchIndex(index.directory).needs_rebuild(1)


def test_deleted_directory_needs_rebuild(index: SearchIndex) -> None:
    shutil.rmtree(index.directory)
    assert index.watermark() is None and index.needs_rebuild(1)
    assert index.search("oven") == [] and index.doc_count() == 0


@pytest.mark.parametrize("pattern", ["*", "*.seg", "*.toc"])
def test_deleted_index_files_need_rebuild(index: SearchIndex, pattern: str) -> None:
    for path in index.directory.glob(pattern):
        if path.name != STATE_FILE:
            path.unlink()
    assert SearchIndex(index.directory).needs_rebuild(1)
    assert index.needs_rebuild(1)  # also the instance that had the index open
    index.rebuild(SAMPLE_DOCS, 1)
    assert not index.needs_rebuild(1)


@pytest.mark.parametrize("suffix", [".seg", ".toc"])
@pytest.mark.parametrize("damage", ["empty", "half", "garbage"])
def test_corrupt_files_need_rebuild(index: SearchIndex, suffix: str, damage: str) -> None:
    for path in index_files(index, suffix):
        data = path.read_bytes()
        replacement = {
            "empty": b"",
            "half": data[: len(data) // 2],
            "garbage": bytes((i * 7919) % 251 for i in range(len(data))),
        }[damage]
        path.write_bytes(replacement)
    fresh = SearchIndex(index.directory)
    assert fresh.needs_rebuild(1)
    with pytest.raises(SearchIndexError):
        fresh.search("oven")
    with pytest.raises(SearchIndexError):
        fresh.update([], ["card:1"], 2)
    assert fresh.rebuild(SAMPLE_DOCS, 2) == len(SAMPLE_DOCS)
    assert fresh.watermark() == 2 and keys(fresh.search("girlfriend"))


def test_rebuild_after_deleting_gives_the_same_results(index: SearchIndex) -> None:
    before = snapshot(index)
    assert len(before) > 10
    shutil.rmtree(index.directory)
    assert index.needs_rebuild(1)
    assert index.rebuild(SAMPLE_DOCS, 1) == len(SAMPLE_DOCS)
    assert snapshot(index) == before
    assert not index.needs_rebuild(1)


# -- rebuild --------------------------------------------------------------------------------


def many(count: int) -> Iterator[IndexDoc]:
    for number in range(1, count + 1):
        yield card(number, "argument", "A", f"Claim {number} about zebras")


def test_rebuild_reports_progress(tmp_path: Path) -> None:
    seen: list[int] = []
    index = SearchIndex(tmp_path / "ix")
    assert index.rebuild(many(250), 3, progress=seen.append) == 250
    assert seen == [100, 200, 250]
    assert index.doc_count() == 250 and index.watermark() == 3


def test_cancelled_rebuild_keeps_the_previous_index(index: SearchIndex) -> None:
    before = snapshot(index)

    def cancel(done: int) -> None:
        if done >= 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.rebuild(many(150), 9, progress=cancel)
    assert index.watermark() == 1
    assert snapshot(index) == before
    leftovers = [p.name for p in index.directory.parent.iterdir() if p != index.directory]
    assert leftovers == []


def test_failing_document_source_keeps_the_previous_index(index: SearchIndex) -> None:
    def broken() -> Iterator[IndexDoc]:
        yield from many(3)
        raise OSError("database went away")

    with pytest.raises(OSError, match="went away"):
        index.rebuild(broken(), 9)
    assert index.watermark() == 1 and index.doc_count() == len(SAMPLE_DOCS)


def test_duplicate_keys_are_a_bug(index: SearchIndex) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        index.rebuild([*SAMPLE_DOCS, SAMPLE_DOCS[0]], 2)
    assert index.watermark() == 1


def test_bad_keys_are_rejected_early() -> None:
    with pytest.raises(ValueError):
        IndexDoc(key="card:x", doc_type="card", title="", body="")
    with pytest.raises(ValueError):
        IndexDoc(key="source:1", doc_type="card", title="", body="")
    with pytest.raises(ValueError):
        IndexDoc(key="motion:1", doc_type="motion", title="", body="")


def test_rebuild_removes_leftovers_of_a_killed_rebuild(index: SearchIndex) -> None:
    parent = index.directory.parent
    (parent / f".{index.directory.name}.rebuild-abc").mkdir()
    (parent / f".{index.directory.name}.old-def").mkdir()
    index.rebuild(SAMPLE_DOCS, 2)
    assert sorted(p.name for p in parent.iterdir()) == [index.directory.name]


def test_empty_library_gets_a_usable_index(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "deep" / "er" / "index")
    assert index.rebuild([], 0) == 0
    assert index.watermark() == 0 and index.doc_count() == 0
    assert index.search("", doc_types=["card"]) == []
    index.update([card(1, "argument", "A", "First walrus")], [], 1)
    assert keys(index.search("walr")) == ["card:1"] and index.watermark() == 1
