"""Reading files and folders: dispatch by suffix, size limit, access errors, folder expansion."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import pytest

from debateprep.errors import UserError
from debateprep.importers import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    ImportedDocument,
    collect_files,
    parse_document,
    read_document,
    reader,
)


def test_public_constants() -> None:
    assert {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf"} == SUPPORTED_SUFFIXES
    assert MAX_FILE_BYTES == 20 * 1024 * 1024


def test_imported_document_is_frozen_with_slots() -> None:
    document = ImportedDocument(text="t")
    assert not hasattr(document, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.text = "changed"  # type: ignore[misc]
    assert [field.name for field in dataclasses.fields(ImportedDocument)] == [
        "text",
        "title",
        "author",
        "qualifications",
        "outlet",
        "date",
        "url",
        "accessed",
        "lean",
        "origin",
        "page_starts",
        "page_labels",
        "hidden",
        "warnings",
    ]


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("a.txt", b"Title\nBody", "Title\nBody"),
        ("b.MD", b"---\ntitle: T\n---\nBody *md*", "Body md"),
        ("c.Html", b"<p>Body</p><script>x</script>", "Body"),
        ("d.htm", b"<p>Body</p>", "Body"),
        ("e.markdown", b"# H\nBody", "H\n\nBody"),
        ("f.text", b"Body", "Body"),
    ],
)
def test_read_document_dispatches_by_suffix(
    tmp_path: Path, name: str, content: bytes, text: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    document = read_document(path)
    assert document.text == text
    assert document.origin == name


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"^gone\.txt does not exist"):
        read_document(tmp_path / "gone.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    with pytest.raises(UserError, match=r"^notes\.txt is a folder"):
        read_document(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(UserError, match=r"^pipe\.txt is not a regular file"):
        read_document(pipe)


@pytest.mark.parametrize("name", ["report.odt", "essay.docx", "README"])
def test_unknown_suffix_lists_supported_types(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"some text")
    with pytest.raises(UserError) as caught:
        read_document(path)
    message = caught.value.message
    assert message.startswith(name)
    assert ".txt, .text, .md, .markdown, .html, .htm and .pdf" in message


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_bytes(b"text")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # chmod cannot lock out root (CI), so refuse the open itself.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(UserError, match=r"not allowed to read locked\.txt"):
        read_document(path)


def test_other_os_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "flaky.txt"
    path.write_bytes(b"text")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "open", fail)
    with pytest.raises(UserError, match=r"^flaky\.txt could not be read \(Input/output error\)"):
        read_document(path)


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(int(52.4 * 1024 * 1024))  # sparse: no 52 MB written
    with pytest.raises(
        UserError, match=r"^huge\.txt is 52\.4 MB; DebatePrep imports files up to 20 MB\.$"
    ):
        read_document(path)


def test_size_limit_applies_to_read_and_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(UserError, match=r"^big\.txt is 11 bytes; .* up to 10 bytes\.$"):
        read_document(path)
    with pytest.raises(UserError, match="up to 10 bytes"):
        parse_document(b"x" * 11, "big.txt")
    path.write_bytes(b"x" * 10)
    assert read_document(path).text == "x" * 10


def test_size_just_over_the_limit_does_not_read_as_equal(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"is over 20 MB; DebatePrep imports files up to 20 MB"):
        parse_document(b"x" * (MAX_FILE_BYTES + 1), "big.txt")


def _tree(root: Path) -> None:
    for relative in [
        "b.txt",
        "A.md",
        "c/z.html",
        "c/a.htm",
        "c/deeper/x.markdown",
        "c/deeper/notes.TEXT",
        "c/image.png",
        "c/.hidden.txt",
        ".git/config.txt",
        ".cache/sub/page.html",
        "d/readme",
    ]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\nbody")


def test_collect_files_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = collect_files([tmp_path])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "A.md",
        "b.txt",
        "c/a.htm",
        "c/deeper/notes.TEXT",
        "c/deeper/x.markdown",
        "c/z.html",
    ]


def test_collect_files_is_deterministic(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert collect_files([tmp_path]) == collect_files([tmp_path])


def test_collect_files_keeps_explicit_files_and_drops_duplicates(tmp_path: Path) -> None:
    _tree(tmp_path)
    image = tmp_path / "c" / "image.png"
    hidden = tmp_path / "c" / ".hidden.txt"
    found = collect_files([image, tmp_path / "c" / "deeper", hidden, image])
    assert found == [
        image,
        tmp_path / "c" / "deeper" / "notes.TEXT",
        tmp_path / "c" / "deeper" / "x.markdown",
        hidden,
    ]
    with pytest.raises(UserError, match=r"image\.png is a \.png file"):
        read_document(image)


def test_collect_files_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"^nowhere does not exist"):
        collect_files([tmp_path / "nowhere"])


def test_collect_files_empty_folder(tmp_path: Path) -> None:
    assert collect_files([tmp_path]) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_collect_files_survives_a_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "note.txt").write_text("x")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = collect_files([tmp_path])
    assert tmp_path / "a" / "note.txt" in found
