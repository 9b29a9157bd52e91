"""Forgiving queries (issue 14): some-of-the-words results, corrections, number forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from debateprep.search import SearchIndex

from .helpers import build, card, keys, source

DOCS = [
    source(1, "Pier shooting", "Kathryn Steinle was shot on Pier 14 in San Francisco."),
    source(2, "Grants", "Byrne Justice Assistance Grant money pays for local policing."),
    source(3, "Agreements", "Sheriffs signed 287(g) agreements; SB 4 is a Texas law."),
    source(4, "Amendment", "The Tenth Amendment reserves powers to the states."),
    source(5, "Detainers", "ICE detainers ask jails to hold people for 48 hours."),
    source(6, "Sanctuary", "Sanctuary cities decline some detainers from ICE."),
    source(7, "Numbers", "An integer count of integers."),
]


@pytest.fixture(scope="module")
def forgiving_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    directory: Path = tmp_path_factory.mktemp("forgiving") / "index"
    return build(directory, tuple(DOCS))


def test_all_words_still_come_first(forgiving_index: SearchIndex) -> None:
    hits = forgiving_index.search("sanctuary detainers")
    assert keys(hits) == ["source:6", "source:5"]  # all of the words, then some of them
    assert hits.notice.startswith("Few results have all of “sanctuary detainers”")
    assert forgiving_index.search("Steinle").notice == ""


def test_missing_word_falls_back_to_the_words_that_match(forgiving_index: SearchIndex) -> None:
    hits = forgiving_index.search("Kate Steinle")
    assert keys(hits) == ["source:1"]
    assert hits.notice == "No result has all of “Kate Steinle”; showing results with “Steinle”"


def test_results_with_more_of_the_words_rank_first(forgiving_index: SearchIndex) -> None:
    hits = forgiving_index.search("detainers Steinle jails")
    assert keys(hits)[0] == "source:5"  # two of the words, then those with one
    assert set(keys(hits)[1:]) == {"source:1", "source:6"}


def test_byrne_jag_finds_byrne(forgiving_index: SearchIndex) -> None:
    assert keys(forgiving_index.search("Byrne JAG")) == ["source:2"]


@pytest.mark.parametrize(
    ("typed", "fixed", "key"),
    [("sanctuery", "sanctuary", "source:6"), ("detianer", "detainers", "source:5")],
)
def test_misspellings_are_corrected_from_the_library(
    forgiving_index: SearchIndex, typed: str, fixed: str, key: str
) -> None:
    hits = forgiving_index.search(typed)
    assert key in keys(hits)
    assert hits.suggestion == fixed
    assert hits.notice == f"No result has “{typed}”; showing results for “{fixed}”"


def test_a_short_stem_is_not_corrected_into_another_word(forgiving_index: SearchIndex) -> None:
    # illegal -> stem "illeg": two edits from "integ" (integer) is another word, not a typo.
    hits = forgiving_index.search("illegal")
    assert not hits and hits.suggestion == ""


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("287g", "source:3"),
        ("287 (g)", "source:3"),
        ("SB4", "source:3"),
        ("10th amendment", "source:4"),
    ],
)
def test_number_letter_forms_fold(forgiving_index: SearchIndex, query: str, key: str) -> None:
    assert keys(forgiving_index.search(query)) == [key]


def test_syntax_and_type_ahead_are_not_loosened(forgiving_index: SearchIndex) -> None:
    assert keys(forgiving_index.search('"Kate Steinle"')) == []
    assert keys(forgiving_index.search("Kate Steinle", scope="titles")) == []


RANKED = [
    card(10, "evidence", "B", "Report", "ICE lists every declined detainer. " + "Jails. " * 8),
    card(11, "evidence", "B", "Arrest", "He was detained overnight and released."),
    source(12, "Cites", "Nothing about it here.", cite="Stay here and you won't get caught"),
    source(13, "Opinion", "Cities won't deport criminals."),
]


@pytest.fixture(scope="module")
def ranked_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    return build(tmp_path_factory.mktemp("ranked") / "index", tuple(RANKED))


def test_exact_word_outranks_other_forms_of_its_stem(ranked_index: SearchIndex) -> None:
    # The report is longer and says "detainer" once; the short quote says "detained".
    assert keys(ranked_index.search("detainer"))[0] == "card:10"


def test_text_match_outranks_a_cite_only_match(ranked_index: SearchIndex) -> None:
    assert keys(ranked_index.search("won't")) == ["source:13", "source:12"]
