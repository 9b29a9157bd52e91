"""The library's own files under hostile conditions: odd characters in its path, an empty
database file with a -wal beside it, a database swapped under its index, backups racing each
other, and a file sitting where the index folder belongs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from library_support import (
    ENV,
    REPO,
    assert_one_line_failure,
    card_tags,
    files_in,
    meta,
    run_cli,
)

from debateprep.errors import UserError
from debateprep.facade.checkup import check_library
from debateprep.facade.library import Library
from debateprep.storage import library_file
from debateprep.storage.backup import backup_library, library_version, restore_library

# -- paths are file names, never URLs ---------------------------------------------------------

ODD_FOLDERS = ["q?a", "hash#tag", "a%20b", "100%", "Débat ünï €", "semi;colon&amp=1"]


@pytest.mark.parametrize("folder_name", ODD_FOLDERS)
def test_a_library_under_any_folder_name_stays_in_its_own_file(
    tmp_path: Path, folder_name: str
) -> None:
    parent = tmp_path / "Debate"
    folder = parent / folder_name
    db_path = folder / "lib.db"
    with Library.open(db_path, starter=False) as library:
        library.create_card("argument", "A", "Lands in the right file")
    # The data is in lib.db inside the odd folder, and nothing else was made anywhere.
    assert sorted(p.name for p in parent.iterdir()) == [folder_name]
    assert card_tags(db_path) == ["Lands in the right file"]
    with Library.open(db_path, starter=False) as library:
        assert [card.tag for card in library.cards()] == ["Lands in the right file"]
        assert [hit.title for hit in library.search("right file")] == ["Lands in the right file"]
        library.create_card("argument", "B", "Second card")

    saved = backup_library(db_path, folder / "saved?#%20.db")
    assert saved.name == "saved?#%20.db" and card_tags(saved) == card_tags(db_path)
    with Library.open(db_path, starter=False) as library:
        library.create_card("argument", "A", "Lost by the restore")
    assert restore_library(saved, db_path) is not None
    assert card_tags(db_path) == ["Lands in the right file", "Second card"]
    report = check_library(db_path)
    assert report.ok and report.cards == 2, report
    assert sorted(p.name for p in parent.iterdir()) == [folder_name]


def test_the_command_line_takes_odd_folder_names(tmp_path: Path) -> None:
    folder = tmp_path / "q?a #1 %20 é"
    first = run_cli("--library", str(folder), "info")
    assert first.returncode == 0, first.stderr
    assert (folder / "library.db").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]
    backup = run_cli("--library", str(folder), "backup", str(tmp_path / "b?%41.db"))
    assert backup.returncode == 0, backup.stderr
    assert (tmp_path / "b?%41.db").is_file()
    assert run_cli("--library", str(folder), "check").returncode == 0


# -- an empty database file is never taken over -------------------------------------------------


@pytest.fixture
def empty_db_with_wal(tmp_path: Path) -> Path:
    """A 0-byte library.db beside the -wal of a real library holding committed cards (what
    a failed copy or a sync client can leave)."""
    source = tmp_path / "real" / "library.db"
    library = Library.open(source, starter=False)
    try:
        for n in range(20):
            library.create_card("argument", "A", f"Committed card {n}")
        wal = source.with_name("library.db-wal")
        assert wal.stat().st_size > 0  # the cards are (also) in the WAL
        target = tmp_path / "synced" / "library.db"
        target.parent.mkdir()
        shutil.copyfile(wal, target.with_name("library.db-wal"))
    finally:
        library.close()
    target.write_bytes(b"")
    return target


def test_an_empty_database_with_a_wal_is_refused_and_both_files_kept(
    empty_db_with_wal: Path,
) -> None:
    folder = empty_db_with_wal.parent
    before = files_in(folder)
    with pytest.raises(UserError) as opened:
        Library.open(empty_db_with_wal)
    message = opened.value.message
    assert "is empty (0 bytes)" in message and "nothing was changed" in message
    assert "library.db-wal" in message and "\n" not in message
    assert files_in(folder) == before  # byte for byte, and nothing new beside them

    report = check_library(empty_db_with_wal)
    assert not report.ok and report.problems == (message,)  # open and check agree
    assert_one_line_failure(run_cli("--library", str(empty_db_with_wal), "info"), message)
    assert_one_line_failure(run_cli("--library", str(folder), "cards"), message)
    assert files_in(folder) == before


def test_no_new_library_is_made_beside_an_orphan_wal(empty_db_with_wal: Path) -> None:
    empty_db_with_wal.unlink()  # the -wal alone: a new database would get its pages
    folder = empty_db_with_wal.parent
    before = files_in(folder)
    with pytest.raises(UserError) as caught:
        Library.open(empty_db_with_wal)
    assert caught.value.message.startswith(f"There is no library at {empty_db_with_wal}, but")
    assert "library.db-wal" in caught.value.message
    assert files_in(folder) == before


def test_an_empty_database_alone_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    path.write_bytes(b"")
    with pytest.raises(UserError, match=r"is empty \(0 bytes\)") as caught:
        Library.open(path)
    assert "-wal" not in caught.value.message
    assert files_in(tmp_path) == {"library.db": b""}


def test_an_sqlite_file_without_tables_is_not_filled(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 7")  # a real, empty SQLite database
    conn.close()
    content = path.read_bytes()
    with pytest.raises(UserError, match="empty SQLite database, not a DebatePrep library"):
        Library.open(path)
    assert files_in(tmp_path) == {"blank.db": content}
    assert not check_library(path).ok


CREATOR = textwrap.dedent(
    """
    import os, sys
    from debateprep.storage import library_file
    from debateprep.facade.library import Library

    real_publish = library_file._publish

    def killed(temp, db_path):
        # The moment before the new library gets its name: what a kill leaves here.
        print("exists" if os.path.lexists(db_path) else "absent", flush=True)
        os.kill(os.getpid(), 9)

    library_file._publish = killed
    Library.open(sys.argv[1], starter=False)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_creation_killed_midway_leaves_no_library_file(tmp_path: Path) -> None:
    db_path = tmp_path / "new" / "library.db"
    run = subprocess.run(
        [sys.executable, "-c", CREATOR, str(db_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=ENV,
        timeout=60,
        check=False,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert run.stdout.strip() == "absent"
    assert not db_path.exists()  # only a hidden temporary file, never an empty library.db
    with Library.open(db_path, starter=False) as library:
        assert library.cards() == []
        library.create_card("argument", "A", "A fresh library after the kill")
    assert card_tags(db_path) == ["A fresh library after the kill"]


def test_a_new_library_is_created_whole_once_by_racing_openers(tmp_path: Path) -> None:
    db_path = tmp_path / "race" / "library.db"
    code = (
        "import sys, time\nfrom debateprep.facade.library import Library\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
        "Library.open(sys.argv[1]).close()\n"
    )
    start = str(time.time() + 1.5)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db_path), start],
            cwd=REPO,
            env=ENV,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    with Library.open(db_path) as library:
        assert len(library.sources()) == 5  # the starter corpus, loaded once
    assert not list(db_path.parent.glob(".library.db.new-*"))


# -- the index belongs to one database ----------------------------------------------------------


def _library_with_source(path: Path, title: str, body: str) -> None:
    with Library.open(path, starter=False) as library:
        library.add_source(body, title=title)


def test_an_index_left_from_another_database_is_rebuilt(tmp_path: Path) -> None:
    a = tmp_path / "a" / "library.db"
    b = tmp_path / "b" / "library.db"
    _library_with_source(a, "Zebra migration", "Zebras cross the river every year.")
    _library_with_source(b, "Giraffe feeding", "Giraffes eat acacia leaves.")
    # Same change counter, different databases: the counter alone cannot tell them apart.
    assert meta(a)["change_counter"] == meta(b)["change_counter"]
    assert meta(a)["library_id"] != meta(b)["library_id"]
    shutil.copyfile(b, a)  # A's index stays; the database under it is B's
    with Library.open(a, starter=False) as library:
        assert library.search("zebra") == []
        assert [hit.title for hit in library.search("giraffe")] == ["Giraffe feeding"]
    report = check_library(a)
    assert report.ok and report.repaired == (), report


def test_check_says_an_index_belongs_to_another_library(tmp_path: Path) -> None:
    a = tmp_path / "a" / "library.db"
    b = tmp_path / "b" / "library.db"
    _library_with_source(a, "Zebra migration", "Zebras cross the river every year.")
    _library_with_source(b, "Giraffe feeding", "Giraffes eat acacia leaves.")
    shutil.copyfile(b, a)
    report = check_library(a)
    assert report.ok, report
    assert report.repaired == (
        "search index: it was built for another library (its library id differs); "
        "rebuilt from the database",
    )


def test_an_index_without_a_library_id_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "lib" / "library.db"
    _library_with_source(path, "Zebra migration", "Zebras cross the river every year.")
    state_file = library_file.index_dir_for(path) / "debateprep-search.json"
    state = state_file.read_text(encoding="utf-8")
    assert '"library_id"' in state
    # What an index made before library ids looks like.
    old = json.loads(state)
    del old["library_id"]
    state_file.write_text(json.dumps(old), encoding="utf-8")
    assert check_library(path).repaired == (
        "search index: it was built for another library (its library id differs); "
        "rebuilt from the database",
    )
    assert '"library_id"' in state_file.read_text(encoding="utf-8")  # rebuilt with one


def test_backups_and_restores_get_their_own_library_id(tmp_path: Path) -> None:
    path = tmp_path / "lib" / "library.db"
    _library_with_source(path, "Zebra migration", "Zebras cross the river every year.")
    original = meta(path)["library_id"]
    saved = backup_library(path, tmp_path / "saved.db")
    assert meta(saved)["library_id"] not in ("", original)
    restore_library(saved, path)
    assert meta(path)["library_id"] not in (original, meta(saved)["library_id"])
    with Library.open(path, starter=False) as library:
        assert [hit.title for hit in library.search("zebra")] == ["Zebra migration"]


# -- concurrent backups --------------------------------------------------------------------------

BACKUP = textwrap.dedent(
    """
    import sys, time
    from debateprep.cli.entry import main

    time.sleep(max(0.0, float(sys.argv[3]) - time.time()))
    sys.exit(main(["--library", sys.argv[1], "backup", sys.argv[2]]))
    """
)


def _backups_at_once(library: Path, dest: Path, count: int) -> list[tuple[int, str, str]]:
    start = str(time.time() + 1.5)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", BACKUP, str(library), str(dest), start],
            cwd=REPO,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=180)
        results.append((run.returncode, out, err))
    return results


