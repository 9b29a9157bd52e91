"""Updates after database commits: batches, missing index, stale locks, threads."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from debateprep.search import SearchIndex, SearchIndexError
from debateprep.search.state import locks_for

from .helpers import SAMPLE_DOCS, build, card, keys, source

# -- update ---------------------------------------------------------------------------------


def test_updates_and_deletes_are_visible_at_once(index: SearchIndex) -> None:
    changed = card(2, "argument", "A", "Local police should cooperate with giraffes")
    added = source(3, "Zebra crossings", "Zebras cross at dawn.")
    index.update([changed, added], ["card:1"], 2)
    assert index.watermark() == 2
    assert keys(index.search("giraffes")) == ["card:2"]
    assert index.search("ICE", doc_types=["card"]) == []  # the old tag is gone
    assert keys(index.search("zebra")) == ["source:3"]
    assert "card:1" not in keys(index.search("oven"))
    assert index.doc_count() == len(SAMPLE_DOCS)  # one added, one deleted


def test_update_batch_semantics(index: SearchIndex) -> None:
    first = card(9, "argument", "A", "Version one walrus")
    second = card(9, "argument", "A", "Version two walrus")
    index.update([first, second], [], 2)
    assert [hit.title for hit in index.search("walrus")] == ["Version two walrus"]
    index.update([card(10, "argument", "A", "Doomed walrus")], ["card:10"], 3)
    assert keys(index.search("walrus")) == ["card:9"]
    index.update([], ["card:404"], 4)  # deleting an unknown key is fine
    assert index.watermark() == 4


def test_update_without_an_index_is_skipped(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "ix")
    index.update([card(1, "argument", "A", "Lonely walrus")], [], 5)
    assert index.watermark() is None and index.needs_rebuild(5)


# -- locks and threads ----------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="flock semantics")
def test_lock_left_by_a_killed_process_does_not_block(index: SearchIndex) -> None:
    lock_file = index.directory / "MAIN_WRITELOCK"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock_file)!r}, os.O_CREAT | os.O_WRONLY)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    holder.stdout.close()
    assert lock_file.exists()
    started = time.monotonic()
    index.update([card(9, "argument", "A", "After the crash")], [], 2)
    assert time.monotonic() - started < 2
    assert keys(index.search("crash")) == ["card:9"]


@pytest.mark.skipif(os.name == "nt", reason="an open lock file cannot be removed on Windows")
def test_stale_lock_is_broken_after_the_timeout(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import fcntl

    index = build(tmp_path / "ix", lock_timeout=0.2)
    lock_file = index.directory / "MAIN_WRITELOCK"
    # A holder that never lets go (a hung process): this fd is not one of our writers.
    fd = os.open(lock_file, os.O_CREAT | os.O_WRONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with caplog.at_level(logging.WARNING, logger="debateprep.search"):
            index.update([card(9, "argument", "A", "Unblocked walrus")], [], 2)
    finally:
        os.close(fd)
    assert "stale search index lock" in caplog.text
    assert keys(index.search("walrus")) == ["card:9"] and index.watermark() == 2


def test_instances_of_one_directory_share_their_locks(tmp_path: Path) -> None:
    assert locks_for(tmp_path / "ix") is locks_for(tmp_path / "x" / ".." / "ix")
    assert locks_for(tmp_path / "ix") is locks_for(Path(str(tmp_path / "ix")))
    assert locks_for(tmp_path / "ix") is not locks_for(tmp_path / "other")


def test_concurrent_updates_and_searches(index: SearchIndex) -> None:
    errors: list[BaseException] = []
    counts: list[int] = []
    done = threading.Event()

    def writer(offset: int) -> None:
        try:
            for step in range(5):
                index.update([card(100 + offset, "argument", "A", f"Walrus {step}")], [], step)
        except BaseException as exc:
            errors.append(exc)

    def reader() -> None:
        try:
            while not done.is_set():
                counts.append(len(index.search("", doc_types=["card"], limit=100)))
                index.search("walrus oven")
        except BaseException as exc:
            errors.append(exc)
            done.set()

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    readers = [threading.Thread(target=reader) for _ in range(2)]
    for thread in [*readers, *writers]:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()
    assert errors == []
    cards = sum(1 for doc in SAMPLE_DOCS if doc.doc_type == "card")
    assert counts and all(cards <= n <= cards + 2 for n in counts)
    assert len(index.search("walrus")) == 2


def test_index_deleted_while_open_is_treated_as_missing(index: SearchIndex) -> None:
    assert index.search("oven")  # the FileIndex is cached now
    shutil.rmtree(index.directory)
    assert index.search("oven") == []
    index.update([card(9, "argument", "A", "Orphan walrus")], [], 2)  # skipped, no error
    assert index.watermark() is None and index.needs_rebuild(2)
    index.rebuild(SAMPLE_DOCS, 2)
    assert index.search("oven") and not index.needs_rebuild(2)


def test_a_failed_open_is_retried_after_a_rebuild_elsewhere(index: SearchIndex) -> None:
    for path in index.directory.glob("*.seg"):
        path.write_bytes(b"")
    broken = SearchIndex(index.directory)
    with pytest.raises(SearchIndexError):
        broken.search("oven")
    with pytest.raises(SearchIndexError):
        broken.search("oven")  # fails fast: nothing changed
    SearchIndex(index.directory).rebuild(SAMPLE_DOCS, 3)  # e.g. the library's own instance
    assert broken.search("oven")


def test_searches_during_rebuilds_never_fail(index: SearchIndex) -> None:
    errors: list[BaseException] = []

    def rebuild() -> None:
        try:
            for watermark in range(2, 5):
                SearchIndex(index.directory).rebuild(SAMPLE_DOCS, watermark)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=rebuild)
    thread.start()
    while thread.is_alive():
        hits = keys(index.search("oven"))
        assert hits == [] or set(hits) == {"card:1", "source:1", "source:2"}
    thread.join()
    assert errors == [] and index.watermark() == 4
