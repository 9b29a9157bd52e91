"""Two-stage full-text search: candidates through the combined field, ranked by the fields."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from debateprep.search import IndexDoc, SearchIndex, rerank
from debateprep.search.query import QueryBuilder
from debateprep.search.schema import ALL_FIELD, build_schema

from .helpers import card, keys


def _parse(text: str, *, prefix: bool = False) -> wq.Query:
    parsed = QueryBuilder(build_schema()).parse(text, prefix=prefix)
    assert parsed is not None
    return parsed.query


def _leaves(q: wq.Query) -> list[wq.Query]:
    return [q] if q.is_leaf() else [leaf for child in q.children() for leaf in _leaves(child)]


def test_each_word_is_one_clause_on_the_combined_field() -> None:
    cheap = rerank.combined(_parse("sanctuary detainers"))
    assert cheap is not None
    leaves = _leaves(cheap)
    assert {(leaf.fieldname, leaf.text) for leaf in leaves} == {
        (ALL_FIELD, "sanctuari"),
        (ALL_FIELD, "detain"),
    }


def test_the_word_being_typed_keeps_one_prefix_and_the_title_ngram() -> None:
    cheap = rerank.combined(_parse("ice detain", prefix=True))
    assert cheap is not None
    fields = {leaf.fieldname for leaf in _leaves(cheap)}
    assert fields <= {ALL_FIELD, "short"}
    assert any(isinstance(leaf, wq.Prefix) for leaf in _leaves(cheap))


def test_a_named_field_is_not_folded() -> None:
    assert rerank.combined(_parse("tag:oven")) is None
    cheap = rerank.combined(_parse("tag:oven detainer"))
    assert cheap is not None
    assert ("title", "oven") in {(leaf.fieldname, leaf.text) for leaf in _leaves(cheap)}


def test_phrases_are_matched_where_positions_are_kept() -> None:
    q = _parse('"hot oven"')
    phrases = [node for node in _all_nodes(q) if isinstance(node, wq.Phrase)]
    assert phrases and all(p.fieldname == ALL_FIELD for p in phrases)
    cheap = rerank.combined(q)
    assert cheap is not None
    assert [n.fieldname for n in _all_nodes(cheap) if isinstance(n, wq.Phrase)] == [ALL_FIELD]


def _all_nodes(q: wq.Query) -> list[wq.Query]:
    return [q, *(node for child in q.children() for node in _all_nodes(child))]


def test_a_tag_phrase_stays_in_tags(index: SearchIndex) -> None:
    index.update(
        [
            card(50, "argument", "A", "Hot oven claims", body="nothing here"),
            card(51, "argument", "A", "Unrelated tag", body="a hot oven in the body"),
        ],
        [],
        2,
    )
    assert keys(index.search('tag:"hot oven"', prefix=False)) == ["card:50"]
    assert {"card:50", "card:51"} <= set(keys(index.search('"hot oven"', prefix=False)))
    assert "card:50" not in keys(index.search('"oven claims hot"', prefix=False))


def _many(count: int) -> list[IndexDoc]:
    # Short cards say "detainer" once; the tag of every seventh says it too, so the
    # weighted ranking (tag 3x) differs from BM25 over all the text at once.
    return [
        card(
            100 + i,
            "evidence",
            "A",
            "Detainer request" if i % 7 == 0 else f"Claim number {i}",
            body=f"detainer {'filler ' * (i % 11)}text {i}",
        )
        for i in range(count)
    ]


def test_when_every_match_is_a_candidate_the_order_is_the_full_querys(
    index: SearchIndex,
) -> None:
    index.update(_many(60), [], 2)
    q = _parse("detainer")
    searcher = index._opened.searcher()
    assert searcher is not None
    expected = [hit["key"] for hit in searcher.search(q, limit=25)]
    got = [hit["key"] for hit in rerank.top_hits(searcher, q, None, 25)]
    assert got == expected


def test_fewer_candidates_than_matches_still_rank_by_the_fields(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    index.update(_many(200), [], 2)
    monkeypatch.setattr(rerank, "CANDIDATES", 40)
    q = _parse("detainer")
    searcher = index._opened.searcher()
    assert searcher is not None
    hits = rerank.top_hits(searcher, q, None, 10)
    scores = [hit.score for hit in hits]
    assert len(hits) == 10 and scores == sorted(scores, reverse=True)
    full = {hit["key"]: hit.score for hit in searcher.search(q, limit=None)}
    for hit in hits:  # each is a real match, scored as the full query scores it
        assert full[hit["key"]] == pytest.approx(hit.score)
    # The tags that say "detainer" (weight 3) are first, as in the full ranking.
    assert all(str(hit["title"]).startswith("Detainer") for hit in hits[:5])


def test_a_filter_applies_to_the_candidates(index: SearchIndex) -> None:
    index.update(_many(30), [], 2)
    found = index.search("detainer", prefix=False, kinds=["source"], limit=50)
    assert found and all(hit.kind == "source" for hit in found)


def test_scored_hits_read_like_whoosh_hits(index: SearchIndex) -> None:
    searcher = index._opened.searcher()
    assert searcher is not None
    hits = rerank.top_hits(searcher, _parse("oven"), None, 5)
    assert hits
    hit = hits[0]
    assert hit["key"] == hit.get("key") == hit.fields()["key"]
    assert hit.get("missing", "x") == "x"
