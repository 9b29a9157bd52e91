"""What DebatePrep writes out, aimed at the wrong place or fed hostile text (issue 10).

Exports refuse the library's own files (its database, journals, lock and index folder) in
every format, from the CLI and the core, and write atomically; terminal output shows the
control characters of imported text instead of obeying them.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from debateprep import files, paths
from debateprep.cli import entry as cli
from debateprep.cli.terminal import escape, one_line, styled
from debateprep.errors import UserError
from debateprep.export_target import check_export_target
from debateprep.facade.library import Library

FORMATS = [
    ("brief", "md"),
    ("brief", "docx"),
    ("brief", "pdf"),
    ("map", "md"),
    ("map", "argdown"),
    ("map", "aif"),
    ("map", "svg"),
    ("map", "png"),
    ("packet", "md"),
    ("packet", "html"),
    ("packet", "pdf"),
]
# Where an export must never go, relative to the library folder.
LIBRARY_FILES = [
    "library.db",
    "library.db-wal",
    "library.db-shm",
    "library.db-journal",
    "library.db.lock",
    "library.index",
    "library.index/MAIN_1.toc",
    "library.index/new/packet.md",
    "../lib/library.db",
    "LIBRARY.DB",
]

# The fresh library holds the bundled corpus and every card of the starter map.
STARTER_CARDS = len(json.loads(paths.resource("starter_map.json").read_text("utf-8"))["cards"])


@pytest.fixture
def library_dir(_starter_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    return folder


def run_cli(
    capsys: pytest.CaptureFixture[str], *args: str, library: Path | None = None
) -> tuple[int, str, str]:
    argv = (["--library", str(library)] if library else []) + list(args)
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the library folder (the database and the whole index) and its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _assert_library_whole(folder: Path, before: dict[str, bytes]) -> None:
    assert _snapshot(folder) == before
    with Library.open(folder / "library.db") as library:
        assert library.counts() == (5, STARTER_CARDS)
        assert not library.verify()
        assert library.search("oven")


# -- 1. exports never replace the library's own files -----------------------------------------


@pytest.mark.parametrize(("what", "fmt"), FORMATS)
def test_every_format_refuses_every_library_file(
    library_dir: Path, capsys: pytest.CaptureFixture[str], what: str, fmt: str
) -> None:
    link = library_dir.parent / f"innocent.{fmt}"
    link.symlink_to(library_dir / "library.db")
    targets = [library_dir / name for name in LIBRARY_FILES] + [link]
    before = _snapshot(library_dir)
    for target in targets:
        code, out, err = run_cli(
            capsys, "export", what, "--format", fmt, "--out", str(target), library=library_dir
        )
        assert code == 1, (target, out, err)
        assert out == "" and err.count("\n") == 1, err
        assert err.startswith("debateprep: ") and "library's own files" in err
    assert link.is_symlink() and link.resolve() == library_dir / "library.db"
    _assert_library_whole(library_dir, before)


def test_refusal_holds_while_the_library_is_open_with_its_journal(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another process (here: this one) has the library open: -wal and -shm exist on disk.
    with Library.open(library_dir / "library.db") as library:
        library.create_card("argument", "A", "An edit that lives in the journal")
        wal = library_dir / "library.db-wal"
        assert wal.stat().st_size > 0
        journal = wal.read_bytes()
        for target in (wal, library_dir / "library.db-shm", library_dir / "library.db"):
            code, _out, err = run_cli(
                capsys, "export", "map", "--out", str(target), library=library_dir
            )
            assert code == 1 and "library's own files" in err
        assert wal.read_bytes()[: len(journal)] == journal
    with Library.open(library_dir / "library.db") as library:
        assert any(card.tag == "An edit that lives in the journal" for card in library.cards())


def test_hard_link_and_other_database_are_refused(
    library_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard = tmp_path / "notes.md"
    os.link(library_dir / "library.db", hard)
    code, _out, err = run_cli(capsys, "export", "map", "--out", str(hard), library=library_dir)
    assert code == 1 and "library's own files" in err
    # Some other SQLite database (another library, another program's): never replaced.
    other = tmp_path / "grades.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE marks (name TEXT)")
    connection.close()
    data = other.read_bytes()
    code, _out, err = run_cli(capsys, "export", "map", "--out", str(other), library=library_dir)
    assert code == 1 and "SQLite database" in err and err.count("\n") == 1
    assert other.read_bytes() == data


def test_packet_html_copy_is_checked_before_anything_is_written(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # packet.md is fine, but its HTML copy would be library.db.html: refuse both.
    target = library_dir / "library.db.md"
    code, _out, err = run_cli(capsys, "export", "packet", "--out", str(target), library=library_dir)
    assert code == 1 and "library's own files" in err
    assert not target.exists()
    with Library.open(library_dir / "library.db") as library:
        (library_dir / "notes").mkdir()
        with pytest.raises(UserError, match="library's own files"):
            library.export_packet(library_dir / "notes" / ".." / "library.db.x")
        assert not list((library_dir / "notes").iterdir())


def test_core_writers_refuse_too(library_dir: Path) -> None:
    with Library.open(library_dir / "library.db") as library:
        before = (library_dir / "library.db").read_bytes()
        db = library_dir / "library.db"
        with pytest.raises(UserError):
            library.export_map(db)
        with pytest.raises(UserError):
            library.export_map_as(db, "svg")
        with pytest.raises(UserError):
            library.export_brief(library_dir / "library.index" / "b.md")
        with pytest.raises(UserError):
            library.export_brief_docx(library_dir / "library.db-wal")
        with pytest.raises(UserError):
            library.write_export(library_dir / "library.db.lock", "x")
        assert (library_dir / "library.db").read_bytes() == before
        # Names that only look alike are fine.
        for name in ("library.md", "library.index.md", "my-library.db.md"):
            assert library.export_map(library_dir / name).is_file()


def test_check_is_by_name_when_nothing_exists_yet(tmp_path: Path) -> None:
    db = tmp_path / "class.db"
    for name in ("class.db", "class.db-wal", "Class.DB-shm", "class.db.lock", "class.index/x"):
        with pytest.raises(UserError):
            check_export_target(tmp_path / name, db)
    assert check_export_target(tmp_path / "class.md", db) == tmp_path / "class.md"
    assert check_export_target(tmp_path / "class.index.md", db) == tmp_path / "class.index.md"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.md"
    target.write_text("the old export", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(UserError, match="No space left"):
        files.write_text(target, "a new export " * 1000)
    assert target.read_text(encoding="utf-8") == "the old export"
    assert [path.name for path in tmp_path.iterdir()] == ["map.md"]


def test_interrupted_export_leaves_nothing(
    library_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+C in the middle of a long export: exit 130, one line, no file at all."""
    out = tmp_path / "exports"
    out.mkdir()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            if "Laying out pages" in text:
                raise KeyboardInterrupt  # the user pressed Ctrl+C while pages were laid out
            return super().write(text)

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = cli.main(
        ["--library", str(library_dir), "export", "packet", "--out", str(out / "packet.pdf")]
    )
    assert code == 130
    # The status line is wiped, then one line says what happened.
    assert terminal.getvalue().endswith(
        "\r\x1b[Kdebateprep: export cancelled; nothing was written.\n"
    )
    assert not list(out.iterdir())


