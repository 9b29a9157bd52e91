"""Queries against the sample library: folding, stemming, prefixes, phrases, syntax, ranking."""

from __future__ import annotations

import pytest

from debateprep.search import SearchIndex

from .helpers import keys


@pytest.mark.parametrize("query", ["won't", "won’t", "WON'T", "wont"])
def test_apostrophes_are_equivalent(shared_index: SearchIndex, query: str) -> None:
    assert "source:1" in keys(shared_index.search(query))


@pytest.mark.parametrize("query", ['"oven"', "“oven”", '"hot oven"', "“hot oven”"])
def test_straight_and_curly_quotes_make_the_same_phrase(
    shared_index: SearchIndex, query: str
) -> None:
    hits = keys(shared_index.search(query))
    assert {"source:1", "card:1"} <= set(hits)


@pytest.mark.parametrize("query", ["I.C.E.", "I.C.E", "ICE", "ice", "i.c.e."])
def test_acronyms_fold(shared_index: SearchIndex, query: str) -> None:
    hits = set(keys(shared_index.search(query)))
    assert {"source:1", "card:2"} <= hits  # I.C.E. in a source body, ICE in a card tag


def test_dotted_acronym_with_trailing_letters(shared_index: SearchIndex) -> None:
    assert keys(shared_index.search("USC")) == ["source:1"]
    assert keys(shared_index.search("U.S.C.")) == ["source:1"]


@pytest.mark.parametrize("query", ["cafe", "café", "CAFÉ", "resume", "naive"])
def test_accents_and_case_fold(shared_index: SearchIndex, query: str) -> None:
    assert keys(shared_index.search(query)) == ["source:1"]


@pytest.mark.parametrize("query", ["deport", "deported", "deports", "deporting"])
def test_stemming(shared_index: SearchIndex, query: str) -> None:
    hits = set(keys(shared_index.search(query, prefix=False)))
    assert {"source:1", "source:2", "card:4"} <= hits


def test_deportation_and_deported_share_a_stem(shared_index: SearchIndex) -> None:
    deportation = set(keys(shared_index.search("deportation", prefix=False)))
    assert deportation == set(keys(shared_index.search("deported", prefix=False)))
    assert {"source:1", "source:2", "card:3", "card:4"} <= deportation


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sanct", {"source:1", "card:1"}),
        ("immigra", {"source:1", "card:3"}),  # Immigration, Immigrants (stem: immigr)
        ("Philadelph", {"source:1"}),  # body and cite; card:1's label is a filter, not text
        ("deport", {"source:1", "source:2", "card:3", "card:4"}),  # deportation via prefix
    ],
)
def test_last_word_matches_as_prefix(
    shared_index: SearchIndex, query: str, expected: set[str]
) -> None:
    assert expected <= set(keys(shared_index.search(query)))


def test_prefix_finds_what_the_stem_misses(shared_index: SearchIndex) -> None:
    # "immigra" is not a prefix of the stem "immigr": only the unstemmed field can match it.
    assert shared_index.search("immigra", prefix=False, forgiving=False) == []
    assert shared_index.search("immigra")


def test_short_prefixes_match_tags_titles_and_cites_only(shared_index: SearchIndex) -> None:
    # Two letters already find the words they begin in tags, titles and cites (edge n-grams,
    # one term lookup)...
    assert {"source:1", "card:1"} <= set(keys(shared_index.search("sa")))  # Sanctuary ...
    assert "source:1" in keys(shared_index.search("Phi"))  # the cite's Philadelphia Inquirer
    # ...but are never expanded over long text: "hot" and "here" occur only in bodies.
    assert shared_index.search("ho") == []
    assert shared_index.search("her") == []
    assert shared_index.search("sa*") == []  # no wildcard syntax either
    assert shared_index.search("s") == []  # one letter is not a prefix


