"""The facade's shape (issue 11, item 1): ``Library`` inherits nothing and publishes each
action once from its part; ``import_verbatim`` is one transaction; an export reads one snapshot.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from docx_support import verbatim_file

from debateprep.errors import UserError
from debateprep.facade import verbatim
from debateprep.facade.library import Library, Parts
from debateprep.records import ImportStatus
from debateprep.storage.store import Store


def _public_methods(part: object) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(type(part), inspect.isfunction)
        if not name.startswith("_")
    }


def test_library_has_no_base_classes() -> None:
    assert Library.__bases__ == (object,)


def test_each_action_is_defined_once_and_published_from_its_part(
    empty_library: Library,
) -> None:
    parts = [getattr(empty_library.parts, field.name) for field in fields(Parts)]
    for part in parts:
        assert type(part).__bases__ == (object,), type(part).__name__
    homes: Counter[str] = Counter()
    for part in parts:
        homes.update(_public_methods(part))
    assert [name for name, count in homes.items() if count > 1] == []
    for part in parts:
        for name in _public_methods(part):
            published = getattr(empty_library, name)
            # The attribute is the part's own bound method: no wrapper, no second definition.
            assert getattr(published, "__self__", None) is part, name
            assert published.__func__ is getattr(type(part), name), name


def _counting(monkeypatch: pytest.MonkeyPatch, store: Store, method: str) -> Counter[str]:
    """Count the transactions of kind ``method`` ("read"/"write") the store opens."""
    counts: Counter[str] = Counter()
    real: Callable[[], AbstractContextManager[Any]] = getattr(store, method)

    def counted() -> AbstractContextManager[Any]:
        counts[method] += 1
        return real()

    monkeypatch.setattr(store, method, counted)
    return counts


def test_import_verbatim_is_one_transaction(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    motion = empty_library.create_motion("This house would test", "Pro", "Con")
    path = verbatim_file(tmp_path / "aff.docx")
    writes = _counting(monkeypatch, empty_library._store, "write")
    reads = _counting(monkeypatch, empty_library._store, "read")
    result = empty_library.import_verbatim(path, motion_id=motion.id)
    assert result.status is ImportStatus.IMPORTED and result.brief is not None
    assert (writes["write"], reads["read"]) == (1, 0)
    again = empty_library.import_verbatim(path, motion_id=motion.id)
    assert again.status is ImportStatus.DUPLICATE
    assert (writes["write"], reads["read"]) == (2, 0)


def test_import_document_finds_the_first_motion_in_the_same_transaction(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    motion = empty_library.create_motion("This house would test", "Pro", "Con")
    writes = _counting(monkeypatch, empty_library._store, "write")
    reads = _counting(monkeypatch, empty_library._store, "read")
    outcome = empty_library.import_document(verbatim_file(tmp_path / "aff.docx"))
    assert outcome.status is ImportStatus.IMPORTED
    assert (writes["write"], reads["read"]) == (1, 0)
    assert {card.motion_id for card in empty_library.cards()} == {motion.id}
    assert len(empty_library.briefs(motion.id)) == 1


def test_import_verbatim_failing_midway_stores_nothing(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    motion = empty_library.create_motion("This house would test", "Pro", "Con")
    before = empty_library.counts(), empty_library._store.change_counter()

    def broken_brief(*args: Any) -> None:
        raise UserError("the brief could not be made")  # after the source and cards are added

    monkeypatch.setattr(verbatim, "_brief", broken_brief)
    with pytest.raises(UserError, match="brief could not be made"):
        empty_library.import_verbatim(verbatim_file(tmp_path / "aff.docx"), motion_id=motion.id)
    assert (empty_library.counts(), empty_library._store.change_counter()) == before
    assert empty_library.sources() == [] and empty_library.cards() == []


@pytest.fixture
def reads(starter_library: Library, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    yield _counting(monkeypatch, starter_library._store, "read")


def _session_count(counts: Counter[str]) -> int:
    taken = counts["read"]
    counts.clear()
    return taken


def test_each_export_reads_one_snapshot(
    starter_library: Library, tmp_path: Path, reads: Counter[str]
) -> None:
    library = starter_library
    motion = library.default_motion()
    brief = library.create_brief(motion.id, "A", "Aff case", outline=True)
    reads.clear()
    exports: dict[str, Callable[[], object]] = {
        "export_brief": lambda: library.export_brief(tmp_path / "b.md", brief_id=brief.id),
        "export_brief outline": lambda: library.export_brief(tmp_path / "o.md", side="B"),
        "export_brief_docx": lambda: library.export_brief_docx(
            tmp_path / "b.docx", brief_id=brief.id
        ),
        "export_map": lambda: library.export_map(tmp_path / "m.md"),
        "export_map_as": lambda: library.export_map_as(tmp_path / "m.svg", "svg"),
        "export_packet": lambda: library.export_packet(tmp_path / "p.md"),
        "render_brief": lambda: library.render_brief(brief),
        "render_brief_docx": lambda: library.render_brief_docx(brief),
        "render_map": lambda: library.render_map(motion.id),
        "render_map_as": lambda: library.render_map_as(None, "aif"),
        "render_packet": lambda: library.render_packet(motion.id, "worksheet"),
        "motion_bundle": lambda: library.motion_bundle(motion.id, texts=True),
    }
    taken = {}
    for name, export in exports.items():
        export()
        taken[name] = _session_count(reads)
    assert taken == dict.fromkeys(exports, 1)
