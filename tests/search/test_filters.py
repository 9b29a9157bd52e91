"""Filters restrict without scoring; a blank query with filters lists, without filters nothing."""

from __future__ import annotations

from debateprep.search import SearchIndex

from .helpers import keys


def test_doc_types(shared_index: SearchIndex) -> None:
    assert set(keys(shared_index.search("oven", doc_types=["source"]))) == {"source:1", "source:2"}
    assert keys(shared_index.search("oven", doc_types={"card"})) == ["card:1"]
    assert shared_index.search("oven", doc_types=[]) == []


def test_kinds(shared_index: SearchIndex) -> None:
    hits = shared_index.search("detainers", kinds=["argument"], prefix=False)
    assert set(keys(hits)) == {"card:2", "card:5", "card:6"}
    assert keys(shared_index.search("trust", kinds=("counterargument",))) == ["card:3"]
    assert keys(shared_index.search("oven", kinds=["source", "evidence"], limit=5)) != []
    assert shared_index.search("oven", kinds=["argument"]) == []


def test_sides(shared_index: SearchIndex) -> None:
    assert set(keys(shared_index.search("detainers", sides=["A"]))) == {"card:2", "card:6"}
    assert keys(shared_index.search("detainers", sides=["B"])) == ["card:5"]
    # Sources have no side, so any side filter leaves them out.
    assert all(h.doc_type == "card" for h in shared_index.search("oven", sides=["A", "B"]))


def test_source_id_is_own_id_for_sources_and_quoted_source_for_evidence(
    shared_index: SearchIndex,
) -> None:
    assert set(keys(shared_index.search("oven", source_id=1))) == {"source:1", "card:1"}
    assert set(keys(shared_index.search("deport", source_id=2))) == {"source:2", "card:4"}
    assert shared_index.search("oven", source_id=99) == []


def test_motion_id(shared_index: SearchIndex) -> None:
    assert set(keys(shared_index.search("detainers", motion_id=2))) == {"card:5", "card:6"}
    assert keys(shared_index.search("detainers", motion_id=1)) == ["card:2"]


def test_label_is_case_insensitive(shared_index: SearchIndex) -> None:
    assert set(keys(shared_index.search("", label="crime"))) == {"card:1", "card:2"}
    assert set(keys(shared_index.search("", label=" CRIME "))) == {"card:1", "card:2"}
    assert keys(shared_index.search("police", label="Trust")) == ["card:3"]
    assert shared_index.search("", label="nothing-like-this") == []


def test_filters_combine(shared_index: SearchIndex) -> None:
    hits = shared_index.search("", doc_types=["card"], sides=["A"], motion_id=1, label="crime")
    assert keys(hits) == ["card:1", "card:2"]


def test_blank_query_with_filters_lists_in_key_order(shared_index: SearchIndex) -> None:
    hits = shared_index.search("   ", doc_types=["card"])
    assert keys(hits) == [f"card:{n}" for n in range(1, 7)]
    assert all(hit.score == 0.0 and hit.highlights == () for hit in hits)
    assert keys(shared_index.search("", motion_id=2, limit=2)) == ["card:4", "card:5"]
    sources = shared_index.search("", doc_types=["source"])
    assert sources[0].snippet.startswith("Philadelphia calls itself")


def test_blank_query_without_filters_is_empty(shared_index: SearchIndex) -> None:
    assert shared_index.search("") == []
    assert shared_index.search("  \t") == []
    assert shared_index.search('"" ( ) *') == []
    assert shared_index.search("", label="  ") == []
