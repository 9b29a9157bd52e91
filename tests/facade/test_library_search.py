"""Search through the facade: the index follows every change and rebuilds itself."""

from __future__ import annotations

import shutil

from debateprep.facade.library import Library


def test_oven_finds_the_gambia_case(starter_library: Library) -> None:
    hits = starter_library.search("oven", doc_types=["source"])
    assert hits, "the Sessions op-ed mentions the hot oven"
    hit = hits[0]
    text = starter_library.source_text(hit.id)
    assert "Gambia" in text
    assert hit.offset is not None
    assert text[hit.offset : hit.offset + 4].lower() == "oven"
    assert "oven" in hit.snippet.lower()
    assert any(hit.snippet[s:e].lower() == "oven" for s, e in hit.highlights)
    cards = starter_library.search("oven", doc_types=["card"])
    assert any("oven" in starter_library.card(h.id).quote for h in cards)


def test_every_change_updates_the_index(empty_library: Library) -> None:
    source = empty_library.add_source("The detainer was declined in Philadelphia.", title="Phil")
    assert [h.id for h in empty_library.search("detainer")] == [source.id]
    card = empty_library.cut_card(source.id, 4, 12, tag="Zebra claim", side="A")
    assert [h.key for h in empty_library.search("zebra")] == [f"card:{card.id}"]
    empty_library.edit_card(card.id, tag="Giraffe claim", labels=["wildlife"])
    assert empty_library.search("zebra") == []
    assert [h.id for h in empty_library.search("giraffe", label="Wildlife")] == [card.id]
    empty_library.edit_source(source.id, author="Quincy Adams")
    assert [h.id for h in empty_library.search("quincy", doc_types=["source"])] == [source.id]
    empty_library.delete_card(card.id)
    assert empty_library.search("giraffe") == []


def test_filters_by_kind_side_source_motion(starter_library: Library) -> None:
    motion = starter_library.default_motion()
    hits = starter_library.search("sanctuary", kinds=["argument"], sides=["A"], limit=50)
    assert hits and all(h.kind == "argument" and h.side == "A" for h in hits)
    source = starter_library.sources()[0]
    hits = starter_library.search("sanctuary", source_id=source.id, limit=50)
    assert hits and all(h.source_id == source.id for h in hits)
    hits = starter_library.search("sanctuary", motion_id=motion.id, limit=50)
    assert hits and all(h.motion_id == motion.id for h in hits)


def test_typographic_folding_and_prefix(starter_library: Library) -> None:
    straight = {h.key for h in starter_library.search("won't", doc_types=["source"])}
    curly = {h.key for h in starter_library.search("won’t", doc_types=["source"])}
    assert straight and straight == curly
    assert starter_library.search('"oven"', doc_types=["source"])
    assert starter_library.search("I.C.E.", doc_types=["source"])
    assert starter_library.search("sanct", doc_types=["source"])


def test_index_rebuilds_when_deleted(starter_library: Library) -> None:
    before = [h.key for h in starter_library.search("detainer", limit=50)]
    path = starter_library.file or starter_library.location
    index = starter_library.index_path
    starter_library.close()
    shutil.rmtree(index)
    with Library.open(path) as reopened:
        assert index.is_dir()
        assert [h.key for h in reopened.search("detainer", limit=50)] == before


def test_index_rebuilds_when_out_of_step(starter_library: Library) -> None:
    path = starter_library.file or starter_library.location
    # Simulate a crash between the database commit and the index update.
    starter_library._store.index.update([], [], watermark=-5)
    starter_library.close()
    with Library.open(path) as reopened:
        assert not reopened._store.index.needs_rebuild(reopened._store.change_counter())
        assert reopened.search("oven")


def test_reindex_on_demand(starter_library: Library) -> None:
    count = starter_library.reindex()
    assert count == len(starter_library.sources()) + len(starter_library.cards())
    assert starter_library.search("Gambia")
