"""Kialo export parsing: both layouts, line ends and BOMs, escapes, links, detection, bad files.

tests/data/kialo/ holds two discussions on sanctuary cities, each in both layouts: the text on
the id's line (sanctuary_cities.txt: LF; federal_grants.txt: CRLF) and on the lines after it
(sanctuary_cities_layout2.txt: CRLF with a UTF-8 BOM; federal_grants_layout2.txt: LF, blank
lines between claims).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from debateprep.errors import UserError
from debateprep.importers.kialo import (
    KialoClaim,
    KialoDiscussion,
    KialoSource,
    Stance,
    is_kialo_file,
    looks_like_kialo,
    parse_kialo,
    read_kialo,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "kialo"
PAIRS = [
    ("sanctuary_cities.txt", "sanctuary_cities_layout2.txt"),
    ("federal_grants.txt", "federal_grants_layout2.txt"),
]

SMALL = (
    "Discussion Title: Small\n"
    "\n"
    "1. Thesis: Cities should be sanctuaries.\n"
    "1.1. Pro: Trust \\(of police\\) grows \\[citation needed\\].\n"
    "1.1.1. Con: See [a study](https://example.org/a_(b)) and [another \\[one\\]](https://x.org/?q=1).\n"
    "1.2. Con: Federal law \\\\ says otherwise.\n"
    "1.2.1. Pro: -> See 1.1.1.\n"
)  # fmt: skip


def _shape(discussion: KialoDiscussion) -> list[tuple[object, ...]]:
    """Everything but the line numbers, which differ between layouts."""
    return [
        (c.id, c.parent_id, c.stance, c.text, c.sources, c.linked_to) for c in discussion.claims
    ]


@pytest.mark.parametrize(("one_line", "two_lines"), PAIRS)
def test_both_layouts_read_the_same(one_line: str, two_lines: str) -> None:
    first, second = read_kialo(DATA / one_line), read_kialo(DATA / two_lines)
    assert first.title == second.title and first.title.startswith("Should ")
    assert _shape(first) == _shape(second)
    assert len(first.claims) > 15
    assert first.thesis.stance is None and first.thesis.parent_id is None


def test_fixture_files_keep_their_line_ends_and_bom() -> None:
    assert b"\r\n" not in (DATA / "sanctuary_cities.txt").read_bytes()
    assert (DATA / "federal_grants.txt").read_bytes().count(b"\r\n") > 10
    layout2 = (DATA / "sanctuary_cities_layout2.txt").read_bytes()
    assert layout2.startswith(codecs.BOM_UTF8) and layout2.count(b"\r\n") > 10


def test_claims_escapes_sources_and_see_links() -> None:
    discussion = parse_kialo(SMALL)
    assert discussion.title == "Small"
    assert discussion.thesis == KialoClaim("1", None, None, "Cities should be sanctuaries.", line=3)
    trust, study, law, see = discussion.claims[1:]
    assert (trust.id, trust.parent_id, trust.stance) == ("1.1", "1", Stance.PRO)
    assert trust.text == "Trust (of police) grows [citation needed]."
    assert study.text == "See a study and another [one]."
    assert study.sources == (
        KialoSource("a study", "https://example.org/a_(b)"),
        KialoSource("another [one]", "https://x.org/?q=1"),
    )
    assert law.text == "Federal law \\ says otherwise." and law.stance is Stance.CON
    assert (see.linked_to, see.text, see.parent_id) == ("1.1.1", "", "1.2")
    assert discussion.resolve("1.2.1") == study
    assert study.depth == 3


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_line_ends_and_bom(newline: str, bom: str) -> None:
    text = bom + SMALL.replace("\n", newline)
    assert _shape(parse_kialo(text)) == _shape(parse_kialo(SMALL))
    assert looks_like_kialo(text)


def test_bytes_in_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + SMALL.replace("\n", "\r\n").encode("utf-16-le"))
    assert _shape(read_kialo(path)) == _shape(parse_kialo(SMALL))
    assert is_kialo_file(path)


def test_layout_two_keeps_paragraphs_and_numbered_lists_as_text() -> None:
    text = (
        "1.\n"
        "Thesis text\n"
        "1.1. Pro:\n"
        "Two reasons:\n"
        "1. cost\n"
        "2. trust\n"
        "\n"
        "Second paragraph.\n"
        "\n"
        "1.2. Con:\n"
        "Against.\n"
    )
    discussion = parse_kialo(text)
    assert discussion.thesis.text == "Thesis text"
    assert discussion.claim("1.1").text == "Two reasons:\n1. cost\n2. trust\n\nSecond paragraph."
    assert discussion.claim("1.2").text == "Against."


def test_detection_by_content(tmp_path: Path) -> None:
    for name in (*(pair[0] for pair in PAIRS), *(pair[1] for pair in PAIRS)):
        assert is_kialo_file(DATA / name), name
    assert looks_like_kialo("  \n\ufeffDiscussion Title: x\n")
    assert looks_like_kialo("1. Thesis\n1.1. Con: no\n")
    assert not looks_like_kialo("")
    assert not looks_like_kialo("1. Introduction\n2. Background\n1.1 Scope\n")
    assert not looks_like_kialo("# A Markdown article\n\n1. one\n2. two\n")
    assert not looks_like_kialo("Sanctuary cities are safer.\n1.1. Pro: quoted later\n")
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert not is_kialo_file(png)
    assert not is_kialo_file(tmp_path / "missing.txt")


BAD = {
    "empty": ("", "is empty"),
    "blank": ("  \n\n\t\n", "is empty"),
    "no thesis": ("Discussion Title: Only a title\n\nSome words.\n", "has no thesis"),
    "thesis not first": ("1.1. Pro: x\n1. Thesis\n", "must be the thesis"),
    "child before parent": ("1. T\n1.1. Pro: a\n1.2.1. Con: b\n1.2. Pro: c\n", "before its parent"),
    "descending ids": ("1. T\n1.2. Pro: a\n1.1. Con: b\n", "out of order"),
    "repeated id": ("1. T\n1.1. Pro: a\n1.1. Con: b\n", "appears twice"),
    "no text": ("1. T\n1.1. Pro:\n1.2. Con: b\n", "Claim 1.1. has no text"),
    "empty thesis": ("1.\n1.1. Pro: a\n", "The thesis has no text"),
    "second thesis": ("1. T\n1.1. Thesis: another\n", "second thesis"),
    "see loop": ("1. T\n1.1. Pro: -> See 1.2.\n1.2. Con: -> See 1.1.\n", "loop"),
    "see itself": ("1. T\n1.1. Pro: a\n1.1.1. Pro: -> See 1.1.1.\n", "loop"),
    "see nowhere": ("1. T\n1.1. Pro: -> See 1.9.\n", "not in the file"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_are_refused_with_a_line(case: str) -> None:
    text, message = BAD[case]
    with pytest.raises(UserError, match=message):
        parse_kialo(text, "debate.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"PK\x03\x04" + bytes(100), "ZIP archive"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
    ],
)
def test_bad_bytes_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "debate.txt"
    path.write_bytes(data)
    with pytest.raises(UserError, match=message):
        read_kialo(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        read_kialo(tmp_path / "gone.txt")
    with pytest.raises(UserError, match="is a folder"):
        read_kialo(tmp_path)