def test_titles_scope_searches_tags_titles_and_cites(shared_index: SearchIndex) -> None:
    # "oven" is in bodies and in no tag, title or cite.
    assert shared_index.search("oven", scope="titles") == []
    assert "source:2" in keys(shared_index.search("deportation", scope="titles"))  # title
    assert "source:2" in keys(shared_index.search("Lope", scope="titles"))  # cite, prefix
    assert "card:1" in keys(shared_index.search("Sessions", scope="titles"))  # cite
    everything = set(keys(shared_index.search("deport")))
    titles = set(keys(shared_index.search("deport", scope="titles")))
    assert titles < everything  # bodies mention deporting too


def test_prefix_only_for_the_word_being_typed(shared_index: SearchIndex) -> None:
    assert shared_index.search("sanct ", forgiving=False) == []  # a trailing space ends the word
    assert shared_index.search('"sanct"') == []  # quoted words are exact
    assert shared_index.search("sanct", prefix=False) == []
    assert (
        shared_index.search("sanct oven", forgiving=False) == []
    )  # earlier words are whole words...
    assert shared_index.search("oven sanct")  # ...the last one is also a prefix
    assert shared_index.search("sanctuary detai")
    assert (
        shared_index.search("sanctuary ove", forgiving=False) == []
    )  # three letters are not a prefix yet


def test_phrase_needs_adjacent_words_in_order(shared_index: SearchIndex) -> None:
    assert set(keys(shared_index.search('"hot oven"'))) == {"source:1", "card:1"}
    # source:2 has both words, apart: AND finds it, the phrase does not.
    assert "source:2" in keys(shared_index.search("hot oven"))
    assert shared_index.search('"oven hot"') == []


def test_hyphenated_words(shared_index: SearchIndex) -> None:
    assert keys(shared_index.search("anti-immigrant")) == ["source:2"]
    assert keys(shared_index.search('"anti immigrant"')) == ["source:2"]
    assert "source:2" in keys(shared_index.search("immigrant", prefix=False))


def test_terms_are_anded(shared_index: SearchIndex) -> None:
    assert keys(shared_index.search("oven café", forgiving=False)) == ["source:1"]
    assert shared_index.search("oven amendment", forgiving=False) == []


def test_or_not_and_fields(shared_index: SearchIndex) -> None:
    either = set(keys(shared_index.search("café OR Amendment")))
    assert either == {"source:1", "card:5"}
    assert "card:1" not in keys(shared_index.search("oven NOT girlfriend"))
    assert keys(shared_index.search("tag:trust")) == ["card:3"]
    assert keys(shared_index.search("notes:trust")) == []
    assert "source:2" in keys(shared_index.search("cite:lopez"))
    assert keys(shared_index.search("quote:argument")) == ["card:1"]


def test_lowercase_operators_are_words(shared_index: SearchIndex) -> None:
    # "and" is an ordinary word (no stop list), so AND semantics still apply.
    # "Customs Enforcement" is also an alias of ICE, which card 2 says (test_aliases.py).
    assert keys(shared_index.search("customs and enforcement")) == ["source:1", "card:2"]


def test_title_weighs_more_than_notes(shared_index: SearchIndex) -> None:
    hits = keys(shared_index.search("detainers", doc_types=["card"], prefix=False))
    assert hits[0] == "card:5"  # in the tag; card:2 and card:6 only mention it in notes
    assert set(hits) == {"card:2", "card:5", "card:6"}


def test_limit(shared_index: SearchIndex) -> None:
    assert len(shared_index.search("deport", limit=2)) == 2
    assert shared_index.search("deport", limit=0) == []


def test_hit_fields(shared_index: SearchIndex) -> None:
    (hit,) = shared_index.search("girlfriend", doc_types=["card"])
    assert (hit.key, hit.doc_type, hit.id, hit.kind, hit.side) == (
        "card:1",
        "card",
        1,
        "evidence",
        "A",
    )
    assert (hit.title, hit.source_id, hit.motion_id) == (
        "Sanctuary policies shield dangerous criminals",
        1,
        1,
    )
    assert hit.score > 0
    (source,) = shared_index.search("girlfriend", doc_types=["source"])
    assert (source.kind, source.side, source.source_id, source.motion_id) == (
        "source",
        "",
        1,
        None,
    )
