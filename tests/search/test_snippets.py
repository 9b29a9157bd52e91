"""Snippets: a short excerpt, highlight spans on the matched words, offset into the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from debateprep.search import IndexDoc, SearchIndex
from debateprep.search.analysis import fold, stem
from debateprep.search.snippets import SNIPPET_CHARS

from .helpers import CORPUS, SAMPLE_DOCS, build, hit_words, source

BODIES = {doc.key: doc.body for doc in SAMPLE_DOCS}


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("oven", "oven"),
        ("won't", "won’t"),
        ("ICE", "Immigration and Customs Enforcement"),  # its alias comes first
        ("I.C.E", "Immigration and Customs Enforcement"),
        ("cafe", "café"),
        ("deport", "deport"),
    ],
)
def test_offset_points_at_the_first_match_in_the_body(
    shared_index: SearchIndex, query: str, word: str
) -> None:
    hit = shared_index.search(query, doc_types=["source"], source_id=1)[0]
    body = BODIES[hit.key]
    assert hit.offset == body.index(word)
    assert body[hit.offset : hit.offset + hit.match_length] == word
    assert fold(body[hit.offset : hit.offset + hit.match_length]) == fold(word)


def test_highlights_are_the_matched_words(shared_index: SearchIndex) -> None:
    (hit,) = shared_index.search("deported", doc_types=["source"], source_id=2, prefix=False)
    assert hit_words(hit) and {stem(w) for w in hit_words(hit)} == {"deport"}
    # Porter conflates deportations with deport too; "rose" or "agency" are not highlighted.
    assert hit_words(hit) == ["deportations", "deports", "deported"]


def test_prefix_matches_are_highlighted(shared_index: SearchIndex) -> None:
    (hit,) = shared_index.search("Philadelph", doc_types=["source"])
    assert hit_words(hit) == ["philadelphia"]
    assert hit.offset == 0 and hit.match_length == len("Philadelphia")


def test_phrase_highlights_the_phrase_not_every_word(shared_index: SearchIndex) -> None:
    (hit,) = shared_index.search('"hot oven"', doc_types=["source"])
    assert hit_words(hit) == ["hot", "oven"]
    body = BODIES[hit.key]
    assert hit.offset is not None
    # Opening the hit selects the whole phrase (issue 14), not only its first word.
    assert body[hit.offset : hit.offset + hit.match_length] == "hot oven"
    (start, _), (_, end) = hit.highlights
    assert hit.snippet[start:end] == "hot oven"


def test_match_outside_the_body_has_no_offset(shared_index: SearchIndex) -> None:
    (hit,) = shared_index.search("trust", doc_types=["card"], label="trust")
    assert hit.offset is None and hit.match_length == 0
    # The body (empty) has no match: the snippet comes from the notes, then the tag.
    assert hit_words(hit) == ["trust"]
    assert hit.snippet == "Cooperation erodes community trust"
    (notes_hit,) = shared_index.search("reporting")
    assert notes_hit.snippet.startswith("Immigrants stop reporting")
    assert hit_words(notes_hit) == ["reporting"]


def test_whitespace_is_collapsed_to_one_line(shared_index: SearchIndex) -> None:
    (hit,) = shared_index.search("illegally", doc_types=["source"])
    assert "\n" not in hit.snippet and "  " not in hit.snippet
    assert hit_words(hit) == ["illegally"]


def long_text(words: int, marker_at: int) -> str:
    body = [f"word{n}" for n in range(words)]
    body[marker_at] = "Zanzibar"
    return " ".join(body)


def test_long_text_is_cut_at_word_boundaries_with_ellipses(tmp_path: Path) -> None:
    text = long_text(400, 200)
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([source(1, "Long", text)], 1)
    (hit,) = index.search("zanzibar")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= SNIPPET_CHARS + 2
    inner = hit.snippet.strip("…")
    assert all(part.startswith("word") or part == "Zanzibar" for part in inner.split())
    assert text.index(inner) >= 0  # a verbatim piece of the text
    (span,) = hit.highlights
    assert hit.snippet[span[0] : span[1]] == "Zanzibar"
    assert hit.offset is not None
    assert text[hit.offset : hit.offset + hit.match_length] == "Zanzibar"


def test_match_at_the_start_and_end(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([source(1, "A", long_text(300, 0)), source(2, "B", long_text(300, 299))], 1)
    first, last = index.search("zanzibar", doc_types=["source"], limit=5)[:2]
    by_key = {first.key: first, last.key: last}
    assert by_key["source:1"].snippet.startswith("Zanzibar word1")
    assert by_key["source:1"].snippet.endswith("…")
    assert by_key["source:2"].snippet.startswith("…")
    assert by_key["source:2"].snippet.endswith("Zanzibar")


def test_all_matches_in_the_window_are_highlighted(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([source(1, "T", "Zanzibar a b c Zanzibar d e f zanzibar’s end")], 1)
    (hit,) = index.search("zanzibar")
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Zanzibar", "Zanzibar", "zanzibar’s"]


def test_real_corpus_oven(tmp_path: Path) -> None:
    docs: list[IndexDoc] = []
    for number, path in enumerate(sorted(CORPUS.glob("*.txt")), start=1):
        text = path.read_text(encoding="utf-8")
        docs.append(source(number, text.splitlines()[0], text))
    index = SearchIndex(tmp_path / "ix")
    index.rebuild(docs, 1)
    hits = index.search("oven")
    assert len(hits) == 1
    (hit,) = hits
    text = docs[hit.id - 1].body
    assert "shoved his girlfriend into a hot oven" in text
    assert hit.offset is not None and text[hit.offset : hit.offset + hit.match_length] == "oven"
    assert "hot oven" in hit.snippet
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["oven"]


def test_type_ahead_snippets_read_only_the_beginning_of_long_texts(
    shared_index: SearchIndex,
) -> None:
    # "Deportation" is in source 2's title; its body also has "deported" further in. The
    # type-ahead snippet is the body's beginning (matches there still highlighted), not a scan
    # of the whole article.
    hit = next(h for h in shared_index.search("deporta", scope="titles") if h.key == "source:2")
    assert hit.snippet.startswith("Deportations rose in 2019")
    assert hit.offset == 0  # "Deportations" opens the body and matches the prefix
    full = next(h for h in shared_index.search("deported") if h.key == "source:2")
    assert "deported" in full.snippet


def test_snippets_skip_boilerplate_lines(index: SearchIndex) -> None:
    body = "ADVERTISEMENT\nCLICK HERE for walrus news\n\nThe walrus budget grew by a third."
    index.update([source(90, "Hidden lines", body)], [], 2)
    (hit,) = index.search("walrus", doc_types=["source"], source_id=90)
    assert "ADVERTISEMENT" not in hit.snippet and "CLICK" not in hit.snippet
    assert hit.offset == body.index("walrus budget")
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "walrus"


def test_stop_words_are_never_highlighted(tmp_path: Path) -> None:
    doc = source(1, "T", "Cities refuse to cooperate with the agency.")
    hit = build(tmp_path / "index", (doc,)).search("refuse to cooperate")[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["refuse", "cooperate"]


def test_snippet_opens_where_most_query_words_sit_together(tmp_path: Path) -> None:
    filler = "Officials argued about budgets and paperwork for a long time. " * 12
    body = "Sanctuary policies are debated. " + filler + "In sanctuary counties crime rates held."
    hit = build(tmp_path / "index", (source(1, "T", body),)).search("crime rates sanctuary")[0]
    assert hit.offset == body.index("sanctuary counties")
    assert "crime rates" in hit.snippet
