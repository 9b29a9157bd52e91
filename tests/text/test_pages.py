"""Page cites from spans ("p. 12", "pp. 12–13"), the stored page data, and every cite style."""

from __future__ import annotations

import pytest

from debateprep.records import Cite
from debateprep.text.citations import format_cite, in_text_cite, short_cite
from debateprep.text.pages import dump_pages, load_pages, page_at, page_cite

# Page 1043 is text[0:100], 1044 is text[100:250], 1045 is empty, 1046 is text[250:].
STARTS = (0, 100, 250, 250)
LABELS = ("1043", "1044", "1045", "1046")


@pytest.mark.parametrize(
    ("offset", "page"), [(0, 0), (99, 0), (100, 1), (249, 1), (250, 3), (10_000, 3), (-5, 0)]
)
def test_page_at(offset: int, page: int) -> None:
    assert page_at(STARTS, offset) == page


@pytest.mark.parametrize(
    ("start", "end", "cite"),
    [
        (0, 10, "p. 1043"),
        (10, 100, "p. 1043"),  # the end is exclusive: character 99 is the last one
        (99, 101, "pp. 1043–1044"),
        (100, 250, "p. 1044"),
        (120, 300, "pp. 1044–1046"),
        (0, 400, "pp. 1043–1046"),
    ],
)
def test_page_cite_from_a_span(start: int, end: int, cite: str) -> None:
    assert page_cite(STARTS, LABELS, start, end) == cite


def test_no_pages_no_cite() -> None:
    assert page_cite((), (), 0, 10) == ""
    assert page_cite((0, 5), ("1",), 0, 3) == ""  # mismatched data is ignored
    assert page_cite(STARTS, LABELS, 5, 5) == ""  # an empty span


def test_stored_form_round_trips_and_bad_data_is_ignored() -> None:
    raw = dump_pages(STARTS, LABELS)
    assert load_pages(raw) == (STARTS, LABELS)
    assert dump_pages((), ()) == "" and load_pages("") == ((), ())
    for bad in ("{", "[]", '{"starts": [5, 1], "labels": ["a", "b"]}', '{"starts": [0]}'):
        assert load_pages(bad) == ((), ())


def test_every_style_shows_the_pages() -> None:
    cite = Cite(
        author="Maria Alvarez",
        date="2024-03-07",
        title="The Sanctuary Question",
        outlet="Border Law Review",
        pages="pp. 1043–1044",
    )
    debate = format_cite(cite, "debate")
    assert debate.endswith('"The Sanctuary Question," Border Law Review, pp. 1043–1044')
    assert "Border Law Review*, 7 Mar. 2024, pp. 1043–1044." in format_cite(cite, "mla")
    assert format_cite(cite, "apa").endswith("*Border Law Review*. pp. 1043–1044.")
    assert in_text_cite(cite, "mla") == "Alvarez 1043–1044"
    assert in_text_cite(cite, "apa") == "Alvarez, 2024, pp. 1043–1044"
    assert short_cite(cite) == "Alvarez 24"  # a debate short cite names no page


def test_pages_come_before_the_url_and_without_pages_nothing_changes() -> None:
    cite = Cite(author="Jane Doe", title="Report", url="https://example.org/r.pdf", pages="p. 3")
    assert format_cite(cite, "debate").endswith('"Report," p. 3, https://example.org/r.pdf')
    assert format_cite(cite, "mla").endswith('"Report." p. 3, https://example.org/r.pdf.')
    plain = Cite(author="Jane Doe", title="Report")
    assert in_text_cite(plain, "mla") == "Doe" and in_text_cite(plain, "apa") == "Doe, n.d."
