"""Cheap files that cost minutes and gigabytes (issue 10, item 6): the text an import may make.

A 606 KB .docx unpacked to 199 MB of XML (311 s, 6 GB) and a 530 KB one of 190 one-megabyte
paragraphs made a 180 MB source and card. Word files are now inflated a chunk at a time and
parsed as they stream, with the text counted as it arrives: at most ``MAX_TEXT_CHARS`` (20 MB,
the file-size limit) of text, ``MAX_PARAGRAPHS`` paragraphs, ``MAX_CARD_CHARS`` in one card,
and no part growing past ``MAX_RATIO`` times its packed size. The files here are the same
attacks scaled down, with the limits monkeypatched smaller; every bound is checked by counting
(bytes inflated, chunks parsed, paragraphs read, characters kept), never by timing. Also here:
text after an entity or a child element inside a run is no longer cut.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.importers import parse_document, reader, verbatim_docx
from debateprep.importers.document import ImportedDocument
from debateprep.importers.verbatim_docx import parse_verbatim_docx
from debateprep.importers.wordml import Paragraph

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TAG = '<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>'
CITE = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Smith 2020</w:t></w:r></w:p>"
TEXT = '<w:p><w:r><w:rPr><w:u/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>'


def docx(body: str, *, prolog: str = "") -> bytes:
    """A deflated package holding only word/document.xml, as a bomb would be packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "word/document.xml", f"{prolog}<w:document {W}><w:body>{body}</w:body></w:document>"
        )
    return out.getvalue()


def card(tag: str, *paragraphs: str) -> str:
    return TAG.format(tag) + CITE + "".join(TEXT.format(text) for text in paragraphs)


class Counted:
    """Wraps ``verbatim_docx._chunks`` to count the inflated bytes actually handed on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.chunks = 0
        self.bytes = 0
        real = verbatim_docx._chunks

        def counting(package: zipfile.ZipFile, part: str, name: str, cap: int) -> Iterator[bytes]:
            for chunk in real(package, part, name, cap):
                self.chunks += 1
                self.bytes += len(chunk)
                yield chunk

        monkeypatch.setattr(verbatim_docx, "_chunks", counting)


def _count_paragraphs(monkeypatch: pytest.MonkeyPatch, read: list[int]) -> None:
    """Append to `read` for each paragraph the importer's budget sees, then count it as usual."""
    real_ended = verbatim_docx._Budget.ended

    def ended(self: verbatim_docx._Budget, paragraph: Paragraph) -> None:
        read.append(1)
        real_ended(self, paragraph)

    monkeypatch.setattr(verbatim_docx._Budget, "ended", ended)


def test_a_zip_bomb_is_refused_before_it_is_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    """3 MB of XML packed into a few KB (as 199 MB was packed into 606 KB): it grows more than
    ``MAX_RATIO`` times its packed size, so it is refused after at most one chunk past the
    megabyte a part may always reach, not parsed whole."""
    monkeypatch.setattr(verbatim_docx, "_CHUNK_BYTES", 64 * 1024)
    counted = Counted(monkeypatch)
    bomb = docx(card("Tag", "x" * 1000) + "<w:p/>" * 500_000)
    assert len(bomb) < 30_000
    with pytest.raises(UserError, match=r"^bomb\.docx unpacks to more than 100 times its packed"):
        parse_verbatim_docx(bomb, "bomb.docx")
    assert counted.bytes <= verbatim_docx._RATIO_FREE_BYTES + 64 * 1024


