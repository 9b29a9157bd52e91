"""Opening libraries: schema version checks, files that are not libraries, folders."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.storage.library_file import resolve_library_path
from debateprep.storage.models import SCHEMA_VERSION


def test_schema_version_is_stored(tmp_path: Path) -> None:
    Library.open(tmp_path / "lib.db", starter=False).close()
    with sqlite3.connect(tmp_path / "lib.db") as conn:
        (value,) = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    assert int(value) == SCHEMA_VERSION


def test_newer_library_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    Library.open(path, starter=False).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer DebatePrep"):
        Library.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes", encoding="utf-8")
    with pytest.raises(UserError, match="not a DebatePrep library"):
        Library.open(path)
    assert path.read_text(encoding="utf-8") == "my notes"


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    with pytest.raises(UserError, match="not a DebatePrep library"):
        Library.open(path)


def test_library_paths(tmp_path: Path) -> None:
    assert resolve_library_path(tmp_path) == tmp_path / "library.db"
    assert resolve_library_path(tmp_path / "new") == tmp_path / "new" / "library.db"
    assert resolve_library_path(tmp_path / "class.db") == tmp_path / "class.db"


def test_foreign_keys_and_wal_are_on(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "lib.db", starter=False)
    with library._store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    library.close()
