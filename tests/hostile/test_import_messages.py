"""One line, never a traceback, and never a hang (issue 10, items 9 and 11, importer part).

``title: 0x`` and 6,000 hex digits in YAML front matter raised ValueError and stopped a whole
folder import (later files never tried, no summary); Kialo claims numbered ``1.0.`` raised
KeyError and 5,000-digit numbers ValueError. A named pipe given to ``import`` hung it for
ever, and a newline in a file name split the ``[n/m] status: message`` line. Here: those
cases, a fuzz test that only ``UserError`` leaves any importer, and a folder import that goes
on (and prints its summary) whatever one file does.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debateprep import importers
from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.importers import parse_document
from debateprep.importers.kialo import parse_kialo
from debateprep.importers.verbatim_docx import parse_verbatim_docx
from debateprep.records import ImportStatus

REPO = Path(__file__).resolve().parents[2]
HEX_TITLE = b"---\ntitle: 0x" + b"f" * 6000 + b"\nauthor: A. Writer\n---\n# Heading\n\nBody.\n"
FUZZ = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def run_cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command; the timeout only turns a hang into a failure (nothing is timed)."""
    code = "import sys\nfrom debateprep.cli.entry import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "--library", str(library), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# --- Front matter and Kialo numbers ------------------------------------------------------


def test_a_huge_yaml_integer_keeps_its_text() -> None:
    """YAML reads it as an int Python will not print (4,300 digits at most): kept as written."""
    document = parse_document(HEX_TITLE, "hex.md")
    assert document.title == "0x" + "f" * 6000
    assert document.author == "A. Writer"
    decimal = parse_document(b"---\ndate: " + b"7" * 5000 + b"\n---\nBody.\n", "dec.md")
    assert decimal.date == "7" * 5000


def test_front_matter_is_read_up_to_64_kb() -> None:
    keys = "".join(f"key{i}: value\n" for i in range(7000)).encode()
    with pytest.raises(UserError) as caught:
        parse_document(b"---\n" + keys + b"---\nBody.\n", "long.md")
    assert caught.value.message == (
        "The front matter of long.md is longer than 64 KB; DebatePrep reads front matter up to "
        "64 KB (title, author, date...). Shorten it or remove it."
    )


