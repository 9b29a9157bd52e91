"""Other people's changes and presence (``facade/live.py``), and a class library's search
index in the window's search process: caught up from its watermark at open, rebuilt only
when there is no usable cached index, then following the change log."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from debateprep.facade.library import Library
from debateprep.facade.live import ChangeEntry, Presence


def _hearing(library: Library) -> tuple[list[ChangeEntry], threading.Event]:
    heard: list[ChangeEntry] = []
    arrived = threading.Event()

    def listener(entries: list[ChangeEntry]) -> None:
        heard.extend(entries)
        arrived.set()

    library.add_change_listener(listener)
    return heard, arrived


def _until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    done = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        done.wait(0.05)
    return condition()


def test_a_personal_library_has_nobody_else(tmp_path: Path) -> None:
    with Library.open(tmp_path / "mine.db", starter=False) as library:
        heard, _ = _hearing(library)
        library.create_card("argument", "A", "Mine alone")
        assert library.presence() == Presence()
        assert heard == []


def test_other_peoples_changes_are_heard_and_own_saves_are_not(
    pg_database: Callable[[str], str], pg_templates: dict[str, str]
) -> None:
    url = pg_database(pg_templates["empty"])
    with (
        Library.open(url, listen=True, index=False, search_process=True) as window,
        Library.open(url, index=False) as other,
    ):
        assert window.index_is_current() is True  # the copied index: followed from here
        heard, arrived = _hearing(window)
        window.create_card("argument", "A", "The window's own claim")
        card = other.create_card("argument", "B", "Somebody else's claim")
        assert arrived.wait(5)
        assert [entry.summary for entry in heard] == ["card “Somebody else's claim”"]
        assert heard[0].actor == other.user and heard[0].upserts == (f"card:{card.id}",)
        # The window's search process was handed the change: it finds the new card.
        assert _until(lambda: bool(window.search("somebody else's claim", limit=5)))


def test_an_own_save_is_not_news_even_when_its_notification_wins(
    pg_database: Callable[[str], str],
    pg_templates: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = pg_database(pg_templates["empty"])
    with Library.open(url, listen=True) as window:
        heard, _ = _hearing(window)
        feed = window._store.feed
        assert feed is not None
        remember = feed.committed

        def late(counter: int) -> None:
            threading.Event().wait(1.5)  # the NOTIFY wakes the listening thread meanwhile
            remember(counter)

        monkeypatch.setattr(feed, "committed", late)
        window.create_card("argument", "A", "Mine, however fast the news")
        threading.Event().wait(1.2)  # the listening thread's own poll, too
        assert heard == []


def test_presence_names_each_person_once_and_the_last_change(
    pg_database: Callable[[str], str], pg_templates: dict[str, str]
) -> None:
    url = pg_database(pg_templates["empty"])
    with Library.open(url, index=False) as one, Library.open(url, index=False) as two:
        assert one.presence().last_change is None
        two.create_card("argument", "A", "Presence is polite")
        presence = one.presence()
        assert [person.user for person in presence.connected] == [one.user]
        assert presence.connected[0].since.tzinfo is not None
        assert presence.last_change is not None
        assert presence.last_change.actor == two.user
        assert presence.last_change.summary == "card “Presence is polite”"


def test_reopening_catches_up_from_the_watermark_without_a_rebuild(
    pg_database: Callable[[str], str], pg_templates: dict[str, str]
) -> None:
    url = pg_database(pg_templates["starter"])
    with Library.open(url, index=False, search_process=True) as window:
        assert window.index_is_current() is True  # the template's index, copied (conftest)
        folder = window.index_path
    marker = folder / "kept-by-catch-up"  # a rebuild swaps in a new folder: this goes
    marker.write_text("")
    with Library.open(url, index=False) as other:  # somebody else, while the window is shut
        card = other.create_card("argument", "B", "Zebras migrate at night")
        other.edit_card(card.id, notes="unmistakablenote")
    with Library.open(url, index=False, search_process=True) as window:
        assert window.index_is_current() is True  # caught up: no rebuild needed
        assert marker.exists()
        hits = window.search("unmistakablenote")
        assert [hit.key for hit in hits] == [f"card:{card.id}"]


def test_a_deleted_cache_is_rebuilt_and_then_followed(
    pg_database: Callable[[str], str], pg_templates: dict[str, str]
) -> None:
    url = pg_database(pg_templates["starter"])
    with Library.open(url, index=False, search_process=True) as window:
        folder = window.index_path
    assert folder.exists()
    shutil.rmtree(folder)
    with (
        Library.open(url, index=False, search_process=True, listen=True) as window,
        Library.open(url, index=False) as other,
    ):
        assert window.index_is_current() is False
        heard, arrived = _hearing(window)
        early = other.create_card("argument", "B", "Wombats dig before the rebuild")
        assert arrived.wait(5)  # heard while the index waits for its rebuild
        assert heard[0].upserts == (f"card:{early.id}",)
        assert window.reindex() > 0
        assert window.index_is_current() is True
        card = other.create_card("argument", "B", "Quokkas smile for cameras")
        assert _until(lambda: [h.key for h in window.search("quokkas")] == [f"card:{card.id}"])
        assert [h.key for h in window.search("wombats")] == [f"card:{early.id}"]
