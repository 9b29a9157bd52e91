"""A folder of mixed files imports as far as it can and says what happened to each (issue 13,
part 7): tests/data/bulk holds a good article, a copy of it, a PNG named .txt, an empty file,
a Markdown clip, a saved page, a Kialo export, a Verbatim .docx and a broken .docx.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_server import Answer, Site, local_only, serve

from debateprep.cli.entry import main
from debateprep.facade.library import Library
from debateprep.records import ImportStatus

BULK = Path(__file__).resolve().parents[1] / "data" / "bulk"
EXPECTED = [
    ("01-school-lunches.txt", ImportStatus.IMPORTED, "imported as “Schools cut lunch waste"),
    ("02-school-lunches-copy.txt", ImportStatus.DUPLICATE, "already in the library as “Schools"),
    ("03-photo-renamed.txt", ImportStatus.FAILED, "looks like a binary file (a PNG image)"),
    ("04-empty.txt", ImportStatus.FAILED, "04-empty.txt is empty"),
    ("05-clipped-note.md", ImportStatus.IMPORTED, "imported as “Recess before lunch”"),
    ("06-saved-page.html", ImportStatus.IMPORTED, "imported as “Water bottles in class”"),
    ("07-kialo-discussion.txt", ImportStatus.IMPORTED, "Kialo discussion “Should the federal"),
    ("08-verbatim-cards.docx", ImportStatus.IMPORTED, "imported 2 cards as “Homework brief”"),
    ("09-broken.docx", ImportStatus.FAILED, "is not a Word .docx file"),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "sources"
    shutil.copytree(BULK, copy, ignore=shutil.ignore_patterns("*.py"))
    return copy


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    local_only(monkeypatch)
    with serve(Site()) as served:
        yield served


def test_every_file_gets_an_outcome_and_none_stops_the_rest(
    folder: Path, empty_library: Library
) -> None:
    steps = list(empty_library.import_paths([folder]))
    got = [(Path(s.outcome.path).name, s.outcome.status, s.outcome.message) for s in steps]
    assert [(name, status) for name, status, _ in got] == [(n, s) for n, s, _ in EXPECTED]
    for (_, _, message), (_, _, said) in zip(got, EXPECTED, strict=True):
        assert said in message and "\n" not in message
    assert [s.done for s in steps] == list(range(1, 10)) and {s.total for s in steps} == {9}
    assert len(empty_library.sources()) == 4  # the article, the clip, the page, the .docx's
    assert len(empty_library.motions()) == 1  # the Kialo discussion; the .docx cards join it


def test_the_cli_prints_a_line_per_file_and_a_total(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = str(tmp_path / "lib.db")
    assert main(["--library", library, "import", str(folder)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert (
        lines[0]
        == "[1/9] imported: 01-school-lunches.txt: imported as “Schools cut lunch waste by half”."
    )
    assert lines[1].startswith("[2/9] duplicate: 02-school-lunches-copy.txt: already in")
    assert lines[-1] == "Total: 9 files, 5 imported, 1 already in the library, 3 refused."
    assert len(lines) == 7  # six files done, then the total
    refused = err.splitlines()
    assert [line.split(":")[0] for line in refused[:3]] == [
        "[3/9] failed",
        "[4/9] failed",
        "[9/9] failed",
    ]
    assert refused[-1] == "debateprep: 3 files could not be imported (listed above)."
    # Again: everything that was imported is now a duplicate, and said so.
    assert main(["--library", library, "import", str(folder / "01-school-lunches.txt")]) == 0
    assert "duplicate: 01-school-lunches.txt: already in the library" in capsys.readouterr().out


def test_the_cli_mixes_urls_and_paths(
    site: Site, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.pages["/story"] = Answer(
        b"<html><head><title>Later start times</title></head><body><article>"
        b"<p>Schools that start at 8:30 see fewer tardies.</p></article></body></html>"
    )
    args = ["import", site.url("/story"), str(folder / "05-clipped-note.md"), site.url("/nope")]
    assert main(["--library", str(tmp_path / "lib.db"), *args]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"[1/3] imported: {site.url('/story')}: imported as “Later start times”.",
        "[2/3] imported: 05-clipped-note.md: imported as “Recess before lunch”.",
        "Total: 3 files, 2 imported, 1 refused.",
    ]
    assert err.splitlines() == [
        f"[3/3] failed: {site.url('/nope')} was not found (404); check the address; "
        "nothing was imported.",
        "debateprep: 1 file could not be imported (listed above).",
    ]
