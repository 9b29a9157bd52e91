"""Property tests: text survives import exactly; no input makes an importer crash."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from debateprep.errors import UserError
from debateprep.importers import ImportedDocument, parse_document

# No example database: tests must not write into the checkout.
FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Text without control characters, except the line endings and tabs real files have.
texts = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\r\t")
)


def normalised(text: str) -> str:
    """Reference: LF line endings, leading blank lines dropped, trailing whitespace trimmed."""
    text = re.sub(r"\r\n?", "\n", text)
    text = re.sub(r"\A(?:[ \t]*\n)+", "", text)
    return text.rstrip(" \t\n")


@FUZZ
@given(texts)
def test_text_survives_import(text: str) -> None:
    assume(text.strip())
    assume(not text.startswith("\ufeff"))  # indistinguishable from a byte-order mark
    assume(not text.startswith(("GIF87a", "GIF89a", "%PDF-")))  # binary signatures
    document = parse_document(text.encode("utf-8"), "x.txt")
    assert document.text == normalised(text)


@FUZZ
@given(texts)
def test_text_survives_utf16(text: str) -> None:
    assume(text.strip())
    document = parse_document(b"\xff\xfe" + text.encode("utf-16-le"), "x.txt")
    assert document.text == normalised(text)


FRAGMENTS = [
    b"<",
    b">",
    b"</",
    b"<!--",
    b"-->",
    b"<![",
    b"<![CDATA[",
    b"]]>",
    b"<?",
    b"<!DOCTYPE",
    b"<p>",
    b"</p>",
    b"<div class='ad'>",
    b"</div>",
    b"<article>",
    b"<br/>",
    b"<script>",
    b"<title>",
    b"<meta charset='koi8-r'>",
    b'<meta name="author" content="',
    b"&",
    b"&#",
    b"&nbsp;",
    b";",
    b"---\n",
    b"title: [",
    b"date: 2024-13-01\n",
    b": ",
    b"\n",
    b"\r",
    b"text",
    b" ",
    b"\xff",
    b"\x81",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "’".encode(),
]
markupish = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(b"".join)


@FUZZ
@given(st.one_of(st.binary(max_size=2000), markupish), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_import_or_raise_user_error(data: bytes, name: str) -> None:
    try:
        document = parse_document(data, name)
    except UserError as exc:
        assert exc.message.strip()
        return
    assert isinstance(document, ImportedDocument)
    assert document.text.strip()
    assert "\x00" not in document.text
