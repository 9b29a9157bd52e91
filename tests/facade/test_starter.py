"""A new library loads the bundled corpus and starter map once, with every quote verbatim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from debateprep import paths
from debateprep.facade.library import Library
from debateprep.facade.starter import StarterDataError, locate
from debateprep.records import CardKind, LinkKind, Side


def test_starter_library_has_corpus_and_map(starter_library: Library) -> None:
    sources = starter_library.sources()
    assert len(sources) == 5
    assert all(source.title for source in sources)
    motion = starter_library.default_motion()
    assert "sanctuary" in motion.resolution.lower()
    cards = starter_library.cards(motion_id=motion.id)
    links = starter_library.links()
    supported = {link.to_id for link in links if link.kind is LinkKind.SUPPORTS}
    evidence_ids = {card.id for card in cards if card.kind is CardKind.EVIDENCE}
    for side in Side:
        arguments = [c for c in cards if c.kind is CardKind.ARGUMENT and c.side is side]
        assert len(arguments) >= 6
        for argument in arguments:
            backers = {l.from_id for l in links if l.to_id == argument.id}  # noqa: E741
            assert backers & evidence_ids, argument.tag
            assert argument.id in supported
    assert len(evidence_ids) >= 12
    answers = [link for link in links if link.kind is LinkKind.ANSWERS]
    assert len(answers) >= 6
    by_id = {card.id: card for card in cards}
    assert all(by_id[l.from_id].side is not by_id[l.to_id].side for l in answers)  # noqa: E741


def test_every_starter_quote_is_verbatim_in_its_source(starter_library: Library) -> None:
    assert starter_library.verify() == []
    for card in starter_library.cards(kind="evidence"):
        assert card.source_id is not None and card.start is not None
        text = starter_library.source_text(card.source_id)
        assert text[card.start : card.end] == card.quote
        for start, end, _level in card.highlights:
            assert 0 <= start < end <= len(card.quote)


def test_corpus_texts_are_the_bundled_files(starter_library: Library) -> None:
    by_origin = {source.origin: source for source in starter_library.sources()}
    for path in sorted(paths.corpus_dir().glob("*.txt")):
        text = starter_library.source_text(by_origin[path.name].id)
        assert text == path.read_text(encoding="utf-8").strip("\n")


def test_sidecar_metadata_is_applied(starter_library: Library) -> None:
    sidecar = json.loads((paths.corpus_dir() / "metadata.json").read_text(encoding="utf-8"))
    by_origin = {source.origin: source for source in starter_library.sources()}
    for name, fields in sidecar["sources"].items():
        source = by_origin[name]
        for field in ("author", "qualifications", "outlet", "date", "url"):
            assert getattr(source, field) == fields[field]
        if fields["title"]:
            assert source.title == fields["title"]


def test_starter_loads_only_once(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Library.open(path) as library:
        first = library.cards()
        library.delete_card(first[0].id)
    with Library.open(path) as library:
        assert len(library.sources()) == 5
        assert len(library.cards()) == len(first) - 1


def test_library_path_may_be_a_folder(tmp_path: Path) -> None:
    with Library.open(tmp_path) as library:
        assert library.path == tmp_path / "library.db"
        assert library.index_path == tmp_path / "library.index"


def test_locate_finds_the_nth_occurrence() -> None:
    assert locate("a b a b", "a", 2) == 4
    with pytest.raises(StarterDataError):
        locate("a b", "c")
