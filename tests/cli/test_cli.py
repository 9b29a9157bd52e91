"""The command line, run as a real subprocess like a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def library_dir(_starter_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    return folder


def run(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run(
        [sys.executable, "-m", "debateprep", "--library", str(library), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=120,
    )


def test_search_oven_finds_the_gambia_case(library_dir: Path) -> None:
    result = run(library_dir, "search", "oven")
    assert result.returncode == 0, result.stderr
    assert "[oven]" in result.stdout.lower()
    assert "gambia" in result.stdout.lower()


def test_search_json(library_dir: Path) -> None:
    result = run(library_dir, "search", "oven", "--json", "--kind", "source")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and hits[0]["doc_type"] == "source" and hits[0]["offset"] is not None


def test_sources_and_cards_listing(library_dir: Path) -> None:
    sources = json.loads(run(library_dir, "sources", "--json").stdout)
    assert len(sources) == 5
    text = run(library_dir, "sources").stdout
    assert "Sanctuary cities send a message" in text
    cards = json.loads(
        run(library_dir, "cards", "--json", "--kind", "argument", "--side", "B").stdout
    )
    assert len(cards) >= 6 and {card["side"] for card in cards} == {"B"}
    assert run(library_dir, "motions").returncode == 0


def test_import_and_reimport(library_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text("A new article\n\nThe Byrne grant conditions.", encoding="utf-8")
    first = run(library_dir, "import", str(article))
    assert first.returncode == 0, first.stderr
    assert "imported" in first.stdout
    again = run(library_dir, "import", str(article))
    assert again.returncode == 0 and "duplicate" in again.stdout
    assert len(json.loads(run(library_dir, "sources", "--json").stdout)) == 6


def test_user_error_exits_1_with_one_line(library_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(library_dir, "import", str(empty))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("debateprep:")
    missing = run(library_dir, "export", "map", "--motion", "99", "--out", str(tmp_path / "m.md"))
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "no motion with id 99" in missing.stderr


def test_bad_usage_exits_2(library_dir: Path) -> None:
    assert run(library_dir, "frobnicate").returncode == 2
    assert run(library_dir, "export", "nothing", "--out", "x").returncode == 2
    assert run(library_dir, "search").returncode == 2


def test_exports(library_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for what in ("brief", "map", "packet"):
        result = run(library_dir, "export", what, "--out", str(out / f"{what}.md"))
        assert result.returncode == 0, result.stderr
    brief = (out / "brief.md").read_text(encoding="utf-8")
    assert brief.startswith("**") and "\n### " in brief and "\n#### " in brief
    table = (out / "map.md").read_text(encoding="utf-8")
    assert "| Pro" in table and "Con" in table
    html = markdown.markdown(table, extensions=["tables"])
    assert "<table>" in html
    assert (
        (out / "packet.html")
        .read_text(encoding="utf-8")
        .lstrip()
        .lower()
        .startswith("<!doctype html>")
    )
    side_b = run(library_dir, "export", "brief", "--side", "Con", "--out", "-")
    assert side_b.returncode == 0 and side_b.stdout.startswith("**Con")
    worksheet = run(library_dir, "export", "packet", "--variant", "worksheet", "--out", "-")
    assert worksheet.returncode == 0 and worksheet.stdout


def test_verify_and_reindex(library_dir: Path) -> None:
    result = run(library_dir, "verify")
    assert result.returncode == 0, result.stderr
    assert "match their sources exactly" in result.stdout
    result = run(library_dir, "reindex")
    assert result.returncode == 0 and "Indexed" in result.stdout


def test_info_shows_the_library(library_dir: Path) -> None:
    result = run(library_dir, "info")
    assert result.returncode == 0, result.stderr
    assert "5 sources" in result.stdout


def test_verify_reports_a_changed_source(library_dir: Path) -> None:
    from debateprep.facade.library import Library

    with Library.open(library_dir) as library:
        card = library.cards(kind="evidence")[0]
        assert card.source_id is not None
        text = library.source_text(card.source_id)
        library.set_source_text(card.source_id, "Editor's note.\n" + text)
    result = run(library_dir, "verify")
    assert result.returncode == 1
    assert f"card {card.id}" in result.stdout
    assert "no longer match" in result.stderr


def test_backup_and_restore(library_dir: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    result = run(library_dir, "backup", str(backup))
    assert result.returncode == 0, result.stderr
    assert backup.is_file()
    article = tmp_path / "late.txt"
    article.write_text("Added after the backup\n\nAbout 287(g) agreements.", encoding="utf-8")
    assert run(library_dir, "import", str(article)).returncode == 0
    assert len(json.loads(run(library_dir, "sources", "--json").stdout)) == 6
    restored = run(library_dir, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "saved at" in restored.stdout
    assert len(json.loads(run(library_dir, "sources", "--json").stdout)) == 5
    assert run(library_dir, "backup", str(backup)).returncode == 1  # never overwrites


@pytest.mark.parametrize(
    ("args", "name", "magic"),
    [
        (("brief",), "brief.docx", b"PK\x03\x04"),
        (("brief", "--format", "pdf", "--page-size", "Letter"), "brief.out", b"%PDF-"),
        (("map",), "map.argdown", b"==="),
        (("map",), "map.json", b"{"),
        (("map",), "map.svg", b"<?xml"),
        (("map",), "map.png", b"\x89PNG"),
        (("packet", "--variant", "worksheet"), "packet.pdf", b"%PDF-"),
        (("packet",), "packet.html", b"<!doctype html>"),
        (("map", "--cite-style", "apa"), "map.md", b"# Resolved"),
    ],
)
def test_export_formats(
    library_dir: Path, tmp_path: Path, args: tuple[str, ...], name: str, magic: bytes
) -> None:
    out = tmp_path / name
    result = run(library_dir, "export", *args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(magic)
    assert out.stat().st_mode & 0o044  # an ordinary, readable document, not a private temp


def test_export_format_errors_are_one_line(library_dir: Path, tmp_path: Path) -> None:
    result = run(library_dir, "export", "brief", "--out", str(tmp_path / "brief.png"))
    assert result.returncode == 1
    assert "A brief exports as md, docx, pdf, not png" in result.stderr
    result = run(library_dir, "export", "map", "--format", "png", "--out", "-")
    assert result.returncode == 1 and "binary format" in result.stderr
    result = run(library_dir, "export", "map", "--format", "argdown", "--out", "-")
    assert result.returncode == 0 and result.stdout.startswith("===")


def test_import_recognises_kialo_and_verbatim_by_content(library_dir: Path, tmp_path: Path) -> None:
    kialo = tmp_path / "discussion.txt"
    shutil.copy(REPO / "tests" / "data" / "kialo" / "sanctuary_cities.txt", kialo)
    docx = tmp_path / "brief.docx"
    assert run(library_dir, "export", "brief", "--out", str(docx)).returncode == 0
    renamed = tmp_path / "cards.bin"  # a Word file under another name is still read as one
    shutil.copy(docx, renamed)
    result = run(library_dir, "import", str(kialo), str(docx))
    assert result.returncode == 0, result.stderr
    assert "Kialo discussion" in result.stdout and "is now motion" in result.stdout
    assert "imported" in result.stdout and "cards" in result.stdout
    motions = json.loads(run(library_dir, "motions", "--json").stdout)
    assert len(motions) == 2
    result = run(library_dir, "import", str(renamed))
    assert result.returncode == 0 and "already in the library" in result.stdout
    assert run(library_dir, "verify").returncode == 0


@pytest.mark.parametrize("command", [["info"], ["search", "oven"], ["map"], ["sources", "--json"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(
    library_dir: Path, command: list[str]
) -> None:
    """``debateprep search oven | head -3``: no traceback, no "Exception ignored"."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    process = subprocess.Popen(
        [sys.executable, "-m", "debateprep", "--library", str(library_dir), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    with process.stderr:
        stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert stderr == ""


def test_help_lists_every_import_type_and_every_export_format() -> None:
    from debateprep.formats import EXPORT_FORMATS

    main_help = subprocess.run(
        [sys.executable, "-m", "debateprep", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=60,
    ).stdout
    for kind in (".txt", ".md", ".html", ".docx", "Kialo"):
        assert kind in " ".join(main_help.split()), kind
    export_help = " ".join(
        subprocess.run(
            [sys.executable, "-m", "debateprep", "export", "--help"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
            timeout=60,
        ).stdout.split()
    )
    for fmt in EXPORT_FORMATS:
        assert fmt.name in export_help and f".{fmt.extension}" in export_help


def test_help_loads_neither_the_library_nor_qt() -> None:
    """What keeps ``--help`` fast (benchmarks/cli_bench.py measures it)."""
    code = (
        "import sys\n"
        "from debateprep.cli.entry import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'whoosh', 'PySide6', 'debateprep.facade.library',\n"
        "                     'docx')\n"
        "         if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_empty_flag_creates_a_library_without_the_sample(tmp_path: Path) -> None:
    library = tmp_path / "empty.db"
    result = run(library, "--empty", "info")
    assert result.returncode == 0, result.stderr
    assert "0 sources, 0 cards." in result.stdout
    again = run(library, "info")  # opened later without the flag: still empty
    assert "0 sources, 0 cards." in again.stdout


def test_check_lists_sources_with_incomplete_cites(library_dir: Path) -> None:
    result = run(library_dir, "check")
    assert result.returncode == 0, result.stderr
    # Sessions' op-ed names its author, his office and (worked out from the text) its year;
    # Kraychik's article names no qualifications, and three articles have no byline.
    assert "4 source(s) with an incomplete cite:" in result.stdout
    lines = result.stdout.splitlines()
    assert not any("Sanctuary cities send a message" in line for line in lines)
    assert any(
        "Attorney General Sessions Warns" in line and line.endswith(": no qualifications")
        for line in lines
    )
    assert sum(line.endswith("no author, no qualifications") for line in lines) == 3
