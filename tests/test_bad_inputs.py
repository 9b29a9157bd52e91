"""Every bad input gets one clear line and leaves the library exactly as it was (issue 5, part 6).

Refused inputs go through the real CLI (exit 1, last stderr line "debateprep: ...", no traceback)
and the facade (``UserError``); sources, cards, links and the change counter are compared before
and after. Machine failures are simulated (tests may run as root): a real SQLITE_FULL through
``max_page_count`` and a raised ``OperationalError``, read-only through ``PRAGMA query_only``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.importers import read_document
from debateprep.storage import db

REPO = Path(__file__).resolve().parents[1]
CURLY = "“Curly quotes” and ‘single’ ones — with a dash.\nSecond line, café."
HOSTILE_HTML = """<html><head><title>Hostile page</title><style>p { color: red }</style>
<script>stealCookies('script-secret')</script></head><body>
<p onclick="alert('onclick-secret')">Visible words stay.</p><img src=x onerror="alert('o-secret')">
<p><a href="javascript:alert('href-secret')">A link label</a></p><noscript>noscript-secret
</noscript><script type=module>import('x')</script></body></html>"""


def snapshot(db_path: Path) -> dict[str, Any]:
    """Sources, cards, links and the change counter, read without touching the library."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        state = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("sources", "cards", "links")
        }
        return state | {
            "counter": conn.execute(
                "SELECT value FROM meta WHERE key = 'change_counter'"
            ).fetchall()
        }


