"""Index self-repair and `check_library`: every way the derived index can break is repaired.

Each damage is applied to a copy of the starter library's index; then ``Library.open`` must
repair it without being asked (search agrees with the database afterwards), and, on a second
damaged copy, ``check_library`` must report it as repaired and end healthy.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from debateprep.facade.checkup import check_library
from debateprep.facade.library import Library

Damage = Callable[[Path, Path], None]  # (database file, index folder)


def _truncate(pattern: str) -> Damage:
    def damage(_db: Path, index: Path) -> None:
        files = sorted(index.glob(pattern))
        assert files, pattern
        for file in files:
            file.write_bytes(b"")

    return damage


def _garble(pattern: str) -> Damage:
    def damage(_db: Path, index: Path) -> None:
        files = sorted(index.glob(pattern))
        assert files, pattern
        for file in files:
            size = max(file.stat().st_size, 64)
            file.write_bytes(bytes((i * 37 + 11) % 256 for i in range(size)))

    return damage


def _delete(_db: Path, index: Path) -> None:
    shutil.rmtree(index)


def _delete_files(_db: Path, index: Path) -> None:
    for file in index.iterdir():
        file.unlink()


def _bump_counter(db_path: Path, _index: Path) -> None:
    # A write that committed but was killed before it reached the index.
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE sources SET title = 'Renamed behind the index' "
            "WHERE id = (SELECT min(id) FROM sources)"
        )
        connection.execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) "
            "WHERE key = 'change_counter'"
        )
    connection.close()


DAMAGES: dict[str, Damage] = {
    "deleted": _delete,
    "files deleted": _delete_files,
    "toc truncated": _truncate("*.toc"),
    "segment truncated": _truncate("*.seg"),
    "state truncated": _truncate("debateprep-search.json"),
    "toc garbled": _garble("*.toc"),
    "segment garbled": _garble("*.seg"),
    "state garbled": _garble("debateprep-search.json"),
    "database changed behind its back": _bump_counter,
}


@pytest.fixture
def library_copy(_starter_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    return folder / "library.db"


def _index_dir(db_path: Path) -> Path:
    return db_path.with_name("library.index")


def _assert_search_agrees(library: Library) -> None:
    documents = len(library.sources()) + len(library.cards())
    assert library._store.index.doc_count() == documents
    assert library.index_is_current()
    for source in library.sources()[:3]:
        keys = [hit.key for hit in library.search(source.title, doc_types=["source"], limit=50)]
        assert f"source:{source.id}" in keys


@pytest.mark.parametrize("name", list(DAMAGES))
def test_open_repairs_a_damaged_index(library_copy: Path, name: str) -> None:
    DAMAGES[name](library_copy, _index_dir(library_copy))
    with Library.open(library_copy) as library:
        _assert_search_agrees(library)
        if name == "database changed behind its back":
            hits = library.search("Renamed behind the index", doc_types=["source"])
            assert hits and hits[0].title == "Renamed behind the index"


@pytest.mark.parametrize("name", list(DAMAGES))
def test_check_reports_the_repair(library_copy: Path, name: str) -> None:
    DAMAGES[name](library_copy, _index_dir(library_copy))
    report = check_library(library_copy)
    assert report.ok, report
    assert len(report.repaired) == 1, report
    assert report.repaired[0].startswith("search index:")
    assert report.indexed == report.sources + report.cards > 0
    again = check_library(library_copy)
    assert again.ok and again.repaired == (), again


@pytest.fixture
def held_lock(library_copy: Path) -> Iterator[Path]:
    """Whoosh's writer lock held by a writer that will never finish (a hung/killed process:
    flock locks belong to the open file, so a second descriptor conflicts like one)."""
    lock_file = _index_dir(library_copy) / "MAIN_WRITELOCK"
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    yield library_copy
    os.close(fd)


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_stale_writer_lock_is_broken_and_the_edit_indexed(held_lock: Path) -> None:
    with Library.open(held_lock, starter=False) as library:
        library._store.index._lock_timeout = 0.3  # keep the test quick
        card = library.create_card("argument", "A", "Zanzibar ferries cut emissions")
        hits = library.search("zanzibar")
        assert [hit.key for hit in hits] == [f"card:{card.id}"]
        _assert_search_agrees(library)


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_check_clears_a_stale_writer_lock(held_lock: Path) -> None:
    report = check_library(held_lock)
    assert report.ok, report
    assert report.repaired and "lock" in report.repaired[0]
    with Library.open(held_lock) as library:
        _assert_search_agrees(library)


def test_check_a_healthy_library(library_copy: Path) -> None:
    report = check_library(library_copy)
    assert report.ok and report.problems == () and report.repaired == ()
    assert report.sources > 0 and report.cards > 0 and report.quotes_checked > 0
    assert report.lines()[-1] == "The library is healthy."


@pytest.mark.parametrize(
    "content", [b"", b"just some text, not a database\n", b"\x89PNG\r\n\x1a\n" + bytes(200)]
)
def test_check_a_file_that_is_not_a_library(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    report = check_library(path)
    assert not report.ok and len(report.problems) == 1, report
    assert path.read_bytes() == content  # untouched


def test_check_a_missing_library(tmp_path: Path) -> None:
    report = check_library(tmp_path / "nowhere.db")
    assert not report.ok and "no library" in report.problems[0]
    assert not (tmp_path / "nowhere.db").exists()


def test_check_reports_a_changed_quote_and_broken_database(library_copy: Path) -> None:
    with sqlite3.connect(library_copy) as connection:
        connection.execute(
            "UPDATE sources SET text = 'rewritten' || text "
            "WHERE id = (SELECT source_id FROM cards WHERE kind = 'evidence' LIMIT 1)"
        )
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute(
            "INSERT INTO links (kind, from_id, to_id) VALUES ('supports', 999998, 999999)"
        )
    connection.close()
    report = check_library(library_copy)
    assert not report.ok
    assert any("card" in line and "changed" in line for line in report.problems), report
    assert any("missing" in line for line in report.problems), report


def test_check_refuses_a_newer_schema(library_copy: Path) -> None:
    with sqlite3.connect(library_copy) as connection:
        connection.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    connection.close()
    report = check_library(library_copy)
    assert not report.ok and "newer" in report.problems[0]
