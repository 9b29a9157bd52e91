"""Real-world-shaped fixtures: a JSON-LD page, a visible byline and dateline, a clipped Markdown
file with an HTML body and bad YAML, and a plain-text article opening with a photo caption."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from debateprep.importers import read_document
from debateprep.importers.document import ImportedDocument

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str) -> ImportedDocument:
    return read_document(FIXTURES / name)


def _hidden(document: ImportedDocument) -> list[str]:
    return [document.text[start:end] for start, end in document.hidden]


def test_json_ld_page_gives_authors_iso_date_outlet_and_url() -> None:
    document = _read("jsonld_article.html")
    assert document.title == "Border Towns Weigh the Cost of Detention"
    assert document.author == "Maria Delgado, Tom Okafor"
    assert document.date == "2025-07-24"  # not the raw 2025-07-24T22:42:04.337Z
    assert document.outlet == "The Valley Ledger"
    assert document.url == "https://valleyledger.example/2025/07/24/border-detention-costs"
    assert "Share on Facebook" not in document.text and "Home" not in document.text
    assert "$3.2\u00a0million" in document.text
    assert _hidden(document) == [
        "Photo: Ana Ruiz (Getty Images)",
        "ADVERTISEMENT",
        "Read more: How detention contracts are written",
    ]


def test_visible_byline_and_dateline() -> None:
    document = _read("byline_dateline_article.html")
    assert document.author == "Jane Doe, Carlos Ruiz"
    assert document.date == "2017-01-26"
    assert document.outlet == "Reuters"  # the dateline's agency, for want of a site name
    assert document.text.startswith("WASHINGTON (Reuters) - Mayors")
    assert document.title == "Mayors vow to keep sanctuary policies"


def test_clipped_markdown_with_html_body_and_bad_yaml(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    document = _read("clip_bad_yaml.md")
    assert document.title == "De Blasio To Trump: We'll See You In Court"
    assert document.author == "Kenneth Lovett"
    assert document.date == "2017-01-25"
    assert document.accessed == "2017-01-26"
    assert document.url == "https://www.example-news.com/2017/01/25/de-blasio-trump-court"
    (warning,) = document.warnings
    assert "not valid YAML" in warning and warning in caplog.text
    text = document.text
    for junk in ("<", ">", "&rsquo;", "&nbsp;", "href", "https://", "**", ".jpg"):
        assert junk not in text
    assert text.startswith("Mayor Bill de Blasio vowed on Wednesday")
    assert "“We’ll see you in court,” de Blasio said" in text
    assert "most of that money pays for police, schools and public housing." in text
    assert _hidden(document) == [
        "Photo: Spencer Platt (Getty Images)",
        "ADVERTISEMENT",
        "Related: Sessions warns sanctuary cities",
    ]


def test_plain_text_caption_is_not_the_title_and_by_line_is_the_author() -> None:
    raw = (FIXTURES / "caption_first_article.txt").read_text(encoding="utf-8")
    document = _read("caption_first_article.txt")
    assert document.text == raw.rstrip("\n")  # as written, less the trailing blank edge
    assert document.title == "Sanctuary Cities Brace for a Funding Fight"
    assert document.author == "Jane Doe, Carlos Ruiz"
    assert document.date == "2017-01-26"
    assert document.outlet == "Reuters"
    assert _hidden(document) == [
        "Photo: Amilcar Orfali (Getty Images)",
        "ADVERTISEMENT",
        "CLICK HERE to get our morning newsletter.",
        "Copyright 2017 Example News Service. All rights reserved.",
    ]


# Every fixture that imports (the PDF folder also holds refused files and their generator).
ARTICLES = sorted(
    path.name
    for path in FIXTURES.iterdir()
    if path.suffix in (".html", ".txt", ".md")
    or path.name in ("two_column.pdf", "report.pdf", "law_review.pdf")
)


@pytest.mark.parametrize("name", ARTICLES)
def test_hidden_spans_are_whole_lines_of_the_stored_text(name: str) -> None:
    document = _read(name)
    for start, end in document.hidden:
        assert 0 <= start < end <= len(document.text)
        assert start == 0 or document.text[start - 1] == "\n"
        assert end == len(document.text) or document.text[end] == "\n"


def test_mathml_inside_a_sentence_is_kept_as_its_symbols() -> None:
    from debateprep.importers import parse_document

    page = (
        b"<article><p>There are two solutions to <math><mi>a</mi><msup><mi>x</mi><mn>2</mn>"
        b"</msup><mo>=</mo><mn>0</mn></math> here.</p></article>"
    )
    assert parse_document(page, "math.html").text == "There are two solutions to ax2=0 here."


def test_pages_with_too_many_tags_skip_the_metadata_library() -> None:
    import time

    from debateprep.importers import parse_document
    from debateprep.importers.webmeta import MAX_LIBRARY_TAGS

    head = b'<meta name="author" content="Jane Doe">'
    markup = head + b"<div><p>x</p></div>" * (MAX_LIBRARY_TAGS // 2 + 1)
    began = time.perf_counter()
    document = parse_document(markup, "many.html")
    assert time.perf_counter() - began < 10  # a hang guard: backtracking would take hours
    assert document.author == "Jane Doe"  # the meta tags still give the cite