# case: (file name, what its message says); "missing" is never written.
CASES = {
    "empty": ("empty.txt", "empty.txt is empty"),
    "png": ("photo.txt", "photo.txt looks like a binary file (a PNG image)"),
    "not-utf8-nor-cp1252": ("garbled.txt", "garbled.txt is not valid text in UTF-8, UTF-16 or"),
    "50mb-sparse": ("huge.txt", "huge.txt is 50 MB; DebatePrep imports files up to 20 MB"),
    "21mb-text": ("long.txt", "long.txt is 21 MB; DebatePrep imports files up to 20 MB"),
    "missing": ("gone.txt", "gone.txt does not exist"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    files = {case: folder / name for case, (name, _) in CASES.items()}
    files["empty"].write_bytes(b"")
    files["png"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    # 0x81, 0x8d, 0x8f, 0x90 and 0x9d are undefined in Windows-1252 and invalid UTF-8.
    files["not-utf8-nor-cp1252"].write_bytes(b"Caf\x81 \x8d\x8f\x90\x9d text")
    with files["50mb-sparse"].open("wb") as handle:
        handle.truncate(50 * 2**20)  # sparse: instant; only the size check may look at it
    files["21mb-text"].write_bytes(b"A line of real text.\n" * (21 * 2**20 // 21 + 1))
    return files


@pytest.fixture(scope="module")
def cli_library(_starter_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One starter library shared by the CLI cases (each checks it is unchanged)."""
    folder = tmp_path_factory.mktemp("cli") / "library"
    shutil.copytree(_starter_template, folder)
    return folder / "library.db"


def run_cli(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        prelude
        + "\nimport sys\nfrom debateprep.cli.entry import main\nsys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("debateprep:"), lines
    assert any(expected in line for line in lines), (expected, lines)


# -- refused files: CLI and facade --------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_refuses_bad_file_without_changing_library(
    case: str, bad_files: dict[str, Path], cli_library: Path
) -> None:
    before = snapshot(cli_library)
    result = run_cli("--library", str(cli_library), "import", str(bad_files[case]))
    assert_one_line_failure(result, CASES[case][1])
    assert snapshot(cli_library) == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_facade_refuses_bad_file_without_changing_library(
    case: str, bad_files: dict[str, Path], empty_library: Library
) -> None:
    before = snapshot(empty_library.path)
    with pytest.raises(UserError) as caught:
        empty_library.import_file(bad_files[case])
    assert CASES[case][1] in caught.value.message
    assert "\n" not in caught.value.message
    assert snapshot(empty_library.path) == before


def test_size_limit_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "video.txt"
    with huge.open("wb") as handle:
        handle.truncate(4 * 2**30)  # a 4 GB file dropped by mistake costs nothing
    monkeypatch.setattr(Path, "open", lambda *_, **__: pytest.fail("the file was read"))
    started = time.perf_counter()
    with pytest.raises(
        UserError, match=r"video\.txt is 4 GB; DebatePrep imports files up to 20 MB"
    ):
        read_document(huge)
    assert time.perf_counter() - started < 5  # never reads 4 GB


def test_folder_given_as_a_file(tmp_path: Path, empty_library: Library) -> None:
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    before = snapshot(empty_library.path)
    for action in (read_document, empty_library.import_file):
        with pytest.raises(UserError, match=r"^notes.txt is a folder, not a file; import the"):
            action(folder)
    assert snapshot(empty_library.path) == before


def test_unreadable_file_facade(
    tmp_path: Path, empty_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Some text", encoding="utf-8")
    real_open = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    before = snapshot(empty_library.path)
    with pytest.raises(UserError, match=r"^DebatePrep is not allowed to read locked\.txt; check"):
        empty_library.import_file(locked)
    assert snapshot(empty_library.path) == before


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads files whatever their mode; test_unreadable_file_facade simulates it",
)
def test_unreadable_file_cli(tmp_path: Path, cli_library: Path) -> None:  # pragma: no cover
    locked = tmp_path / "locked.txt"
    locked.write_text("Some text", encoding="utf-8")
    locked.chmod(0)
    before = snapshot(cli_library)
    result = run_cli("--library", str(cli_library), "import", str(locked))
    assert_one_line_failure(result, "not allowed to read locked.txt")
    assert snapshot(cli_library) == before


# -- inputs that import ------------------------------------------------------------------


def test_utf16_with_bom_imports_with_curly_quotes(tmp_path: Path, empty_library: Library) -> None:
    for codec, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(bom + (CURLY + f"\n{codec}").encode(codec))
        outcome = empty_library.import_file(path)
        assert outcome.source is not None
        assert empty_library.source_text(outcome.source.id) == CURLY + f"\n{codec}"
        assert outcome.source.title == CURLY.split("\n")[0]


def test_hostile_html_imports_clean_text_only(tmp_path: Path, empty_library: Library) -> None:
    page = tmp_path / "page.html"
    page.write_text(HOSTILE_HTML, encoding="utf-8")
    outcome = empty_library.import_file(page)
    assert outcome.source is not None
    text = empty_library.source_text(outcome.source.id)
    assert "Visible words stay." in text and "A link label" in text
    stored = text + repr(empty_library.source(outcome.source.id))
    for leftover in ("secret", "onerror", "onclick", "javascript:", "<", "color", "import("):
        assert leftover not in stored, leftover
    assert not empty_library.search("stealcookies")


@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_html_imports_fast(
    tmp_path: Path, empty_library: Library, closed: bool
) -> None:
    depth = 20_000
    body = "<div><span>" * depth + "Deep words." + ("</span></div>" * depth if closed else "")
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    started = time.perf_counter()
    outcome = empty_library.import_file(page)
    assert time.perf_counter() - started < 5
    assert outcome.source is not None
    assert empty_library.source_text(outcome.source.id) == "Deep words."


# -- the library itself: not SQLite, read-only, full disk -------------------------------


def test_library_that_is_not_sqlite_is_refused_untouched(
    tmp_path: Path, bad_files: dict[str, Path]
) -> None:
    library = tmp_path / "essay.db"
    library.write_bytes(b"My essay, saved with the wrong name.\n" * 100)
    content, mtime = library.read_bytes(), library.stat().st_mtime_ns
    message = "essay.db is not a DebatePrep library (it is not an SQLite database)"
    with pytest.raises(UserError, match=r"essay\.db is not a DebatePrep library"):
        Library.open(library)
    good = tmp_path / "good.txt"
    good.write_text("A fine article\n\nwith words.", encoding="utf-8")
    assert_one_line_failure(run_cli("--library", str(library), "import", str(good)), message)
    assert library.read_bytes() == content and library.stat().st_mtime_ns == mtime
    assert sorted(path.name for path in tmp_path.iterdir()) == ["essay.db", "good.txt"]


def test_damaged_sqlite_library_gets_a_clear_message(tmp_path: Path) -> None:
    library = tmp_path / "damaged.db"
    library.write_bytes(b"SQLite format 3\x00" + b"\x01" * 4000)
    content = library.read_bytes()
    with pytest.raises(UserError, match="damaged or is not a DebatePrep library"):
        Library.open(library)
    assert library.read_bytes() == content


def _foreign_sqlite(tmp_path: Path) -> Path:
    other = tmp_path / "photos.db"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    return other


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"not a DebatePrep library \(it has other tables"):
        Library.open(_foreign_sqlite(tmp_path))


def test_sqlite_file_of_another_program_is_left_byte_identical(tmp_path: Path) -> None:
    other = _foreign_sqlite(tmp_path)
    content = other.read_bytes()
    with pytest.raises(UserError):
        Library.open(other)
    assert other.read_bytes() == content


def test_library_folder_that_cannot_be_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(self: Path, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", denied)
    with pytest.raises(UserError, match=r"^Cannot create the library folder .*: Permission denied"):
        Library.open(tmp_path / "locked" / "class", starter=False)


def test_library_file_that_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What SQLite says when the folder is read-only and the file or its journal can't be made.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3.dbapi2, "connect", refuse)
    with pytest.raises(UserError) as caught:
        Library.open(tmp_path / "class", starter=False)
    assert caught.value.message == (
        "The library could not be opened: the library file cannot be opened or created there; "
        "check that its folder exists and that you may write to it."
    )


# SQLite's own errors, made real: max_page_count cannot drop below the file's size, so "=1"
# means the file may not grow by a single page (SQLITE_FULL, "database or disk is full");
# query_only fails every write with SQLITE_READONLY, as a read-only file or folder would.
NO_ROOM = "PRAGMA max_page_count=1"
READ_ONLY = "PRAGMA query_only=ON"


def _with_pragma(monkeypatch: pytest.MonkeyPatch, statement: str) -> None:
    real = db._set_sqlite_pragmas

    def patched(conn: Any, record: Any) -> None:
        real(conn, record)
        conn.execute(statement)

    monkeypatch.setattr(db, "_set_sqlite_pragmas", patched)


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        (NO_ROOM, "The library could not be saved: the disk is full. Free some space and try "),
        (READ_ONLY, "The library could not be saved: the library file or its folder is read-"),
    ],
)
def test_full_or_read_only_library_keeps_every_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pragma: str, expected: str
) -> None:
    path = tmp_path / "library.db"
    Library.open(path, starter=False).close()
    article = tmp_path / "big.txt"
    article.write_text("Zanzibarian ovens\n\n" + "words " * 100_000, encoding="utf-8")
    before = snapshot(path)
    _with_pragma(monkeypatch, pragma)
    with Library.open(path, starter=False) as library:
        with pytest.raises(UserError) as caught:
            library.import_file(article)
        assert caught.value.message.startswith(expected)
        assert "\n" not in caught.value.message
        assert not library.search("zanzibarian")
    monkeypatch.undo()
    assert snapshot(path) == before
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_full_disk_raised_mid_transaction_writes_nothing(
    tmp_path: Path, empty_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "ovens.txt"
    article.write_text("Solar ovens\n\nThey cook without fuel.", encoding="utf-8")
    before = snapshot(empty_library.path)
    real_flush = Session.flush

    def full(self: Session, *args: Any, **kwargs: Any) -> None:
        writing = bool(self.new)
        real_flush(self, *args, **kwargs)  # the row is written, then the disk fills
        if not writing:
            return
        raise OperationalError(
            "INSERT INTO sources", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(Session, "flush", full)
    with pytest.raises(UserError, match=r"^The library could not be saved: the disk is full"):
        empty_library.import_file(article)
    monkeypatch.undo()
    assert snapshot(empty_library.path) == before
    assert not empty_library.search("solar")
    assert empty_library.import_file(article).source is not None  # and it works afterwards


FULL_DISK_PRELUDE = f"""
from debateprep.storage import db
real = db._set_sqlite_pragmas
def no_room(conn, record):
    real(conn, record)
    conn.execute({NO_ROOM!r})
db._set_sqlite_pragmas = no_room
"""


def test_cli_full_disk_is_one_line(tmp_path: Path, cli_library: Path) -> None:
    article = tmp_path / "big.txt"
    article.write_text("Quokka ovens\n\n" + "words " * 100_000, encoding="utf-8")
    before = snapshot(cli_library)
    result = run_cli(
        "--library", str(cli_library), "import", str(article), prelude=FULL_DISK_PRELUDE
    )
    assert_one_line_failure(result, "the disk is full. Free some space and try again.")
    assert snapshot(cli_library) == before
