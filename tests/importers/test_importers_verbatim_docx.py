"""Reading Verbatim .docx files (issue 6, part 2): a file laid out the way Verbatim writes one,
detection by content, and every kind of bad file as a UserError.

Our own export read back is tested beside the exporter (tests/exporters) and, through the
facade, as a round trip in tests/facade/test_verbatim.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx_support import VERBATIM_CITE, verbatim_file

from debateprep.errors import UserError
from debateprep.importers import verbatim_docx
from debateprep.importers.verbatim_cards import VerbatimCard
from debateprep.importers.verbatim_docx import (
    looks_like_verbatim_docx,
    parse_verbatim_docx,
    read_verbatim_docx,
)
from debateprep.records import Cite, ReadLevel


def _read(card: VerbatimCard, level: ReadLevel = ReadLevel.HIGHLIGHT) -> list[str]:
    return [card.quote[start:end] for start, end, at in card.highlights if at is level]


def test_a_file_as_verbatim_writes_it(tmp_path: Path) -> None:
    document = read_verbatim_docx(verbatim_file(tmp_path / "aff.docx"))
    assert document.title == "Sanctuary file"
    assert document.skipped == 2  # the analytic and the tag left without a card
    first, second, third = document.cards
    for card in document.cards:
        assert document.text[card.start : card.end] == card.quote

    assert first.tag == "Trust makes everyone safer"
    assert first.headings == ("Sanctuary file", "AFF – Trust", "1AC – Community trust")
    assert first.cite_line == VERBATIM_CITE  # the hyperlinked URL is part of the line
    assert first.cite_exact
    assert first.cite == Cite(
        author="Aaron Hardy",
        qualifications="creator of Verbatim",
        date="1-1-3000",
        title="Verbatim Online Manual",
        url="https://paperlessdebate.com",
    )
    # The tracked deletion is not text; each of Verbatim's three levels is kept.
    assert first.quote == (
        "When police stay out of immigration, residents report crimes and testify.\n\n"
        "Everyone is safer for it."
    )
    assert _read(first) == ["residents report crimes", "safer"]
    assert _read(first, ReadLevel.UNDERLINE) == ["and testify"]
    assert _read(first, ReadLevel.EMPHASIS) == ["safer"]

    # The custom "Tag" style (based on Heading 4) is a tag; nothing highlighted, and the
    # Underline and Emphasis runs keep their levels.
    assert second.tag == "Cooperation is cheap"
    assert second.headings[2] == "1AC – Cooperation"
    assert second.cite_exact
    assert second.cite == Cite(
        author="Marcus Hale",
        qualifications="former deputy director",
        date="March 7, 2018",
        title="Why Detainers Matter",
        outlet="Policy Review",
        accessed="5-1-2024",
    )
    assert _read(second) == []
    assert _read(second, ReadLevel.UNDERLINE) == ["costs little"]
    assert _read(second, ReadLevel.EMPHASIS) == ["a fax"]

    # Verbatim's short cite ahead of the full one is read loosely and marked as a guess.
    assert not third.cite_exact
    assert third.cite.author == "Marcus Hale"
    assert third.cite.date == "2018"
    assert third.cite.title == "Why Detainers Matter"
    assert _read(third) == ["walk out the door"]
    assert looks_like_verbatim_docx(tmp_path / "aff.docx")


def _package(document: bytes | str | None = None, **others: bytes | str) -> bytes:
    """A ZIP holding ``document`` as word/document.xml (when given) and ``others`` by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        if document is not None:
            package.writestr("word/document.xml", document)
        for name, blob in others.items():
            package.writestr(name, blob)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BODY = f"<w:document {W}><w:body>{{}}</w:body></w:document>"


def _blank_docx() -> bytes:
    stream = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Just an essay, no cards.")
    document.add_paragraph("Heading without a card", style="Heading 4")
    document.save(stream)
    return stream.getvalue()


BAD_FILES = {
    "text": (b"Just some text, not a Word file.\n", "not a ZIP package"),
    "empty": (b"", "not a ZIP package"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old Word .doc file"),
    "zip without document": (_package(None, **{"a.txt": "hi"}), "has no word/document.xml"),
    "truncated": (_blank_docx()[:900], "(damaged|not a ZIP)"),
    "corrupt xml": (_package(b"<w:document <<<"), "damaged Word document"),
    "not wordprocessing": (_package(b"<html/>"), "damaged Word document"),
    "no body": (_package(f"<w:document {W}/>"), "damaged Word document"),
    "empty body": (_package(_BODY.format("")), "empty: it holds no text"),
    "no cards": (_blank_docx(), "holds no cards in Verbatim's layout"),
    "entities": (
        _package(
            '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + _BODY.format(
                '<w:p><w:pPr><w:pStyle w:val="Heading4"/></w:pPr><w:r><w:t>&e;</w:t></w:r></w:p>'
            )
        ),
        "(empty|no cards)",
    ),
}


@pytest.mark.parametrize("label", sorted(BAD_FILES))
def test_bad_files_are_user_errors(label: str) -> None:
    data, message = BAD_FILES[label]
    with pytest.raises(UserError, match=message) as caught:
        parse_verbatim_docx(data, f"dir/{label}.docx")
    assert str(caught.value).startswith(f"{label}.docx ")


def test_deep_nesting_is_a_user_error() -> None:
    deep = "<w:tbl>" * 50_000 + "</w:tbl>" * 50_000
    with pytest.raises(UserError, match="damaged"):
        parse_verbatim_docx(_package(_BODY.format(deep)), "deep.docx")


def test_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: no 21 MB written
    with pytest.raises(UserError, match=r"huge\.docx is over 20 MB"):
        read_verbatim_docx(huge)
    monkeypatch.setattr(verbatim_docx, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(UserError, match=r"unpacks to .* split it"):
        parse_verbatim_docx(_blank_docx(), "bomb.docx")


def test_paths_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"gone\.docx does not exist"):
        read_verbatim_docx(tmp_path / "gone.docx")
    with pytest.raises(UserError, match="is a folder"):
        read_verbatim_docx(tmp_path)


def test_detection_is_by_content(tmp_path: Path) -> None:
    renamed = verbatim_file(tmp_path / "cards.docx").rename(tmp_path / "cards.bin")
    assert looks_like_verbatim_docx(renamed)
    plain = tmp_path / "essay.docx"
    plain.write_bytes(_blank_docx())
    text = tmp_path / "notes.docx"
    text.write_text("not a zip", encoding="utf-8")
    assert not looks_like_verbatim_docx(plain)
    assert not looks_like_verbatim_docx(text)
    assert not looks_like_verbatim_docx(tmp_path / "missing.docx")
    assert not looks_like_verbatim_docx(tmp_path)