def test_sizes_in_the_directory_are_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory's sizes only allow an early refusal. Without that check the inflated
    bytes are still counted and stop at the cap; a directory claiming a smaller size than the
    part has makes it unreadable (a damaged file), never more than it claims."""
    monkeypatch.setattr(verbatim_docx, "_CHUNK_BYTES", 4096)
    monkeypatch.setattr(verbatim_docx, "MAX_UNPACKED_BYTES", 50_000)
    monkeypatch.setattr(verbatim_docx, "_RATIO_FREE_BYTES", 10**9)  # only the size cap here
    honest = docx(card("Tag", "words " * 20_000))
    with pytest.raises(UserError, match=r"^big\.docx unpacks to 117\.\d KB, more than Deb"):
        parse_verbatim_docx(honest, "big.docx")
    monkeypatch.setattr(verbatim_docx, "_check_declared_sizes", lambda package, name: None)
    counted = Counted(monkeypatch)
    with pytest.raises(UserError, match=r"^big\.docx unpacks to more than 48\.8 KB of XML"):
        parse_verbatim_docx(honest, "big.docx")
    assert counted.bytes <= 50_000 + 4096
    with zipfile.ZipFile(io.BytesIO(honest)) as package:
        real = package.getinfo("word/document.xml").file_size
    lying = bytearray(honest)
    size_at = lying.rindex(b"PK\x01\x02") + 24  # uncompressed size, central directory
    assert int.from_bytes(lying[size_at : size_at + 4], "little") == real
    lying[size_at : size_at + 4] = (100).to_bytes(4, "little")
    with pytest.raises(UserError, match="damaged"):
        parse_verbatim_docx(bytes(lying), "liar.docx")
    assert counted.bytes <= 50_000 + 4096 + 100


def test_text_is_counted_while_streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    """190 paragraphs of 1 MB made a 180 MB source; scaled down: 190 paragraphs of 1,000
    characters against a 20,000-character limit. The refusal comes long before the end of
    the document: few of its chunks are parsed and few of its paragraphs are read."""
    monkeypatch.setattr(verbatim_docx, "MAX_TEXT_CHARS", 20_000)
    monkeypatch.setattr(verbatim_docx, "_CHUNK_BYTES", 4096)
    read: list[int] = []
    _count_paragraphs(monkeypatch, read)
    counted = Counted(monkeypatch)
    paragraphs = [f"{n:04d} " + "y" * 995 for n in range(190)]
    data = docx("".join(card(f"Tag {n}", text) for n, text in enumerate(paragraphs)))
    with pytest.raises(UserError) as caught:
        parse_verbatim_docx(data, "many.docx")
    assert caught.value.message == (
        "many.docx expands to more than 19.5 KB of text; DebatePrep imports up to 19.5 KB "
        "of text from one file. Split it into smaller files."
    )
    assert len(read) < 3 * 30  # about 20 of the 190 cards (tag, cite, text each)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        total = package.getinfo("word/document.xml").file_size
    assert counted.bytes < total / 4


def test_one_huge_paragraph_is_stopped_inside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """One paragraph of many runs: the count is checked run by run, not when it ends."""
    monkeypatch.setattr(verbatim_docx, "MAX_TEXT_CHARS", 10_000)
    monkeypatch.setattr(verbatim_docx, "_CHUNK_BYTES", 4096)
    counted = Counted(monkeypatch)
    runs = "".join(f"<w:r><w:t>{n:06d} words </w:t></w:r>" for n in range(20_000))
    data = docx(card("Tag", "x") + f"<w:p>{runs}</w:p>")
    with pytest.raises(UserError, match="expands to more than"):
        parse_verbatim_docx(data, "one.docx")
    assert counted.bytes < 100_000  # the paragraph's XML is 560 KB


def test_a_card_longer_than_the_card_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verbatim_docx, "MAX_CARD_CHARS", 1000)
    short = card("Fine", "a" * 900)
    long = card("Too long\nto show whole " + "z" * 100, "b" * 400, "c" * 400, "d" * 400)
    with pytest.raises(UserError) as caught:
        parse_verbatim_docx(docx(short + long), "cards.docx")
    assert caught.value.message == (
        "cards.docx holds a card longer than 1,000 characters (the one tagged “Too long to "
        f"show whole {'z' * 36}…”); DebatePrep imports cards of up to 1,000 characters. "
        "Split it into smaller cards."
    )
    # Text before the first tag is not a card, but one paragraph is still held to the limit.
    with pytest.raises(UserError, match=r"holds a paragraph longer than 1,000 characters"):
        parse_verbatim_docx(docx(TEXT.format("p" * 1001) + short), "intro.docx")
    # Cards just under the limit, any number of them, import.
    found = parse_verbatim_docx(docx(short * 5), "ok.docx")
    assert [len(c.quote) for c in found.cards] == [900] * 5


def test_paragraph_count_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty paragraphs make no text but cost a record each: they are counted too."""
    monkeypatch.setattr(verbatim_docx, "MAX_PARAGRAPHS", 100)
    read: list[int] = []
    _count_paragraphs(monkeypatch, read)
    data = docx(card("Tag", "text") + "<w:p/>" * 5000)
    with pytest.raises(UserError) as caught:
        parse_verbatim_docx(data, "empty.docx")
    assert caught.value.message == (
        "empty.docx has more than 100 paragraphs; DebatePrep imports Word files of up to 100 "
        "paragraphs. Split it into smaller files."
    )
    assert len(read) == 101
    assert parse_verbatim_docx(docx(card("Tag", "text") + "<w:p/>" * 90), "ok.docx").cards


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=12),
    cards=st.integers(min_value=1, max_value=6),
    limit=st.integers(min_value=200, max_value=3000),
    card_limit=st.integers(min_value=100, max_value=3000),
)
def test_no_import_is_bigger_than_the_limits(
    sizes: list[int], cards: int, limit: int, card_limit: int
) -> None:
    """Whatever the shape, a Word file either imports within every limit or is refused."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(verbatim_docx, "MAX_TEXT_CHARS", limit)
        patch.setattr(verbatim_docx, "MAX_CARD_CHARS", card_limit)
        body = "".join(card(f"T{n}", *("w" * size for size in sizes)) for n in range(cards))
        try:
            found = parse_verbatim_docx(docx(body), "shape.docx")
        except UserError as exc:
            assert exc.message.startswith("shape.docx ")
            assert "\n" not in exc.message
            return
    assert len(found.text) <= limit
    assert all(len(c.quote) <= card_limit for c in found.cards)


def test_nothing_is_stored_when_a_limit_is_passed(
    tmp_path: Path, empty_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verbatim_docx, "MAX_TEXT_CHARS", 5000)
    path = tmp_path / "big.docx"
    path.write_bytes(docx("".join(card(f"Tag {n}", "w" * 400) for n in range(30))))
    before = (empty_library.sources(), empty_library.cards())
    steps = list(empty_library.import_paths([path]))
    assert [step.outcome.status.value for step in steps] == ["failed"]
    assert "expands to more than 4.9 KB of text" in steps[0].outcome.message
    assert (empty_library.sources(), empty_library.cards()) == before


def test_text_files_are_held_to_the_same_text_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """No text format makes more characters than it has bytes; the limit on the text they
    produce stands anyway (a format added later, a decoder that expands)."""
    monkeypatch.setattr(reader, "MAX_TEXT_CHARS", 100)
    assert len(parse_document(b"x" * 100, "ok.txt").text) == 100
    with pytest.raises(UserError, match=r"^more\.txt expands to more than 100 bytes of text"):
        parse_document(b"y" * 101, "more.txt")
    expanding = {".txt": lambda data, name: ImportedDocument(text=data.decode() * 3)}
    monkeypatch.setattr(reader, "_PARSERS", expanding)
    with pytest.raises(UserError, match="expands to more than"):
        parse_document(b"z" * 40, "grows.txt")


# --- Text after an entity or a child element inside a run --------------------------------


def _paragraph_texts(body: str, prolog: str = "") -> list[str]:
    found = parse_verbatim_docx(docx(TAG.format("Tag") + CITE + body, prolog=prolog), "t.docx")
    return [c.quote for c in found.cards]


def test_text_after_an_entity_is_kept() -> None:
    """lxml left an unexpanded entity as a child node and ``w:t``'s ``.text`` stopped at it:
    "before " was kept and " after" silently cut."""
    prolog = '<!DOCTYPE w:document [<!ENTITY name "Verbatim">]>'
    body = TEXT.format("before &name; after, &amp; more")
    assert _paragraph_texts(body, prolog) == ["before Verbatim after, & more"]


def test_text_after_a_child_element_and_in_the_run_is_kept() -> None:
    body = (
        "<w:p><w:r><w:rPr><w:u/></w:rPr><w:t>one <w:x>two</w:x> three</w:t> four"
        "<w:tab/>five</w:r></w:p>"
    )
    assert _paragraph_texts(body) == ["one two three four\tfive"]


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    prolog = f'<!DOCTYPE w:document [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
    (quote,) = _paragraph_texts(TEXT.format("a &e; b"), prolog)
    assert "SECRET" not in quote and quote.startswith("a ") and quote.endswith(" b")


def test_entity_expansion_bombs_are_refused() -> None:
    """Billion laughs: libxml2 stops the amplification; the text count would stop it too."""
    entities = (
        '<!ENTITY a0 "'
        + "ha" * 50
        + '">'
        + "".join(f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 9))
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    with pytest.raises(UserError, match=r"damaged|expands to more than"):
        parse_verbatim_docx(docx(card("Tag", "&a8;"), prolog=prolog), "laughs.docx")
