"""A library whose folder and file are read-only: reading works, writing says so in one line.

Run as root, chmod stops nothing, so the commands run in a child that dropped root's power to
override file modes (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, via prctl before exec); as
any other user, chmod is enough. Only where neither is possible is the test skipped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from library_support import files_in, permission_bound_runner

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

Runner = Callable[..., subprocess.CompletedProcess[str]]


def _make_read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        mode = stat.S_IMODE(path.stat().st_mode)
        path.chmod(mode & ~0o222)
    folder.chmod(stat.S_IMODE(folder.stat().st_mode) & ~0o222)


def _make_writable(folder: Path) -> None:
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture
def read_only_library(_starter_template: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    yield folder / "library.db"
    _make_writable(folder)


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    runner = permission_bound_runner(tmp_path)
    if runner is None:
        pytest.skip("cannot run a child that obeys file modes here")
    cache = tmp_path / "cache"
    cache.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env["XDG_CACHE_HOME"] = str(cache)  # where the read-only library's index may go

    def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return runner(*args, env=env)

    return run_cli


def _bump_counter(db_path: Path) -> None:
    """A change the index beside the library has not seen (made while it was writable)."""
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE sources SET title = 'Renamed zanzibar source' WHERE id = (SELECT min(id) "
            "FROM sources)"
        )
        conn.execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) "
            "WHERE key = 'change_counter'"
        )
    conn.close()


def test_reading_commands_work_on_a_read_only_library(
    read_only_library: Path, run: Runner, tmp_path: Path
) -> None:
    folder = read_only_library.parent
    _make_read_only(folder)
    before = files_in(folder)
    info = run("--library", str(folder), "info")
    assert info.returncode == 0, info.stderr
    assert "5 sources" in info.stdout
    cards = run("--library", str(folder), "cards")
    assert cards.returncode == 0 and len(cards.stdout.splitlines()) > 10, cards.stderr
    found = run("--library", str(folder), "search", "oven")
    assert found.returncode == 0, found.stderr
    assert "source:" in found.stdout
    check = run("--library", str(folder), "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "The library is healthy." in check.stdout
    assert files_in(folder) == before  # nothing written, nothing made beside it


def test_writing_to_a_read_only_library_fails_in_one_line(
    read_only_library: Path, run: Runner, tmp_path: Path
) -> None:
    folder = read_only_library.parent
    article = tmp_path / "article.txt"
    article.write_text("A new article\n\nAbout ovens.", encoding="utf-8")
    _make_read_only(folder)
    before = files_in(folder)
    result = run("--library", str(folder), "import", str(article))
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("debateprep: ")
    assert "read-only" in lines[0] and "Traceback" not in result.stderr
    assert files_in(folder) == before


def test_a_stale_index_of_a_read_only_library_is_built_elsewhere(
    read_only_library: Path, run: Runner, tmp_path: Path
) -> None:
    folder = read_only_library.parent
    _bump_counter(read_only_library)
    _make_read_only(folder)
    before = files_in(folder)
    found = run("--library", str(folder), "search", "zanzibar")
    assert found.returncode == 0, found.stderr
    assert "Renamed zanzibar source" in found.stdout
    assert files_in(folder) == before
    assert list((tmp_path / "cache").rglob("debateprep-search.json"))
    check = run("--library", str(folder), "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "note: the library is read-only; its search index is in" in check.stdout


def test_a_read_only_file_in_a_writable_folder_is_read_only_too(
    read_only_library: Path, run: Runner, tmp_path: Path
) -> None:
    _bump_counter(read_only_library)
    read_only_library.chmod(0o444)
    content = read_only_library.read_bytes()
    found = run("--library", str(read_only_library), "search", "zanzibar")
    assert found.returncode == 0, found.stderr
    assert "Renamed zanzibar source" in found.stdout
    # The folder is writable, so the library's own index was rebuilt in place.
    state = read_only_library.with_name("library.index") / "debateprep-search.json"
    assert f'"watermark": {_counter(read_only_library)}' in state.read_text(encoding="utf-8")
    assert not list((tmp_path / "cache").rglob("debateprep-search.json"))
    result = run("--library", str(read_only_library), "verify")
    assert result.returncode == 0, result.stderr
    article = tmp_path / "article.txt"
    article.write_text("A new article\n\nAbout ovens.", encoding="utf-8")
    result = run("--library", str(read_only_library), "import", str(article))
    assert result.returncode == 1 and "read-only" in result.stderr, result.stderr
    assert read_only_library.read_bytes() == content


def _counter(db_path: Path) -> int:
    uri = f"{db_path.resolve().as_uri()}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        (value,) = conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()
    return int(value)
