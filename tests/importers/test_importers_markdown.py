"""Markdown import: YAML front matter fields and aliases, the body as source, title fallbacks."""

from __future__ import annotations

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
    assert document.text == (
        "# Ignored heading\n\nThe **body** stays [Markdown](https://example.org) — with “quotes”."
    )


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


def test_date_as_written_is_kept() -> None:
    document = parse_document(b"---\ndate: March 5, 2024\n---\nBody", "a.md")
    assert document.date == "March 5, 2024"


def test_nested_values_are_ignored() -> None:
    document = parse_document(b"---\nauthor: {name: x}\ntitle: T\n---\nBody", "a.md")
    assert document.author == ""
    assert document.title == "T"


def test_dots_close_the_front_matter_and_crlf_works() -> None:
    document = parse_document(b"---\r\ntitle: Dots\r\n...\r\nBody\r\n", "a.md")
    assert (document.title, document.text) == ("Dots", "Body")


def test_empty_front_matter_is_fine() -> None:
    document = parse_document(b"---\n---\nBody line\nmore", "a.md")
    assert document.text == "Body line\nmore"


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("---\ntitle: ok\nauthor: [unclosed\nlean: x\n---\nBody", "at line 4"),
        ("---\ntitle: a: b: c\n---\nBody", "at line 2"),
    ],
)
def test_malformed_yaml_is_refused_with_its_line(source: str, where: str) -> None:
    with pytest.raises(UserError, match=rf"^The front matter of bad\.md is malformed {where}"):
        parse_document(source.encode(), "bad.md")


@pytest.mark.parametrize(
    "source",
    [
        "---\n- a list\n- not a mapping\n---\nBody",
        "---\njust a sentence\n---\nBody",
        "---\ndate: 2024-13-45\n---\nBody",
        "---\na: !!python/object:os.system {}\n---\nBody",
    ],
)
def test_non_mapping_and_unbuildable_front_matter_is_refused(source: str) -> None:
    with pytest.raises(UserError, match=r"front matter of bad\.md is malformed"):
        parse_document(source.encode(), "bad.md")


def test_front_matter_without_body_is_refused() -> None:
    with pytest.raises(UserError, match=r"^a\.md has front matter but no text"):
        parse_document(b"---\ntitle: T\n---\n\n  \n", "a.md")


def test_no_front_matter_heading_is_the_title() -> None:
    source = "Intro line\n\n# Real Title #\n\nText."
    document = parse_document(source.encode(), "a.md")
    assert document.title == "Real Title"
    assert document.text == source
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
    assert document.text == source


def test_front_matter_must_start_the_file() -> None:
    source = "Text first\n---\ntitle: not meta\n---\nmore"
    assert parse_document(source.encode(), "a.md").text == source
