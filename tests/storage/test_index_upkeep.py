"""Index updates run on a background thread: saving costs only the database commit."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from debateprep.facade.library import Library
from debateprep.records import CardKind, Side
from debateprep.search import IndexChange, SearchIndex
from debateprep.storage.index_upkeep import IndexUpkeep


class GatedIndex(SearchIndex):
    """A SearchIndex whose apply() waits for the test to open a gate."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.gate = threading.Event()
        self.batches: list[list[int]] = []

    def apply(self, changes: Sequence[IndexChange]) -> None:
        self.gate.wait(10)
        self.batches.append([change.counter for change in changes])
        super().apply(changes)


def test_a_burst_of_changes_becomes_few_commits(tmp_path: Path) -> None:
    index = GatedIndex(tmp_path / "index")
    index.rebuild([], 0)
    upkeep = IndexUpkeep(index)
    for counter in range(1, 21):
        upkeep.submit(IndexChange(counter))
    assert upkeep.pending() == 20
    assert not upkeep.wait(0.05)  # the gate is shut
    index.gate.set()
    assert upkeep.wait(10)
    assert [c for batch in index.batches for c in batch] == list(range(1, 21))
    assert len(index.batches) <= 2  # the first change, then everything that queued meanwhile
    assert index.watermark() == 20
    assert upkeep.close(5)
    with pytest.raises(RuntimeError):
        upkeep.submit(IndexChange(21))


def test_a_failing_update_is_logged_and_does_not_block_waiters(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(SearchIndex):
        def apply(self, changes: Sequence[IndexChange]) -> None:
            raise OSError("disk on fire")

    upkeep = IndexUpkeep(Broken(tmp_path / "index"))
    upkeep.submit(IndexChange(1))
    assert upkeep.wait(5)
    assert "disk on fire" in caplog.text
    upkeep.close(5)


def test_saving_returns_before_the_index_commit(
    starter_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = starter_library
    store = library._store
    gate = threading.Event()
    original = store.index.apply

    def slow_apply(changes: Sequence[IndexChange]) -> None:
        gate.wait(10)
        original(changes)

    monkeypatch.setattr(store.index, "apply", slow_apply)
    card = library.create_card(CardKind.ARGUMENT, Side.A, "Walruses deserve sanctuary", motion_id=1)
    # The database has it at once; the index does not yet.
    assert library.card(card.id).tag == "Walruses deserve sanctuary"
    assert not library.wait_for_index(0.05)
    gate.set()
    # A search waits for the caller's own saved changes.
    assert [hit.id for hit in library.search("walruses")] == [card.id]
    assert library.wait_for_index(0) and library.index_is_current()


def test_closing_flushes_queued_changes(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "lib", starter=False)
    for i in range(30):
        library.create_card(CardKind.ARGUMENT, Side.A, f"Queued walrus {i}", motion_id=None)
    library.close()
    with Library.open(tmp_path / "lib", starter=False, index=False) as again:
        assert again.index_is_current()  # nothing lost, no rebuild needed
        assert len(again.search("walrus", limit=100)) == 30
