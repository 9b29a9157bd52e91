"""Backups of a library (taken while it is open) and restoring one, index rebuilt after."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.storage import library_file
from debateprep.storage.backup import backup_library, library_version, restore_library
from debateprep.storage.models import SCHEMA_VERSION

FIXTURE = Path(__file__).parents[1] / "data" / "library_v1.db"


def card_tags(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [tag for (tag,) in conn.execute("SELECT tag FROM cards ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "lib" / "library.db"
    with Library.open(path, starter=False) as lib:
        lib.create_card("argument", "A", "Kept across the restore")
    return path


def test_backup_while_open_then_restore_round_trip(library: Path, tmp_path: Path) -> None:
    with Library.open(library, starter=False) as lib:
        lib.create_card("argument", "A", "Written just before the backup")  # still in the WAL
        backup = backup_library(library, tmp_path / "saved.db")
        lib.create_card("counterargument", "B", "Edited after the backup")
    assert backup == tmp_path / "saved.db"
    assert library_version(backup) == SCHEMA_VERSION
    assert not Path(f"{backup}-wal").exists() and not Path(f"{backup}.partial").exists()
    assert card_tags(backup) == ["Kept across the restore", "Written just before the backup"]

    index = library_file.index_dir_for(library)
    assert index.is_dir()
    previous = restore_library(backup, library)
    assert previous is not None and previous.name.startswith("library.db.before-restore-")
    assert "Edited after the backup" in card_tags(previous)
    assert not index.exists()  # derived; rebuilt on the next open

    with Library.open(library, starter=False) as lib:
        assert [card.tag for card in lib.cards()] == card_tags(backup)
        assert lib.search("edited") == []
        assert [hit.title for hit in lib.search("written")] == ["Written just before the backup"]
        assert lib.index_is_current()
        lib.create_card("argument", "B", "Life goes on after a restore")
    assert index.is_dir()
    assert library_version(backup) == SCHEMA_VERSION  # the backup itself is left as it was
    assert len(card_tags(backup)) == 2


def test_backup_never_overwrites(library: Path, tmp_path: Path) -> None:
    dest = tmp_path / "taken.db"
    dest.write_text("someone else's file", encoding="utf-8")
    with pytest.raises(UserError, match="already exists"):
        backup_library(library, dest)
    assert dest.read_text(encoding="utf-8") == "someone else's file"
    with pytest.raises(UserError, match="does not exist"):
        backup_library(library, tmp_path / "no" / "such" / "folder.db")


def test_backup_into_a_folder_names_the_file(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    made = backup_library(library, folder)
    assert made.parent == folder and made.name.startswith("library-backup-")
    assert card_tags(made) == ["Kept across the restore"]


def test_only_libraries_are_backed_up_or_restored(library: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a library", encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    conn.close()
    before = library.read_bytes()
    for bad in (notes, other, tmp_path / "missing.db"):
        with pytest.raises(UserError):
            backup_library(bad, tmp_path / "out.db")
        with pytest.raises(UserError):
            restore_library(bad, library)
    with pytest.raises(UserError, match="library itself"):
        restore_library(library, library)
    assert library.read_bytes() == before
    assert not (tmp_path / "out.db").exists()
    assert list(library.parent.glob("*before-restore*")) == []


def test_a_backup_from_a_newer_version_is_refused(library: Path, tmp_path: Path) -> None:
    newer = backup_library(library, tmp_path / "newer.db")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    before = library.read_bytes()
    with pytest.raises(UserError, match="newer DebatePrep"):
        restore_library(newer, library)
    assert library.read_bytes() == before


def test_restoring_an_old_backup_upgrades_it_on_open(tmp_path: Path) -> None:
    old = tmp_path / "old-backup.db"
    shutil.copyfile(FIXTURE, old)
    target = tmp_path / "fresh" / "library.db"
    assert restore_library(old, target) is None  # nothing was there to save first
    with Library.open(target, index=False) as lib:
        assert len(lib.cards()) == 70
    assert library_version(target) == SCHEMA_VERSION
    assert library_version(old) == 1
