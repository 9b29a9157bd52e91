"""Regression tests for the Whoosh bugs in docs/search.md, through our own code paths.

If a later change of Whoosh distribution, or of our code, brings either bug back into what
the app runs, these fail. The last test documents the upstream bug itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from whoosh import fields, index, query

from debateprep.search import IndexDoc, SearchIndex

from .helpers import card, keys

PACKAGE = Path(__file__).resolve().parents[2] / "debateprep" / "search"

THREE = (
    card(1, "argument", "A", "First walrus claim"),
    card(2, "argument", "A", "Second walrus claim"),
    card(3, "argument", "B", "Third walrus claim"),
)


def test_bug1_fresh_searcher_after_repeated_updates(tmp_path: Path) -> None:
    """3 documents, one updated 5 times with a commit each: still exactly 3 documents."""
    search_index = SearchIndex(tmp_path / "ix")
    search_index.rebuild(THREE, 1)
    assert search_index.doc_count() == 3
    for version in range(5):
        edited = card(2, "argument", "A", f"Second walrus claim, version {version}")
        # Each update is its own commit, adding a segment or merging: what refresh() got wrong.
        search_index.update([edited], [], 2 + version)
        # The same long-lived SearchIndex (cached FileIndex) answers after every commit.
        assert search_index.doc_count() == 3
        assert sorted(keys(search_index.search("walrus"))) == ["card:1", "card:2", "card:3"]
        assert keys(search_index.search("", doc_types=["card"], limit=50)) == [
            "card:1",
            "card:2",
            "card:3",
        ]
        assert keys(search_index.search(f"version {version}")) == ["card:2"]
        if version:
            assert search_index.search(f'"version {version - 1}"') == []


def test_bug2_search_right_after_updating_a_doc_with_the_query_term(tmp_path: Path) -> None:
    """BufferedWriter's searcher raised AttributeError here; our update path must not."""
    docs = [card(n, "argument", "A", f"Claim {n} about budgets") for n in range(1, 51)]
    search_index = SearchIndex(tmp_path / "ix")
    search_index.rebuild(docs, 1)
    for step in range(1, 11):
        edited: IndexDoc = card(step, "argument", "A", f"Claim {step} about budgets and ovens")
        search_index.update([edited], [], 1 + step)
        hits = search_index.search("ovens", limit=20)
        assert sorted(hit.id for hit in hits) == list(range(1, step + 1))
        assert len(search_index.search("budgets", limit=100)) == 50


def test_our_code_never_uses_refresh_or_buffered_writers() -> None:
    """Cheap guard against reintroducing the buggy APIs in a later edit (code, not prose)."""
    banned_names = {"BufferedWriter", "AsyncWriter", "refresh"}
    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "attr", None) or getattr(node, "id", None)
            if isinstance(node, ast.alias):
                name = node.name
            if name in banned_names or (isinstance(node, ast.keyword) and node.arg == "procs"):
                offenders.append(f"{path.name}:{getattr(node, 'lineno', '?')} {name or 'procs'}")
    assert offenders == []


@pytest.mark.xfail(
    reason="docs/search.md bug 1: Searcher.refresh() keeps stale segments", strict=True
)
def test_upstream_refresh_returns_stale_duplicates(tmp_path: Path) -> None:
    schema = fields.Schema(key=fields.ID(stored=True, unique=True), body=fields.TEXT)
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        for n in range(3):
            writer.add_document(key=str(n), body="walrus")
    searcher = ix.searcher()
    try:
        for version in range(5):
            with ix.writer() as writer:
                writer.update_document(key="1", body=f"walrus {version}")
            searcher = searcher.refresh()
        assert len(searcher.search(query.Term("body", "walrus"), limit=None)) == 3
    finally:
        searcher.close()
