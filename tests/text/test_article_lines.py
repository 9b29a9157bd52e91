"""Bylines, datelines, captions and boilerplate lines; hidden spans; ISO dates."""

from __future__ import annotations

import time

import pytest

from debateprep.importers.dates import iso_date
from debateprep.text.article_lines import (
    byline_author,
    dateline,
    hidden_spans,
    is_boilerplate,
    is_caption,
    is_title_candidate,
    mask_hidden,
    visible_text,
)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY Jane Doe and John Smith", "Jane Doe, John Smith"),
        ("By Steven Mufson March 18 at 12:22 PM Follow @StevenMufson", "Steven Mufson"),
        ("Written by: Ana de la Cruz", "Ana de la Cruz"),
        ("By Friday, the Senate had voted.", ""),
        ("by the way, this is prose", ""),
        ("By Madonna", ""),  # one word reads as prose ("By Congress's count")
    ],
)
def test_byline_author(line: str, author: str) -> None:
    assert byline_author(line) == author


def test_dateline() -> None:
    assert dateline("WASHINGTON (Reuters) - The US said") == ("WASHINGTON", "Reuters")
    assert dateline("NEW YORK, March 3 (AP) — Officials") == ("NEW YORK", "AP")
    assert dateline("The mayor - who spoke") is None


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Amilcar Orfali (Getty Images)",
        "Photo by Jane Doe/AP",
        "Image credit: Reuters",
        "ADVERTISEMENT",
        "Advertisement",
        "CLICK HERE to subscribe",
        "READ MORE: Sessions warns cities",
        ">> READ MORE:\xa0Pennsylvania State Police adding oversight to troopers’ interactions",
        "Read more:",
        "Read more",
        "READ MORE Police adding oversight",
        "RELATED: Sanctuary cities brace for cuts",
        "Related stories",
        "SEE ALSO: The mayor's reply",
        "» See also - The mayor's reply",
        "See also[edit]",
        "Recommended: Five myths about detainers",
        "MORE: Trump signs the order",
        "Read more about ad blocking here.",
        "© 2024 The Daily. All rights reserved.",
        "Copyright 2017 Example News Service.",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)
    assert not is_title_candidate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Related to this, the council voted no.",
        "Read more books, the study found, and grades rise.",
        "Students who read more score higher, READ MORE: the report says.",
        "See also Smith (2019) on detainers.",
        "Recommended doses fell.",
        "More than half agreed.",
        "Read more about it in chapter 3.",
        "Copyright law protects the clip.",
        "Advertisements for the program ran for weeks before the vote was held.",
        "Sanctuary Cities Brace for a Funding Fight",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_caption_needs_a_credit() -> None:
    assert is_caption("Demonstrators outside City Hall (AP Photo/Seth Wenig)")
    assert not is_caption("Demonstrators gathered outside City Hall on Monday.")


def test_hidden_spans_mask_and_visible_text_keep_offsets() -> None:
    text = "Title\nADVERTISEMENT\nFirst line.\n\nPhoto: A B (Getty Images)\nLast."
    spans = hidden_spans(text)
    assert [text[a:b] for a, b in spans] == ["ADVERTISEMENT", "Photo: A B (Getty Images)"]
    masked = mask_hidden(text)
    assert len(masked) == len(text) and "ADVERTISEMENT" not in masked
    assert masked.index("First line.") == text.index("First line.")
    assert visible_text(text, 0, len(text), spans) == "Title\nFirst line.\n\nLast."


def test_hostile_lines_are_fast() -> None:
    began = time.perf_counter()
    for line in ("By " + "A and " * 30 + "!", "By " + "Ab " * 50, "(" * 150):
        byline_author(line)
        is_boilerplate(line)
        dateline(line)
    for line in (">> READ MORE about " + "x " * 70, "Read more on " + " here" * 24 + "!"):
        is_boilerplate(line)
    hidden_spans("ADVERTISEMENT\n" * 50_000)
    assert time.perf_counter() - began < 10  # a hang guard: backtracking would take hours


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-07-24T22:42:04.337Z", "2025-07-24"),
        ("January 26, 2017", "2017-01-26"),
        ("Jan. 26, 2017 at 6:01 am", "2017-01-26"),
        ("26 January 2017", "2017-01-26"),
        ("Monday, March 3rd, 2024", "2024-03-03"),
        ("2019/04/28", "2019-04-28"),
        ("20170101", "2017-01-01"),
        ("March 2024", "March 2024"),  # kept as written: not a full date
        ("Feb 30, 2020", "Feb 30, 2020"),
    ],
)
def test_iso_date(value: str, iso: str) -> None:
    assert iso_date(value) == iso
