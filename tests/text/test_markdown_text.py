"""The one escaping mechanism: user text renders literally and never as HTML or Markdown syntax.

Examples pin the exact Markdown written; the Hypothesis properties render escaped text with
Python-Markdown and check that the reader sees exactly the collapsed text, with one bold run
per marked range and no other markup.
"""

from __future__ import annotations

import pytest
from exporter_html import Page, assert_inert, render
from hypothesis import given, settings
from hypothesis import strategies as st

from debateprep.text.markdown_text import (
    collapse_whitespace,
    document,
    escape_cell,
    escape_inline,
    heading,
    marked_inline,
    marked_paragraphs,
    paragraph_at,
    paragraph_spans,
    paragraphs,
    strong,
)

# Text built from Markdown's and HTML's special characters, plus anything at all.
SYNTAX = st.sampled_from(
    [
        *"\\`*_[]{}#|<>&~^!()-+=:.1 \n\t\r",
        *("<script>", "**", "```", "---", "1. ", "a", "\u201c", "€", "&amp;", "<!--"),
        *("javascript:", "\r\n", "  ", "\u2028", "\x00", "\x02"),
    ]
)
HOSTILE_TEXT = st.one_of(st.text(), st.lists(st.one_of(SYNTAX, st.text(max_size=3))).map("".join))
RANGES = st.lists(st.tuples(st.integers(-2, 40), st.integers(-2, 40)), max_size=4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words, kept.", "plain words, kept."),
        ("a*b_c`d", "a\\*b\\_c\\`d"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Tom & Jerry &amp;", "Tom &amp; Jerry &amp;amp;"),
        ("a|b", "a\\|b"),
        ("{attr} \\", "\\{attr\\} \\\\"),
        ("~~struck~~ 2^10^", "&#126;&#126;struck&#126;&#126; 2&#94;10&#94;"),
        ("# not a heading #", "\\# not a heading \\#"),
        ("> not a quote", "&gt; not a quote"),
        ("- not a bullet - really", "\\- not a bullet - really"),
        ("+ not a bullet", "\\+ not a bullet"),
        ("--- not a rule", "\\--- not a rule"),
        ("=== not an underline", "&#61;== not an underline"),
        (": not a definition", "&#58; not a definition"),
        ("1. not a list", "1\\. not a list"),
        ("2018) not a list", "2018\\) not a list"),
        ("(a) not a list", "\\(a\\) not a list"),
        ("iv. not a list", "iv\\. not a list"),
        ("1.5 million, Dr. Smith", "1.5 million, Dr. Smith"),
        ("  many\n\n  lines\t here  ", "many lines here"),
        ("bell\x07 and\x00 nul", "bell and nul"),
        ("", ""),
    ],
)
def test_escape_inline(text: str, expected: str) -> None:
    assert escape_inline(text) == expected


def test_escape_cell_turns_line_breaks_into_br_and_escapes_pipes() -> None:
    assert escape_cell("one | two\r\nthree\n\n\nfour") == "one \\| two<br>three<br>four"
    assert escape_cell("a\nb", bold=True) == "**a**<br>**b**"
    assert escape_cell("") == ""


def test_strong_and_heading_never_empty_markup() -> None:
    assert strong("  ") == ""
    assert strong(" tag ") == "**tag**"
    assert heading(4, "  \n", "Untitled") == "#### Untitled"
    assert heading(2, "Title #") == "## Title \\#"


def test_document_has_blank_lines_between_blocks_and_one_final_newline() -> None:
    assert document(["# A", "", "b"]) == "# A\n\nb\n"


@pytest.mark.parametrize(
    ("text", "ranges", "expected"),
    [
        ("read this part", [(5, 9)], ["read **this** part"]),
        ("read this part", [(4, 10)], ["read **this** part"]),  # spaces moved outside
        ("a this b", [(1, 2)], ["a this b"]),  # only a space: nothing to mark
        ('foo"bar"baz', [(3, 8)], ['foo"**bar**"baz']),  # punctuation against a letter
        ('say "bar" now', [(4, 9)], ['say **"bar"** now']),  # punctuation against a space
        ("abc", [(0, 1), (2, 3)], ["**a**b**c**"]),
        ("abc", [(0, 1), (1, 3)], ["**abc**"]),  # touching ranges merge
        ("x*y", [(0, 3)], ["**x\\*y**"]),
        ("one\n\ntwo", [(2, 6)], ["on**e**", "**t**wo"]),
        ("one\ntwo", [(0, 7)], ["**one two**"]),
        ("text", [(-5, 2), (3, 99)], ["**te**x**t**"]),  # clipped to the text
    ],
)
def test_marked_paragraphs(text: str, ranges: list[tuple[int, int]], expected: list[str]) -> None:
    assert marked_paragraphs(text, ranges) == expected


def test_marked_inline_joins_paragraphs() -> None:
    assert marked_inline("one\n\ntwo", [(0, 3)], marker="*") == "*one* two"


def test_paragraph_spans_index_the_original_text() -> None:
    text = "first\r\nline\r\n\r\n  \n\nsecond\n\n\nthird"
    spans = paragraph_spans(text)
    assert [text[start:end] for start, end in spans] == ["first\r\nline", "second", "third"]
    assert paragraphs(text) == ["first line", "second", "third"]
    assert paragraph_at(text, 0) == 0
    assert paragraph_at(text, text.index("line")) == 0
    assert paragraph_at(text, text.index("line") + 3) == 0
    assert paragraph_at(text, text.index("\r\n\r\n")) == 1  # between paragraphs: the next one
    assert paragraph_at(text, text.index("  ")) == 1
    assert paragraph_at(text, text.index("third")) == 2
    assert paragraph_at(text, len(text)) is None
    assert paragraph_spans("") == []


@settings(max_examples=150, deadline=None)
@given(HOSTILE_TEXT, RANGES)
def test_marked_paragraphs_render_literally(text: str, ranges: list[tuple[int, int]]) -> None:
    lines = marked_paragraphs(text, ranges)
    markdown_text = "\n>\n".join("> " + line for line in lines)
    html = render(markdown_text)
    page = assert_inert(html)
    assert page.blockquotes == paragraphs(text)
    assert html.count("<strong>") == markdown_text.count("**") // 2
    assert set(page.elements) <= {"blockquote", "p", "strong"}


@settings(max_examples=150, deadline=None)
@given(HOSTILE_TEXT)
def test_headings_render_literally(text: str) -> None:
    page = assert_inert(render(heading(4, text, "Untitled")))
    assert page.headings == [("h4", collapse_whitespace(text) or "Untitled")]
    assert set(page.elements) == {"h4"}


@settings(max_examples=150, deadline=None)
@given(HOSTILE_TEXT, HOSTILE_TEXT)
def test_cells_render_literally(left: str, right: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {escape_cell(left)} | {escape_cell(right, bold=True)} |"
    page = assert_inert(render(table))
    [row] = page.tables[0].body_rows
    # <br> between the lines adds no text: the reader sees the collapsed lines back to back.
    assert row == ["".join(map(collapse_whitespace, text.splitlines())) for text in (left, right)]
    assert set(page.elements) <= {"table", "thead", "tbody", "tr", "th", "td", "br", "strong"}


def test_rendered_example_keeps_the_hostile_text_as_text() -> None:
    page = Page(render(escape_inline("<img src=x onerror=alert(1)> [x](javascript:alert(1))")))
    assert page.text == "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
    assert page.elements == ["p"]