def test_a_folder_import_survives_the_hex_title(tmp_path: Path) -> None:
    """It used to end the whole import with a traceback before the later files were tried.
    Now the title is read, found longer than a title may be, and that file alone is refused
    with its name; the next file imports and the summary is printed."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_bytes(HEX_TITLE)
    (folder / "b.txt").write_text("A second file\n\nwith some text.\n", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"")
    (folder / "d.md").write_bytes(b"---\ntitle: The fourth file\n---\nBody.\n")
    result = run_cli(tmp_path / "lib.db", "import", str(folder))
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "[2/4] imported: b.txt: imported as “A second file”.",
        "[4/4] imported: d.md: imported as “The fourth file”.",
        "Total: 4 files, 2 imported, 2 refused.",
    ]
    assert result.stderr.strip().splitlines() == [
        "[1/4] failed: a.md: the title is too long (at most 2000 characters).",
        "[3/4] failed: c.txt is empty; there is no text to import.",
        "debateprep: 2 files could not be imported (listed above).",
    ]
    assert result.returncode == 1


def test_one_file_failing_unexpectedly_does_not_stop_the_others(
    tmp_path: Path, empty_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Text of {name}\n\nmore.\n", encoding="utf-8")
    real = importers.read_document

    def buggy(path: Path) -> importers.ImportedDocument:
        if path.name == "b.txt":
            raise ValueError("a bug in an importer")
        return real(path)

    monkeypatch.setattr(importers, "read_document", buggy)
    steps = list(empty_library.import_paths([tmp_path]))
    assert [step.outcome.status for step in steps] == [
        ImportStatus.IMPORTED,
        ImportStatus.FAILED,
        ImportStatus.IMPORTED,
    ]
    assert steps[1].outcome.message == (
        "b.txt could not be imported because of an unexpected error in DebatePrep (ValueError); "
        "the other files were not affected. Please report it."
    )
    assert len(empty_library.sources()) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1. T\n1.0. Pro: zero\n", "debate.txt, line 2: claim 1.0. is numbered 0; Kialo numbers"),
        ("1. T\n1.1. Pro: a\n1.00. Con: b\n", "claim 1.00. is numbered 0"),
        ("1. T\n1.2. Pro: a\n1.01. Con: b\n", "claim 1.01. comes after 1.2.; the claims are out"),
        (
            f"1. T\n1.{'9' * 5000}. Pro: a\n1.{'1' * 4999}. Con: b\n",
            f"claim 1.{'1' * 4999}. comes after 1.{'9' * 5000}.",
        ),
    ],
)
def test_kialo_claim_numbers_are_one_line(text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_kialo(text, "debate.txt")
    assert message in caught.value.message and "\n" not in caught.value.message


def test_kialo_numbers_of_thousands_of_digits_are_compared_exactly() -> None:
    big = "9" * 5000
    discussion = parse_kialo(f"1. T\n1.{big}. Pro: a\n1.1{big}. Con: b\n", "debate.txt")
    assert [claim.id for claim in discussion.claims] == ["1", f"1.{big}", f"1.1{big}"]


def test_a_see_link_through_a_missing_claim_is_one_line() -> None:
    """1.1. -> 1.2. -> 1.9. (missing): the old loop check looked 1.9. up before the check for
    missing targets reached 1.2., a KeyError."""
    text = "1. T\n1.1. Pro: -> See 1.2.\n1.2. Con: -> See 1.9.\n"
    with pytest.raises(UserError, match=r"claim 1\.2\. links to 1\.9\., which is not in the file"):
        parse_kialo(text, "debate.txt")


def test_many_skipped_kialo_links_make_a_short_line(tmp_path: Path, empty_library: Library) -> None:
    """8,000 "-> See" links under the thesis are each left out; the line names five."""
    lines = ["1. Thesis", "1.1. Pro: the claim"]
    lines += [f"1.{i}. Con: -> See 1.1." for i in range(2, 52)]
    path = tmp_path / "chain.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = empty_library.import_document(path).message
    assert "(50 links left out: claim 1.2. (line 3) repeats 1.1. under the thesis" in message
    assert message.count("repeats 1.1.") == 5 and message.endswith("; and 45 more).")


# --- Only UserError leaves an importer ---------------------------------------------------

WORD_FRAGMENTS = [
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:t xml:space='preserve'>",
    "<w:pPr>", "</w:pPr>", "<w:rPr>", "</w:rPr>", "<w:b/>", "<w:u w:val='none'/>",
    "<w:highlight w:val='cyan'/>", "<w:pStyle w:val='Heading4'/>", "<w:rStyle w:val='x'/>",
    "<w:outlineLvl w:val='3'/>", "<w:outlineLvl w:val='-7'/>", "<w:outlineLvl w:val='99999'/>",
    "<w:outlineLvl w:val='x'/>", "<w:tab/>", "<w:br/>", "<w:del>", "</w:del>", "<w:tbl>",
    "</w:tbl>", "<w:txbxContent>", "</w:txbxContent>", "Smith 2020", "text ", "&amp;", "&#0;",
    "&#x1F600;", "]]>", "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "\x00", "\x0c", "&e;",
]  # fmt: skip
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _package(document: str | bytes, styles: str | bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", document)
        if styles is not None:
            package.writestr("word/styles.xml", styles)
    return out.getvalue()


def _only_user_errors(run: object) -> None:
    try:
        run()  # type: ignore[operator]
    except UserError as exc:
        assert exc.message and "\n" not in exc.message


@FUZZ
@given(
    fragments=st.lists(st.sampled_from(WORD_FRAGMENTS), max_size=40),
    prolog=st.sampled_from(["", '<!DOCTYPE w:document [<!ENTITY e "ent">]>', "<!DOCTYPE x>"]),
)
def test_near_valid_word_files_raise_only_user_errors(fragments: list[str], prolog: str) -> None:
    tag = "<w:p><w:pPr><w:pStyle w:val='Heading4'/></w:pPr><w:r><w:t>Tag</w:t></w:r></w:p>"
    body = tag + "".join(fragments)
    document = f"{prolog}<w:document {W}><w:body>{body}</w:body></w:document>"
    _only_user_errors(lambda: parse_verbatim_docx(_package(document), "x.docx"))
    styles = (
        f"<w:styles {W}><w:style w:styleId='Heading4'>{''.join(fragments)}</w:style></w:styles>"
    )
    _only_user_errors(lambda: parse_verbatim_docx(_package(document, styles), "x.docx"))


@pytest.mark.parametrize("where", ["paragraph", "style"])
def test_a_negative_outline_level_is_ignored(where: str) -> None:
    """w:outlineLvl -7 made a heading of level -6, which indexed the headings from the end:
    IndexError. Word writes 0 to 9; anything else is no level."""
    level = "<w:outlineLvl w:val='-7'/>"
    odd = (
        f"<w:pPr>{level}</w:pPr>"
        if where == "paragraph"
        else "<w:pPr><w:pStyle w:val='Odd'/></w:pPr>"
    )
    styles = (
        f"<w:styles {W}><w:style w:type='paragraph' w:styleId='Odd'><w:pPr>{level}</w:pPr>"
        "</w:style></w:styles>"
    )
    body = (
        f"<w:p>{odd}<w:r><w:t>odd</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:outlineLvl w:val='3'/></w:pPr><w:r><w:t>Tag</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Smith 2020</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:u/></w:rPr><w:t>card text</w:t></w:r></w:p>"
    )
    found = parse_verbatim_docx(
        _package(f"<w:document {W}><w:body>{body}</w:body></w:document>", styles), "x.docx"
    )
    assert [(card.tag, card.quote, card.headings) for card in found.cards] == [
        ("Tag", "card text", ("", "", ""))
    ]


@FUZZ
@given(data=st.binary(max_size=600), cut=st.integers(min_value=0, max_value=4000))
def test_random_and_cut_word_files_raise_only_user_errors(data: bytes, cut: int) -> None:
    _only_user_errors(lambda: parse_verbatim_docx(data, "x.docx"))
    valid = _package(
        f"<w:document {W}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"
    )
    _only_user_errors(lambda: parse_verbatim_docx(valid[:cut] + data, "x.docx"))


KIALO_FRAGMENTS = [
    "1. ", "1.1. ", "1.0. ", "1.1.1. ", "1.2. ", "1.01. ", "2. ", "Pro: ", "Con: ", "Thesis: ",
    "-> See 1.1.", "-> See 1.", "-> See 1.9.", "-> See 1.0.", "[a", "](", "[l](u)", "\\[", "\\",
    "(", ")", "\n", "\n\n", "Discussion Title: t", " x ", "9" * 50, "\ufeff", "\r",
]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(KIALO_FRAGMENTS), max_size=40))
def test_near_valid_kialo_files_raise_only_user_errors(fragments: list[str]) -> None:
    _only_user_errors(lambda: parse_kialo("1. Thesis\n" + "".join(fragments), "k.txt"))
    _only_user_errors(lambda: parse_kialo("".join(fragments), "k.txt"))


MARKDOWN_FRAGMENTS = [
    "---\n", "...\n", "title: ", "date: ", "author: ", "0x" + "f" * 4000, "9" * 5000, "[", "]",
    "{", "}", "&a ", "*a ", "!!binary ", "!!python/object ", "2024-13-45", "# ", "```\n", "\n",
    "- ", ": ", "'", '"', "\t", "yes", "~", "1e999", ".nan",
]  # fmt: skip


@FUZZ
@given(
    st.lists(st.sampled_from(MARKDOWN_FRAGMENTS), max_size=30),
    st.sampled_from([".md", ".html", ".txt"]),
)
def test_near_valid_markdown_raise_only_user_errors(fragments: list[str], suffix: str) -> None:
    data = ("---\n" + "".join(fragments) + "\n---\nBody\n").encode()
    _only_user_errors(lambda: parse_document(data, "x" + suffix))


# --- Pipes and names that are not one line -----------------------------------------------


@needs_fifo
@pytest.mark.parametrize("name", ["pipe.txt", "pipe.docx", "pipe.md", "pipe"])
def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path, name: str) -> None:
    """Opening a pipe with no writer blocks for ever: it is refused from its metadata."""
    pipe = tmp_path / name
    os.mkfifo(pipe)
    result = run_cli(tmp_path / "lib.db", "import", str(pipe))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"debateprep: {name} is not a regular file (a named pipe); choose a text, Markdown, "
        "HTML, PDF, Kialo or Word file."
    ]


@needs_fifo
def test_a_named_pipe_in_a_folder_is_noted_and_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("First file\n\ntext.\n", encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    os.mkfifo(folder / "unrelated")  # not a type we import: not mentioned at all
    (folder / "c.txt").write_text("Third file\n\ntext.\n", encoding="utf-8")
    result = run_cli(tmp_path / "lib.db", "import", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[1/3] imported: a.txt: imported as “First file”.",
        "[2/3] skipped: b.txt is a named pipe, not a regular file; it was left out.",
        "[3/3] imported: c.txt: imported as “Third file”.",
        "Total: 3 files, 2 imported, 1 left out.",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="newlines in file names are POSIX-only")
def test_control_characters_in_names_and_titles_stay_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a\nb.txt").write_text("Line one\n\ntext.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Title \x1b]0;pwned\x07 here\n\ntext.\n", encoding="utf-8")
    (folder / "d\x1b[2J.txt").write_bytes(b"")
    result = run_cli(tmp_path / "lib.db", "import", str(folder))
    assert result.stdout.splitlines() == [
        "[1/3] imported: a\\nb.txt: imported as “Line one”.",
        "[2/3] imported: c.txt: imported as “Title \\u001b]0;pwned\\u0007 here”.",
        "Total: 3 files, 2 imported, 1 refused.",
    ]
    assert result.stderr.splitlines() == [
        "[3/3] failed: d\\u001b[2J.txt is empty; there is no text to import.",
        "debateprep: 1 file could not be imported (listed above).",
    ]
    assert "\x1b" not in result.stdout + result.stderr
