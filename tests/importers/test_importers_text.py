"""Plain-text import: the text as stored, the title guess, and the bundled corpus articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from debateprep.importers import parse_document, read_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_first_short_line_is_the_title_and_stays_in_the_text() -> None:
    document = parse_document(b"Walls Work\n\nThe wall cut crossings.\n", "walls.txt")
    assert document.title == "Walls Work"
    assert document.text == "Walls Work\n\nThe wall cut crossings."
    assert document.origin == "walls.txt"
    assert (document.author, document.date, document.url, document.outlet) == ("", "", "", "")


def test_title_skips_leading_blank_lines_and_surrounding_spaces() -> None:
    document = parse_document(b"\n\n   Title here  \nbody", "a.txt")
    assert document.title == "Title here"
    assert document.text == "   Title here  \nbody"


def test_title_of_200_characters_is_kept() -> None:
    line = "t" * 200
    assert parse_document(f"{line}\nbody".encode(), "a.txt").title == line


def test_long_first_line_is_a_paragraph_so_its_opening_words_are_the_title() -> None:
    paragraph = "As reported by Cox Media, sanctuary cities were the topic of a long talk " * 4
    document = parse_document(f"{paragraph}\nbody".encode(), "001_c8a0ed64.txt")
    assert document.title == ("As reported by Cox Media, sanctuary cities were the topic of a…")
    one_word = parse_document(f"{'w' * 201}\nbody".encode(), "x.txt")
    assert one_word.title == "w" * 90 + "…"


def test_single_line_file_is_titled_by_its_name() -> None:
    assert parse_document(b"Just one line.", "my__notes - v2.txt").title == "my notes v2"


@pytest.mark.parametrize("name", ["a.text", "A.TXT", "b.Txt"])
def test_other_text_suffixes(name: str) -> None:
    assert parse_document(b"Head\nbody", name).text == "Head\nbody"


def test_read_document_reads_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes("Title\r\n\r\n“Quoted” text\u00a0here.\r\n".encode())
    document = read_document(path)
    assert document.text == "Title\n\n“Quoted” text\u00a0here."
    assert document.title == "Title"
    assert document.origin == "article.txt"


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def test_corpus_is_present() -> None:
    assert len(_corpus_files()) >= 5


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda path: path.name)
def test_corpus_article_text_is_the_file_content(path: Path) -> None:
    content = path.read_bytes().decode("utf-8")
    expected = re.sub(r"\A(?:[ \t]*\n)+", "", content).rstrip(" \t\n")
    document = read_document(path)
    assert document.text == expected
    assert document.title
    assert document.origin == path.name


def test_corpus_curly_quotes_survive() -> None:
    texts = [read_document(path).text for path in _corpus_files()]
    joined = "".join(texts)
    for character in "’“”—\u00a0":
        assert character in joined
