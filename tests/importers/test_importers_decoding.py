"""Decoding: encodings, faithful typography, line endings, and refusing empty or binary files."""

from __future__ import annotations

import codecs

import pytest

from debateprep.errors import UserError
from debateprep.importers import decode_text, parse_document
from debateprep.importers.decoding import as_declared, charset_codec, decode_bytes

TYPOGRAPHY = "“Walls work,” she said — twice – ‘really’… 5\u00a0km and\u00a0more"


def test_utf8_without_bom() -> None:
    assert decode_text(TYPOGRAPHY.encode("utf-8"), "a.txt") == TYPOGRAPHY


def test_utf8_bom_is_stripped() -> None:
    assert decode_text(codecs.BOM_UTF8 + TYPOGRAPHY.encode("utf-8"), "a.txt") == TYPOGRAPHY


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom(bom: bytes, codec: str) -> None:
    assert decode_text(bom + TYPOGRAPHY.encode(codec), "a.txt") == TYPOGRAPHY


def test_utf16_with_bom_but_truncated_is_refused() -> None:
    data = codecs.BOM_UTF16_LE + "hello".encode("utf-16-le") + b"h"  # half a character
    with pytest.raises(UserError, match=r"a\.txt .*not valid UTF-16"):
        decode_text(data, "a.txt")


def test_utf16_without_bom_is_refused_as_binary() -> None:
    with pytest.raises(UserError, match="binary"):
        decode_text("hello world".encode("utf-16-le"), "a.txt")


def test_nul_character_inside_utf16_is_refused() -> None:
    with pytest.raises(UserError, match="binary"):
        decode_text(codecs.BOM_UTF16_LE + "hel\x00lo".encode("utf-16-le"), "a.txt")


def test_cp1252_fallback() -> None:
    assert decode_text(b"don\x92t", "a.txt") == "don’t"
    assert decode_text(b"\x93Quoted\x94 \x96 dash \x97 \x85", "a.txt") == "“Quoted” – dash — …"


def test_cp1252_is_not_used_for_valid_utf8() -> None:
    # "é" in UTF-8 is also two valid cp1252 bytes ("Ã©"); UTF-8 must win.
    assert decode_text("café".encode(), "a.txt") == "café"


def test_invalid_in_utf8_and_cp1252_is_refused() -> None:
    with pytest.raises(
        UserError, match=r"^b\.txt is not valid text in UTF-8, UTF-16 or Windows-1252"
    ):
        decode_text(b"\x81\x8d\xff\x8f\x90\x9d", "b.txt")


def test_typography_is_kept_byte_for_byte() -> None:
    data = TYPOGRAPHY.encode("utf-8")
    assert decode_text(data, "a.txt").encode("utf-8") == data


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo"),
        (b"one\rtwo\rthree", "one\ntwo\nthree"),
        (b"one\r\n\r\ntwo\n\rthree", "one\n\ntwo\n\nthree"),
    ],
)
def test_line_endings_are_normalised(raw: bytes, expected: str) -> None:
    assert decode_text(raw, "a.txt") == expected


def test_only_outer_blank_lines_are_trimmed() -> None:
    raw = "\n  \n\t\n    Indented  first\n\nsecond  line   \n\n\n\tthird\t\n \n\n"
    assert (
        decode_text(raw.encode(), "a.txt") == "    Indented  first\n\nsecond  line   \n\n\n\tthird"
    )


def test_leading_nbsp_line_is_content() -> None:
    assert decode_text("\u00a0\nText".encode(), "a.txt") == "\u00a0\nText"


def test_decode_bytes_keeps_outer_lines() -> None:
    assert decode_bytes(b"\r\n\r\ntext\r\n", "a.md") == "\n\ntext\n"


@pytest.mark.parametrize("data", [b"", b" ", b"\r\n\t \n", "\u00a0\n".encode(), codecs.BOM_UTF8])
def test_empty_and_blank_files_are_refused(data: bytes) -> None:
    with pytest.raises(UserError, match=r"^empty\.txt is empty"):
        decode_text(data, "empty.txt")


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Word"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
@pytest.mark.parametrize("name", ["photo.txt", "photo.md", "photo.html"])
def test_binary_formats_are_refused(header: bytes, kind: str, name: str) -> None:
    with pytest.raises(UserError, match=rf"^{name} looks like a binary file \(.*{kind}"):
        parse_document(header + b"more bytes here", name)


def test_nul_bytes_are_refused() -> None:
    with pytest.raises(UserError, match=r"binary file \(it contains NUL bytes\)"):
        decode_text(b"plain text\x00with a NUL", "a.txt")


def test_mostly_control_characters_are_refused() -> None:
    with pytest.raises(UserError, match="control characters"):
        decode_text(b"ab\x01\x02\x03\x04\x05\x06cd", "a.txt")


def test_a_few_control_characters_are_tolerated() -> None:
    text = "x" * 100 + "\x1b" + "\x0c" * 50 + "y"
    assert decode_text(text.encode(), "a.txt") == text


def test_messages_name_the_file_not_its_folder() -> None:
    with pytest.raises(UserError) as caught:
        parse_document(b"", "some/folder/notes.txt")
    assert caught.value.message.startswith("notes.txt ")
    assert "folder" not in caught.value.message


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("latin-1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("windows-1252", "cp1252"),
        ("'Shift_JIS'", "shift_jis"),
        ("utf-8", "utf_8"),
        ("utf-16", None),
        ("base64", None),
        ("unicode_escape", None),
        ("x-user-defined", None),
        ("", None),
    ],
)
def test_charset_labels(label: str, codec: str | None) -> None:
    assert charset_codec(label) == codec


def test_declared_charset_replaces_cp1252() -> None:
    data = "Ночь".encode("koi8-r")
    assert decode_bytes(data, "a.html", declared="koi8-r") == "Ночь"


def test_declared_latin1_accepts_bytes_undefined_in_cp1252() -> None:
    assert decode_bytes(b"a\x81b", "a.html", declared="iso-8859-1") == "a\x81b"


def test_a_declared_charset_is_applied_only_where_utf8_fails() -> None:
    """A web server's Content-Type charset (URL import): the bytes it fits become UTF-8."""
    latin = "Café crème".encode("latin-1")
    assert as_declared(latin, "ISO-8859-1") == "Café crème".encode()
    assert as_declared("Привет".encode("koi8-r"), "koi8-r") == "Привет".encode()
    # UTF-8 (and a BOM) win over a wrong declaration, as browsers' sniffing does in practice.
    assert as_declared("Café".encode(), "ISO-8859-1") == "Café".encode()
    bom = b"\xef\xbb\xbfCaf\xc3\xa9"
    assert as_declared(bom, "koi8-r") == bom
    # Binary bytes, an unknown label and bytes the label cannot decode pass through unchanged.
    png = b"\x89PNG\r\n\x1a\n\x00\x00"
    assert as_declared(png, "latin-1") == png
    assert as_declared(latin, "no-such-charset") == latin
    assert as_declared(b"\x81\x8d", "cp1252") == b"\x81\x8d"
