"""Every importer is linear in its input (issue 10, item 7), checked by counting work.

A Kialo chain of 2,000 ``-> See`` links took 30 s (8,000: over ten minutes) because each chain
was walked again from every claim on it; a claim of ``[a`` x 20,000 took 35 s in a regular
expression; a Markdown heading line of blanks backtracked the same way.

How work is counted: ``sys.settrace`` counts every Python event (each line run, each call and
return) in every frame while one import runs: our code and the pure-Python libraries it drives
(``html.parser``, PyYAML). That count is deterministic, unlike time. For a generated input
of n units and the same of 4n units, a linear importer does about 4 times the work; a
quadratic one about 16. Work done inside C (a regular expression, ``str.split``, lxml) counts
as one call, so the C-level cases have their own tests below, which pin the property that
keeps each linear (a link label never reads past the next "[", a heading is read with string
methods that scan once).
"""

from __future__ import annotations

import contextlib
import io
import sys
import zipfile
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debateprep.importers import htmlmeta, parse_document
from debateprep.importers.cite_line import parse_cite_line
from debateprep.importers.kialo import _inline, parse_kialo
from debateprep.importers.markdown import _heading_title
from debateprep.importers.verbatim_docx import parse_verbatim_docx

GROWTH = 4
# Linear work grows about GROWTH times (less, with a fixed start-up cost); quadratic work
# GROWTH ** 2 times. The margin absorbs the odd extra branch in the bigger input.
MAX_RATIO = 5.5

