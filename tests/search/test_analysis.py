"""Tokenizing and folding: what the index and the query both see."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debateprep.paths import corpus_dir
from debateprep.search.analysis import (
    analyzer_tokens,
    fold,
    normalize_query_text,
    stemmed_analyzer,
    tokens,
)


def words(text: str) -> list[str]:
    return [word for word, _, _ in tokens(text)]


def stems(text: str) -> list[str]:
    return [token.text for token in stemmed_analyzer()(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("won’t won't Won‘t WONʼT", ["wont"] * 4),
        ("I.C.E. I.C.E ICE ice", ["ice"] * 4),
        ("U.S.C. USC", ["usc", "usc"]),
        ("the U.S. and us", ["the", "us", "and", "us"]),
        ("Café RÉSUMÉ naïve Straße", ["cafe", "resume", "naive", "strasse"]),
        ("anti-immigrant", ["anti", "immigrant"]),
        ("www.nytimes.com", ["www", "nytimes", "com"]),
        ("3.5 percent of 1,000", ["3.5", "percent", "of", "1000"]),
        ("“oven” ‘sanctuary city’", ["oven", "sanctuary", "city"]),
        ("don´t O’Brien", ["dont", "obrien"]),
        # Number-letter forms fold (issue 14): 287g = 287(g) = 287 (g), SB4 = SB 4.
        ("287g 287(g) 287 (g)", ["287", "g"] * 3),
        ("SB4 SB 4", ["sb", "4"] * 2),
        ("10th Tenth 2ND 21st", ["tenth", "tenth", "second", "21st"]),
        ("§ 1373", ["1373"]),
    ],
)
def test_folding(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_spans_point_at_the_original_characters() -> None:
    text = "If you won’t deport I.C.E. agents"
    assert [(text[start:end], word) for word, start, end in tokens(text)] == [
        ("If", "if"),
        ("you", "you"),
        ("won’t", "wont"),
        ("deport", "deport"),
        ("I.C.E", "ice"),
        ("agents", "agents"),
    ]


def test_stemming_conflates_word_forms() -> None:
    assert set(stems("deport deported deports deporting")) == {"deport"}
    assert stems("deportation") == stems("deportations")


def test_no_stop_words_are_dropped() -> None:
    # A stop list would remove "us" (U.S. after folding) and break phrases like "the wall".
    assert stems("the U.S. and the wall") == ["the", "us", "and", "the", "wall"]


def test_fold_single_tokens() -> None:
    assert fold("Won’t") == "wont"
    assert fold("1,000.5") == "1000.5"
    assert fold("’") == ""


def test_typographic_double_quotes_become_straight() -> None:
    assert normalize_query_text("“hot oven” „x“ «y»") == '"hot oven" "x" "y"'


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_fast_tokens_equal_the_index_analyzer(text: str) -> None:
    assert list(tokens(text)) == list(analyzer_tokens(text))


def test_fast_tokens_equal_the_index_analyzer_on_the_corpus() -> None:
    for path in sorted(corpus_dir().glob("*")):
        if path.suffix in {".md", ".txt", ".html"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert list(tokens(text)) == list(analyzer_tokens(text)), path.name