@pytest.fixture
def big_library(tmp_path: Path) -> Path:
    """A library big enough (~4 MB) that copying it takes a while."""
    path = tmp_path / "lib" / "library.db"
    with Library.open(path, starter=False) as library:
        for n in range(4):
            library.create_card("argument", "A", f"card {n}", notes="several words " * 80_000)
    return path


def test_concurrent_backups_to_one_file_leave_exactly_one_good_backup(
    big_library: Path, tmp_path: Path
) -> None:
    for trial in range(2):
        dest = tmp_path / f"same-{trial}.db"
        results = _backups_at_once(big_library, dest, 4)
        winners = [r for r in results if r[0] == 0]
        assert len(winners) == 1, results
        for code, _out, err in results:
            assert "Traceback" not in err
            if code != 0:
                assert (
                    err.strip()
                    == f"debateprep: {dest} already exists; choose a new name for the backup."
                )
        assert library_version(dest) > 0
        assert card_tags(dest) == [f"card {n}" for n in range(4)]
        assert sorted(
            p.name for p in tmp_path.iterdir() if p.name.startswith((".same", "same"))
        ) == [f"same-{n}.db" for n in range(trial + 1)]


def test_concurrent_backups_into_a_folder_each_get_a_file(
    big_library: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    results = _backups_at_once(big_library, folder, 3)
    assert all(code == 0 for code, _, _ in results), results
    made = sorted(folder.iterdir())
    assert len(made) == 3 and not any(p.name.startswith(".") for p in made)
    for path in made:
        assert card_tags(path) == [f"card {n}" for n in range(4)]


# -- a file where the index folder belongs -------------------------------------------------------


@pytest.fixture
def index_is_a_file(_starter_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    index = folder / "library.index"
    shutil.rmtree(index)
    index.write_text("my own notes, saved under an unlucky name", encoding="utf-8")
    return folder / "library.db"


def _moved_aside(folder: Path) -> list[Path]:
    return sorted(folder.glob("library.index.not-an-index-*"))


@pytest.mark.parametrize("command", [["info"], ["search", "oven"], ["cards"], ["reindex"]])
def test_commands_work_when_the_index_path_is_a_file(
    index_is_a_file: Path, command: list[str]
) -> None:
    result = run_cli("--library", str(index_is_a_file), *command)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if command[0] == "search":
        assert "No matches." not in result.stdout and "source:" in result.stdout
    folder = index_is_a_file.parent
    (moved,) = _moved_aside(folder)
    assert moved.read_text(encoding="utf-8") == "my own notes, saved under an unlucky name"
    assert (folder / "library.index").is_dir()


def test_check_repairs_an_index_path_that_is_a_file(index_is_a_file: Path) -> None:
    report = check_library(index_is_a_file)
    assert report.ok, report
    (moved,) = _moved_aside(index_is_a_file.parent)
    assert report.repaired == (
        f"search index: library.index was not a folder; it was moved to {moved.name}; "
        "rebuilt from the database",
    )
    assert moved.read_text(encoding="utf-8") == "my own notes, saved under an unlucky name"
    with Library.open(index_is_a_file) as library:
        assert library.index_is_current() and library.search("oven")


def test_search_says_why_when_the_index_cannot_be_made(
    index_is_a_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from debateprep.search import state

    def cannot_move(directory: Path) -> Path | None:
        raise state.SearchIndexError(f"{directory} is not a folder and could not be moved aside")

    monkeypatch.setattr(state, "move_aside_foreign", cannot_move)
    with Library.open(index_is_a_file) as library:
        assert len(library.cards()) > 0  # the library itself works
        with pytest.raises(UserError, match=r"^Search is unavailable: .* could not be moved"):
            library.search("oven")
