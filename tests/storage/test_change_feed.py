"""A class library's clients follow its change log: every save is numbered in commit order,
other clients' search indexes and listeners see it within seconds, and a client that was
closed catches up from its index's watermark instead of rebuilding."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from debateprep.facade.library import Library
from debateprep.records import Side
from debateprep.search.index import SearchIndex
from debateprep.storage import server
from debateprep.storage.change_feed import ChangeEntry


@pytest.fixture
def class_url(pg_database: Callable[[str], str], pg_templates: dict[str, str]) -> str:
    return pg_database(pg_templates["starter"])


def _wait_for(check: Callable[[], bool], timeout: float = 5.0) -> float:
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise AssertionError("not within the time allowed")
        time.sleep(0.02)
    return time.monotonic() - start


def _counting_rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = SearchIndex.rebuild

    def rebuild(self: SearchIndex, *args: Any, **kwargs: Any) -> int:
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "rebuild", rebuild)
    return calls


def test_each_save_is_one_change_log_entry_in_commit_order(class_url: str) -> None:
    with Library.open(class_url) as library:
        start = library._store.change_counter()

        def save(n: int) -> None:
            library.create_card("argument", Side.A, f"Claim number {n}")

        threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with library._store.read() as session:
            counters = [row[0] for row in session.execute(text("SELECT counter FROM change_log"))]
        assert sorted(counters)[-8:] == list(range(start + 1, start + 9))
        assert library.index_is_current()


def test_another_clients_save_is_searchable_and_heard_within_two_seconds(class_url: str) -> None:
    heard: list[ChangeEntry] = []
    with Library.open(class_url) as writer, Library.open(class_url, listen=True) as watcher:
        watcher._store.feed.add_listener(heard.extend)  # type: ignore[union-attr]
        card = writer.create_card("argument", Side.A, "Zanzibar detainers are rare")
        took = _wait_for(lambda: bool(watcher.search("zanzibar")), timeout=2.0)
        assert took < 2.0
        assert [hit.key for hit in watcher.search("zanzibar")] == [f"card:{card.id}"]
        _wait_for(lambda: bool(heard), timeout=2.0)
        assert heard[-1].actor == writer.user
        assert heard[-1].summary == "card “Zanzibar detainers are rare”"
        assert heard[-1].upserts == (f"card:{card.id}",)
        # The writer's own save is not news to it.
        writer.create_card("argument", Side.B, "Own saves stay quiet")
        _wait_for(lambda: len(heard) == 2, timeout=2.0)
        assert heard[-1].summary == "card “Own saves stay quiet”"


def test_a_reopened_client_catches_up_from_its_watermark(
    class_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(class_url):
        pass  # this client's index now exists in its cache folder
    with Library.open(class_url) as other:
        card = other.create_card("argument", Side.A, "Quokka sanctuaries were audited")
        other.delete_card(other.cards()[0].id)
        counter = other._store.change_counter()
    rebuilds = _counting_rebuilds(monkeypatch)
    with Library.open(class_url) as again:
        assert rebuilds == []  # caught up from the change log, no rebuild
        assert again._store.index.watermark() == counter
        assert [hit.key for hit in again.search("quokka")] == [f"card:{card.id}"]


def test_a_lost_cache_or_a_gap_in_the_log_rebuilds(
    class_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    with Library.open(class_url) as library:
        index = library.index_path
        library.create_card("argument", Side.A, "Wombat jurisdictions decline holds")
    shutil.rmtree(index)
    rebuilds = _counting_rebuilds(monkeypatch)
    with Library.open(class_url) as library:
        assert rebuilds == [1]
        assert library.search("wombat")
        library.create_card("argument", Side.A, "Numbat counties comply")
        library.create_card("argument", Side.A, "Numbat cities decline")
        with library._store.read() as session:
            last = session.execute(text("SELECT max(counter) FROM change_log")).scalar_one()
    # The index is two changes behind, and the log lost one of them (restored from an old
    # dump, say): catching up is impossible, so the client rebuilds.
    SearchIndex(index, library_id=library._store.library_id).update([], [], watermark=last - 2)
    engine = server.create_server_engine(server.server_url(class_url))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM change_log WHERE counter = :c"), {"c": last - 1})
    engine.dispose()
    with Library.open(class_url) as library:
        assert len(rebuilds) == 2
        assert library._store.index.watermark() == last
        assert len(library.search("numbat")) == 2
