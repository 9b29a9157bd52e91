"""Property tests: text survives import exactly; no input makes an importer crash; HTML
imports keep visible words and drop scripts, styles, comments and attributes."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from debateprep.errors import UserError
from debateprep.importers import ImportedDocument, parse_document

# No example database: tests must not write into the checkout.
FUZZ = settings(
    max_examples=500,  # issue 5: at least 500 examples each in CI
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


SECRET = "SECRETCODE"
# Well-formed pieces of a hostile page: each hides SECRET where a browser would not show it.
HIDDEN = [
    f"<script>{SECRET}()</script>",
    f"<script type='module'>import('{SECRET}')</script>",
    f"<style>p {{ content: '{SECRET}' }}</style>",
    f"<!-- {SECRET} -->",
    f'<img src=x onerror="{SECRET}()">',
    f"<noscript>{SECRET}</noscript>",
    f"<template>{SECRET}</template>",
    f"<iframe src='javascript:{SECRET}'></iframe>",
]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@st.composite
def hostile_pages(draw: st.DrawFn) -> tuple[str, list[str]]:
    """An HTML page mixing visible words (some in links and handlers) with hidden content."""
    parts: list[str] = []
    words: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(HIDDEN)))
            continue
        word = draw(WORDS)
        words.append(word)
        wrapper = draw(st.sampled_from(["p", "a", "div", "span", "b", "li"]))
        attributes = draw(
            st.sampled_from(
                [
                    "",
                    f' onclick="{SECRET}()"',
                    f" href='javascript:{SECRET}()'",
                    f" style='background:url({SECRET})'",
                    f" onmouseover='{SECRET}' title='{SECRET}'",
                ]
            )
        )
        parts.append(f"<{wrapper}{attributes}>{word}</{wrapper}>")
    return "<html><head><title>t</title></head><body>" + "".join(parts) + "</body></html>", words


@FUZZ
@given(hostile_pages())
def test_html_import_keeps_words_and_drops_hidden_content(page: tuple[str, list[str]]) -> None:
    html, words = page
    try:
        document = parse_document(html.encode("utf-8"), "page.html")
    except UserError as exc:
        assert not words, exc.message  # only a page without visible words may be refused
        return
    assert SECRET.lower() not in document.text.lower()
    assert "javascript" not in document.text
    assert document.text.split() == words or "".join(document.text.split()) == "".join(words)
