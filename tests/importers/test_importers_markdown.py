"""Markdown import: front matter fields (YAML or lenient lines), the body as plain paragraphs."""

from __future__ import annotations

import logging

import pytest

from debateprep.errors import UserError
from debateprep.importers import parse_document

FULL = """---
title: Walls Work
author: Jane Roe
qualifications: Professor of Law, Example University
outlet: The Daily
date: 2024-03-05
url: https://daily.example/walls
accessed: 2024-04-01
lean: restrictionist
---

# Ignored heading

The **body** stays [Markdown](https://example.org) — with “quotes”.
"""


def test_all_keys() -> None:
    document = parse_document(FULL.encode(), "walls.md")
    assert document.title == "Walls Work"
    assert document.author == "Jane Roe"
    assert document.qualifications == "Professor of Law, Example University"
    assert document.outlet == "The Daily"
    assert document.date == "2024-03-05"
    assert document.url == "https://daily.example/walls"
    assert document.accessed == "2024-04-01"
    assert document.lean == "restrictionist"
    assert document.origin == "walls.md"
    assert document.text == "Ignored heading\n\nThe body stays Markdown — with “quotes”."
    assert document.warnings == ()


def test_aliases_lists_and_case_insensitive_keys() -> None:
    source = """---
Title: Aliased
Authors: [Ann One, Bob Two, 3]
Credentials: Fellow
Publication: Review
Published: 2023-11-30T08:15:00Z
Link: https://r.example/a
Retrieved: 2024-01-02
Stance: open
---
Body.
"""
    document = parse_document(source.encode(), "a.md")
    assert document.title == "Aliased"
    assert document.author == "Ann One, Bob Two, 3"
    assert document.qualifications == "Fellow"
    assert document.outlet == "Review"
    assert document.date == "2023-11-30"
    assert document.url == "https://r.example/a"
    assert document.accessed == "2024-01-02"
    assert document.lean == "open"


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("affiliation", "qualifications"),
        ("site", "outlet"),
        ("source", "outlet"),
        ("publisher", "outlet"),
    ],
)
def test_more_aliases(key: str, field: str) -> None:
    document = parse_document(f"---\n{key}: Value\n---\nBody".encode(), "a.md")
    assert getattr(document, field) == "Value"


def test_dates_are_normalised_to_iso_or_kept_as_written() -> None:
    document = parse_document(b"---\ndate: March 5, 2024\n---\nBody", "a.md")
    assert document.date == "2024-03-05"
    document = parse_document(b"---\ndate: Spring 2024\n---\nBody", "a.md")
    assert document.date == "Spring 2024"


def test_nested_values_are_ignored() -> None:
    document = parse_document(b"---\nauthor: {name: x}\ntitle: T\n---\nBody", "a.md")
    assert document.author == ""
    assert document.title == "T"


def test_dots_close_the_front_matter_and_crlf_works() -> None:
    document = parse_document(b"---\r\ntitle: Dots\r\n...\r\nBody\r\n", "a.md")
    assert (document.title, document.text) == ("Dots", "Body")


def test_empty_front_matter_is_fine() -> None:
    document = parse_document(b"---\n---\nBody line\nmore", "a.md")
    assert document.text == "Body line more"  # a soft line break, as Markdown renders it
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("source", "where", "fields"),
    [
        (
            "---\ntitle: ok\nauthor: [unclosed\nlean: x\n---\nBody",
            " at line 4",
            {"title": "ok", "author": "[unclosed", "lean": "x"},
        ),
        ("---\ntitle: a: b: c\n---\nBody", " at line 2", {"title": "a: b: c"}),
        ("---\n- a list\n- not a mapping\n---\nBody", "", {"title": "bad"}),
        ("---\njust a sentence\n---\nBody", "", {"title": "bad"}),
        ("---\ndate: 2024-13-45\n---\nBody", "", {"date": "2024-13-45"}),
        ("---\na: !!python/object:os.system {}\n---\nBody", " at line 2", {"title": "bad"}),
    ],
)
def test_front_matter_that_is_not_yaml_is_read_as_lines_with_a_warning(
    source: str, where: str, fields: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    document = parse_document(source.encode(), "bad.md")
    assert document.text == "Body"
    for field, value in fields.items():
        assert getattr(document, field) == value
    (warning,) = document.warnings
    assert warning.startswith(f"bad.md: the front matter is not valid YAML{where}")
    assert warning in caplog.text


def test_clipped_title_with_colons_and_source_url() -> None:
    source = (
        "---\ntitle: De Blasio To Trump: We'll See You In Court\n"
        'source: https://news.example/de-blasio\nauthor: "[[Jane Doe]]"\n'
        "published: 2017-01-25T15:04:05.337Z\n---\nText."
    )
    document = parse_document(source.encode(), "clip.md")
    assert document.title == "De Blasio To Trump: We'll See You In Court"
    assert document.url == "https://news.example/de-blasio"
    assert document.outlet == ""  # an address is the URL, not the outlet
    assert document.author == "Jane Doe"
    assert document.date == "2017-01-25"
    assert len(document.warnings) == 1


def test_markdown_and_html_body_become_plain_paragraphs() -> None:
    body = (
        "<p>Mayor <a href='https://x.example/bio'>Bill de Blasio</a> said &amp; <b>did</b>.</p>"
        "<img src='a.jpg' alt='pic'>\n\n"
        "Some **bold**, _em_, `code`, [a link](https://a.example) and ![img](x.png) here.\n\n"
        "- one\n- two\n\n> quoted\n\n[ref]: https://ref.example\n\n"
        "```\n<b>kept</b> as written\n```\n"
    )
    text = parse_document(body.encode(), "clip.md").text
    assert text == (
        "Mayor Bill de Blasio said & did.\n\n"
        "Some bold, em, code, a link and here.\n\n"
        "one\n\ntwo\n\nquoted\n\n<b>kept</b> as written"
    )


def test_hostile_brackets_take_linear_time() -> None:
    document = parse_document(b"[" * 200_000 + b" text", "a.md")
    assert document.text.startswith("[[[")


def test_front_matter_without_body_is_refused() -> None:
    with pytest.raises(UserError, match=r"^a\.md has front matter but no text"):
        parse_document(b"---\ntitle: T\n---\n\n  \n", "a.md")


def test_no_front_matter_heading_is_the_title() -> None:
    source = "Intro line\n\n# Real Title #\n\nText."
    document = parse_document(source.encode(), "a.md")
    assert document.title == "Real Title"
    assert document.text == "Intro line\n\nReal Title\n\nText."
    assert document.author == ""


def test_heading_inside_code_fence_is_not_the_title() -> None:
    source = "```bash\n# not a title\n```\n\n# Title\nText"
    assert parse_document(source.encode(), "a.md").title == "Title"


def test_without_heading_the_first_line_or_name_is_the_title() -> None:
    assert parse_document(b"## Sub heading\n\nText", "a.md").title == "Sub heading"
    assert parse_document(b"Only a line", "policy_notes.markdown").title == "policy notes"


def test_opening_rule_without_closing_is_text() -> None:
    source = "---\nA thematic break, then text."
    document = parse_document(source.encode(), "a.md")
    assert document.text == "A thematic break, then text."


def test_front_matter_must_start_the_file() -> None:
    source = "Text first\n---\ntitle: not meta\n---\nmore"
    assert parse_document(source.encode(), "a.md").text == "Text first\n\ntitle: not meta\n\nmore"