# -- 5. terminal output shows control characters, never obeys them ----------------------------

OSC_52 = "\x1b]52;c;aGFja2Vk\x07"  # write "hacked" to the clipboard
CLEAR = "\x1b[2J"
HOSTILE = f"Title {OSC_52} with {CLEAR}, a bell\x07, CSI\x9b and \u202eRLO\u202c and a tab\tend"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\x9d")


@pytest.fixture
def hostile_library(library_dir: Path) -> Iterator[Path]:
    with Library.open(library_dir / "library.db") as library:
        source = library.add_source(f"zanzibar {HOSTILE}\n\nzanzibar body {HOSTILE}")
        library.edit_source(source.id, title=HOSTILE, author=HOSTILE, outlet=OSC_52)
        motion = library.default_motion()
        library.edit_motion(motion.id, resolution=HOSTILE, side_a=OSC_52, side_b=CLEAR)
        card = library.cut_card(source.id, 0, 30, tag=f"zanzibar {HOSTILE}", side="A")
        library.edit_card(card.id, notes=HOSTILE)
        library.set_source_text(source.id, f"changed {HOSTILE}")  # verify reports the card
    yield library_dir


@pytest.mark.parametrize(
    "command",
    [
        ["search", "zanzibar"],
        ["search", "zanzibar", "--json"],
        ["sources"],
        ["sources", "--json"],
        ["cards"],
        ["cards", "--json"],
        ["motions"],
        ["motions", "--json"],
        ["map"],
        ["verify"],
        ["info"],
        ["export", "map", "--out", "-"],
        ["export", "map", "--format", "aif", "--out", "-"],
        ["export", "map", "--format", "argdown", "--out", "-"],
        ["export", "map", "--format", "svg", "--out", "-"],
        ["export", "packet", "--out", "-"],
        ["export", "brief", "--out", "-"],
    ],
)
def test_cli_output_holds_no_raw_control_characters(
    hostile_library: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    _code, out, err = run_cli(capsys, *command, library=hostile_library)
    assert out or err
    for raw in RAW:
        assert raw not in out and raw not in err, (raw, command)
    if "--json" in command or "aif" in command:
        json.loads(out)  # the escapes are JSON escapes: still valid, same values
    if command[0] in ("sources", "cards", "motions") and "--json" not in command:
        assert "\\u001b]52;c;aGFja2Vk\\u0007" in out  # shown, so the user can see it


def test_json_keeps_the_exact_text(
    hostile_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(hostile_library / "library.db") as library:
        stored = {source.id: source.title for source in library.sources()}
    _code, out, _err = run_cli(capsys, "sources", "--json", library=hostile_library)
    titles = {source["id"]: source["title"] for source in json.loads(out)}
    assert titles == stored and any("\x1b]52" in title for title in titles.values())


def test_error_messages_are_escaped_too(
    library_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = tmp_path / f"x{OSC_52}.txt"
    evil.write_bytes(b"")
    code, out, err = run_cli(capsys, "import", str(evil), library=library_dir)
    assert code == 1 and err.count("\n") == 1
    assert not any(raw in out + err for raw in RAW)


def test_search_highlight_on_a_terminal_is_our_bold_only() -> None:
    text = f"before {OSC_52} match after"
    start = text.index("match")
    marked = styled(text, [(start, start + 5)], bold=True)
    assert marked.count("\x1b") == 2 and "\x1b[1mmatch\x1b[0m" in marked
    assert "\x07" not in marked and "\\u001b]52" in marked
    assert styled(text, [(start, start + 5)], bold=False).count("\x1b") == 0


def test_escape_shows_every_control_and_keeps_layout() -> None:
    controls = "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)]))
    shown = escape(controls + "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069")
    assert shown.isprintable() is False  # tab and newline stay
    assert set(shown) - set("\\u0123456789abcdef") == {"\t", "\n"}
    assert one_line("a\nb\tc\x1b") == "a b c\\u001b"
    assert escape("plain “text”, émigré, 移民") == "plain “text”, émigré, 移民"