LINEAR = settings(
    max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def work(run: Callable[[], Any]) -> int:
    """How many Python events (lines, calls, returns) ``run`` causes; its errors are ignored."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        run()
    except Exception:  # refusing a file is fine here: only the work done to decide counts
        pass
    finally:
        sys.settrace(previous)
    return count


def assert_linear(make: Callable[[int], Any], importer: Callable[[Any], Any], n: int) -> None:
    small, big = make(n), make(GROWTH * n)
    # Once untraced first: modules an importer loads on first use (trafilatura, for web
    # pages) are a one-time cost, not work that grows with the input.
    with contextlib.suppress(Exception):
        importer(small)
    ratio = work(lambda: importer(big)) / max(1, work(lambda: importer(small)))
    assert ratio < MAX_RATIO, f"work grew {ratio:.1f} times for {GROWTH} times the input"


# --- Kialo -------------------------------------------------------------------------------


def see_chain(n: int) -> str:
    lines = ["Discussion Title: chain", "1. Thesis", "1.1. Pro: the claim at the end"]
    lines += [f"1.{i}. Con: -> See 1.{i - 1}." for i in range(2, n + 2)]
    return "\n".join(lines) + "\n"


def see_fan(n: int) -> str:
    lines = ["1. Thesis", "1.1. Pro: target"]
    lines += [f"1.1.{i}. Con: -> See 1.1." for i in range(1, n + 1)]
    return "\n".join(lines) + "\n"


def deep(n: int) -> str:
    lines, claim = ["1. Thesis"], "1"
    for _ in range(n):
        claim += ".1"
        lines.append(f"{claim}. Pro: deeper")
    return "\n".join(lines) + "\n"


def brackets(n: int) -> str:
    return "1. Thesis\n1.1. Pro: " + "[a" * n + "\n"


def long_numbers(n: int) -> str:
    return "1. Thesis\n" + "".join(f"1.{'9' * n}{i}. Pro: claim\n" for i in range(1, 6))


def continuation(n: int) -> str:
    return "1. Thesis\n1.1. Pro: first line\n" + "1. more text\n\n" * n


KIALO = {
    "see chain": (see_chain, 60),
    "see fan": (see_fan, 60),
    "deep": (deep, 40),
    "brackets": (brackets, 200),
    "long numbers": (long_numbers, 200),
    "continuation": (continuation, 100),
}


@LINEAR
@given(shape=st.sampled_from(sorted(KIALO)), scale=st.integers(min_value=1, max_value=3))
def test_kialo_is_linear(shape: str, scale: int) -> None:
    make, n = KIALO[shape]
    assert_linear(make, parse_kialo, n * scale)


def test_kialo_see_chain_regression() -> None:
    """The 2,000-link chain, scaled down: the old check walked n chains of up to n links and
    looked for repeats in a list, n * n * n / 6 steps."""
    assert_linear(see_chain, parse_kialo, 150)


def test_kialo_resolve_remembers_chains() -> None:
    """The import resolves every claim; each chain is followed once for all of them."""
    discussion = parse_kialo(see_chain(400))

    def resolve_all() -> None:
        for claim in discussion.claims:
            discussion.resolve(claim.id)

    small = parse_kialo(see_chain(100))

    def resolve_small() -> None:
        for claim in small.claims:
            small.resolve(claim.id)

    assert work(resolve_all) < MAX_RATIO * work(resolve_small)


def test_a_link_label_never_reads_past_the_next_bracket() -> None:
    """``[a`` x 20,000 took 35 s: the label pattern accepted "[", so each "[" scanned to the
    end of the text. The innermost brackets are the link now (as in CommonMark), which is
    also what bounds each attempt by the next "["."""
    text, sources = _inline("[a[b](https://x.org) and \\[c\\]")
    assert text == "[ab and [c]"
    assert [(s.label, s.url) for s in sources] == [("b", "https://x.org")]
    text, sources = _inline("[a" * 5000)
    assert text == "[a" * 5000 and not sources


# --- Markdown, HTML, text ----------------------------------------------------------------


def heading_blanks(n: int) -> bytes:
    return ("# Title" + " \t" * n + "#x\n\nBody text.\n").encode()


def front_matter(n: int) -> bytes:
    keys = "".join(f"key{i}: value {i}\n" for i in range(n))
    return f"---\ntitle: T\n{keys}---\n# Heading\n\nBody.\n".encode()


def many_lines(n: int) -> bytes:
    return ("```\n# not a title\n```\n" * n + "text\n").encode()


def html_nested(n: int) -> bytes:
    return ("<html><body>" + "<div><p>para" * n + "</div>" * n + "</body></html>").encode()


def html_unclosed(n: int) -> bytes:
    return ("<p>text " + "</" * n + "<!--" * n + "&amp;" * n).encode()


def html_chrome(n: int) -> bytes:
    items = "".join(f'<div class="share ad-{i}"><p>item {i}</p></div>' for i in range(n))
    return f"<article>{items}<p>{'word ' * n}</p></article>".encode()


def plain(n: int) -> bytes:
    return ("A title\n\n" + "A line of text, with words.\r\n" * n).encode()


DOCUMENTS: dict[str, tuple[Callable[[int], bytes], str, int]] = {
    "heading blanks": (heading_blanks, "x.md", 200),
    "front matter": (front_matter, "x.md", 40),
    "fenced lines": (many_lines, "x.md", 100),
    "nested html": (html_nested, "x.html", 60),
    "unclosed html": (html_unclosed, "x.html", 100),
    "chrome html": (html_chrome, "x.html", 40),
    "plain text": (plain, "x.txt", 200),
}


@LINEAR
@given(shape=st.sampled_from(sorted(DOCUMENTS)), scale=st.integers(min_value=1, max_value=3))
def test_documents_are_linear(shape: str, scale: int) -> None:
    make, name, n = DOCUMENTS[shape]
    assert_linear(make, lambda data: parse_document(data, name), n * scale)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("# Title", "Title"),
        ("# Title ##", "Title"),
        ("#   Title #  x", "Title #  x"),
        ("# Title#", "Title#"),
        ("   # Indented", "Indented"),
        ("    # Code, not a heading", ""),
        ("#NoSpace", ""),
        ("# ###", "###"),
        ("# a" + " \t" * 5000 + "#x", "a" + " \t" * 5000 + "#x"),
        ("# a" + " " * 5000 + "##", "a"),
    ],
)
def test_heading_titles(line: str, title: str) -> None:
    """The heading is read with strip and rstrip (each one pass over the line); the regular
    expression it replaces backtracked over blank runs (a 40,000-blank line took 20 s)."""
    assert _heading_title(f"{line}\n\ntext") == title.strip()


class CountedName(str):
    """A name whose comparisons are counted: a list's ``in`` compares against every entry."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        CountedName.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


class NamingByline:
    """Stands in for ``html._BYLINE``: strips nothing, hands back counted names."""

    def sub(self, replacement: str, value: str, count: int = 0) -> str:
        return CountedName(value)


def test_html_author_tags_are_merged_in_linear_comparisons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Repeated authors were dropped with a list's ``in``: 40,000 author tags (1.2 MB) took
    16 s. Comparisons are counted (the ``in`` runs in C, so events would not see it)."""
    monkeypatch.setattr(htmlmeta, "_BYLINE_PREFIX", NamingByline())

    def compared(n: int) -> int:
        tags = "".join(f'<meta name="author" content="Person {i}">' for i in range(n))
        CountedName.compared = 0
        document = parse_document(f"<head>{tags}</head><p>text</p>".encode(), "x.html")
        assert document.author.count("Person") == n
        return CountedName.compared

    assert compared(GROWTH * 300) < MAX_RATIO * max(1, compared(300)) + 10


# --- Word files and cite lines -----------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TAG = '<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr><w:r><w:t>Tag {}</w:t></w:r></w:p>'
CITE = '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Smith 2020, "A title," https://x.org</w:t></w:r></w:p>'


def docx(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>"
        )
    return out.getvalue()


def cards(n: int) -> bytes:
    text = "<w:p><w:r><w:rPr><w:u/></w:rPr><w:t>card text {}</w:t></w:r></w:p>"
    return docx("".join(TAG.format(i) + CITE + text.format(i) for i in range(n)))


def runs(n: int) -> bytes:
    run = (
        '<w:r><w:rPr><w:highlight w:val="cyan"/></w:rPr><w:t>w{} </w:t></w:r>'
        "<w:r><w:t>x</w:t></w:r>"
    )
    return docx(
        TAG.format(0) + CITE + "<w:p>" + "".join(run.format(i) for i in range(n)) + "</w:p>"
    )


def empty_paragraphs(n: int) -> bytes:
    return docx(
        TAG.format(0) + "<w:p/>" * n + CITE + "<w:p/>" * n + "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    )


def tables(n: int) -> bytes:
    cell = "<w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc>"
    return docx(TAG.format(0) + CITE + "<w:tbl>" + f"<w:tr>{cell}</w:tr>" * n + "</w:tbl>")


WORD = {"cards": (cards, 40), "runs": (runs, 100), "empty": (empty_paragraphs, 200),
        "tables": (tables, 100)}  # fmt: skip


@LINEAR
@given(shape=st.sampled_from(sorted(WORD)), scale=st.integers(min_value=1, max_value=3))
def test_word_files_are_linear(shape: str, scale: int) -> None:
    make, n = WORD[shape]
    assert_linear(make, lambda data: parse_verbatim_docx(data, "x.docx"), n * scale)


def cite(n: int) -> str:
    return "Smith, " + ", ".join(f"piece {i}" for i in range(n)) + ', "Title," 2020'


@pytest.mark.parametrize("n", [3, 8])  # x 4 stays under the 40 pieces the exact reading tries
def test_cite_lines_are_linear(n: int) -> None:
    assert_linear(cite, lambda line: parse_cite_line(line, [(0, 5)]), n)
