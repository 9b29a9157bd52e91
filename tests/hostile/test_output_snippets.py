"""Snippets of huge sources read a bounded part of the text (issue 10).

A search matching near the end of a 19 MB source took 9 s: the snippet tokenized the whole
text in Python to find the first match. The bound is checked by counting the characters the
snippet code tokenizes, never by timing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from debateprep.facade.library import Library
from debateprep.search import IndexDoc, SearchIndex, snippets

# The most characters one snippet may tokenize word by word, whatever the text's length.
SNIPPET_READ_BOUND = snippets.EXACT_SCAN_CHARS + snippets.MAX_CANDIDATES * (
    snippets.CANDIDATE_WINDOW + 200
)


def _filler(chars: int) -> str:
    words = [
        "the",
        "county",
        "jail",
        "policy",
        "federal",
        "detainer",
        "grant",
        "of",
        "and",
        "to",
        "in",
        "that",
        "is",
    ]
    out, size, n = [], 0, 0
    while size < chars:
        word = words[n % len(words)] + ("\n\n" if n % 97 == 96 else " ")
        out.append(word)
        size += len(word)
        n += 1
    return "".join(out)


@pytest.fixture
def tokenized(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Characters handed to the word-by-word tokenizer by snippet code, per call."""
    counted: list[int] = []
    real = snippets.tokens

    def counting(text: str) -> Iterator[tuple[str, int, int]]:
        counted.append(len(text))
        return real(text)

    monkeypatch.setattr(snippets, "tokens", counting)
    return counted


@pytest.mark.parametrize(
    ("query", "written"),
    [
        ("zanzibarian", "Zanzibarian"),
        ("zanzibar", "ZANZIBARIANS’"),  # case, a plural and a curly apostrophe
        ("cafe", "café"),  # an accent
        ("resume", "RÉSUMÉ"),  # capital accented letters
        ("ICE", "I.C.E."),  # acronym dots
        ("won't", "won’t"),
        ('"hot oven"', "hot oven"),  # a phrase
        ("Zanzib", "Zanzibarian"),  # a prefix being typed
        ("deport", "deportations"),  # a stem shorter than the word
        ("happy", "happiness"),  # Porter: happy -> happi
    ],
)
def test_match_at_the_end_of_a_huge_text_reads_a_bounded_part(
    tmp_path: Path, tokenized: list[int], query: str, written: str
) -> None:
    text = _filler(1_200_000) + f"The {written} at the end. " + _filler(2_000)
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([IndexDoc(key="source:1", doc_type="source", title="Big", body=text)], 1)
    tokenized.clear()
    (hit,) = index.search(query)
    where = text.index(written)
    assert hit.offset == where, (hit.offset, where)
    assert written in hit.snippet and hit.highlights
    assert sum(tokenized) <= SNIPPET_READ_BOUND < len(text) / 5


def test_the_first_hundred_thousand_characters_are_read_exactly(
    tmp_path: Path, tokenized: list[int]
) -> None:
    text = "Ligature ﬁnance at the start. " + _filler(1_000_000) + "finance at the end."
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([IndexDoc(key="source:1", doc_type="source", title="Big", body=text)], 1)
    (hit,) = index.search("finance")
    assert hit.offset == text.index("ﬁnance")  # folding NFKD, word by word
    assert sum(tokenized) <= snippets.EXACT_SCAN_CHARS


def test_a_common_word_start_does_not_make_the_search_read_everything(
    tmp_path: Path, tokenized: list[int]
) -> None:
    # "pol" begins a word thousands of times before the real match ("polka" is not "policy"):
    # the candidates are capped, and the snippet falls back to the text's beginning.
    text = _filler(200_000) + "polka " * 200_000 + "The polity ends here."
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([IndexDoc(key="source:1", doc_type="source", title="Big", body=text)], 1)
    tokenized.clear()
    (hit,) = index.search("polity")
    assert sum(tokenized) <= SNIPPET_READ_BOUND
    assert hit.offset is None or text[hit.offset :].startswith("polity")


def test_library_search_of_a_long_source(tmp_path: Path, tokenized: list[int]) -> None:
    with Library.open(tmp_path / "lib" / "library.db", starter=False) as library:
        library.add_source("Long\n\n" + _filler(2_000_000) + "The quokka sentence.")
        tokenized.clear()
        (hit,) = library.search("quokka")
        text = library.source_text(hit.id)
        assert hit.offset is not None
        assert text[hit.offset : hit.offset + hit.match_length] == "quokka"
        assert sum(tokenized) <= SNIPPET_READ_BOUND
