"""Push a personal library into a class library and pull a snapshot home (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import LinkKind, Side


@pytest.fixture
def class_url(pg_database: Callable[[str], str], pg_templates: dict[str, str]) -> str:
    return pg_database(pg_templates["starter"])


def _personal(tmp_path: Path) -> Path:
    """A student's library: the starter corpus, a card cut from it, a new source, a brief."""
    path = tmp_path / "mine.db"
    with Library.open(path) as library:
        motion = library.default_motion()
        assert motion is not None
        source = library.sources()[0]
        text = library.source_text(source.id)
        card = library.cut_card(source.id, 0, 40, tag="My own cut", side=Side.A)
        own = library.add_source("Pelican County\n\nPelican County kept every detainer hold.")
        mine = library.cut_card(own.id, 16, 56, tag="Pelican keeps holds", side=Side.B)
        claim = library.create_card("argument", Side.A, "Trust keeps witnesses talking")
        library.link(card.id, claim.id, LinkKind.SUPPORTS)
        library.create_brief(motion.id, Side.A, "My 1AC", card_ids=[card.id])
        assert text and mine.quote == "Pelican County kept every detainer hold."
    return path


def test_push_copies_own_work_and_merges_the_same_sources(class_url: str, tmp_path: Path) -> None:
    local = _personal(tmp_path)
    with Library.open(class_url) as cls:
        sources_before = len(cls.sources())
        cards_before = len(cls.cards())
        report = cls.push_to_class(local)
        assert report.sources_merged == 5 and report.sources_added == 1
        assert report.motions_added == 0  # the same resolution is the same motion
        assert len(cls.sources()) == sources_before + 1
        with Library.open(local) as mine:
            mine_cards = len(mine.cards())
        assert report.cards_added + report.cards_present == mine_cards
        assert len(cls.cards()) == cards_before + report.cards_added
        pelican = cls.search("pelican")
        assert pelican and cls.verify() == []
        again = cls.push_to_class(local)
        assert again.cards_added == 0 and again.sources_added == 0 and again.briefs_added == 0
        assert "already there" in again.summary()


def test_pull_takes_a_snapshot_that_opens_offline(class_url: str, tmp_path: Path) -> None:
    with Library.open(class_url) as cls:
        cls.create_card("argument", Side.B, "Pulled home intact")
        message = cls.pull_class(tmp_path / "home.db")
        cards = sorted((c.id, c.tag, c.quote) for c in cls.cards())
        sources = sorted((s.id, s.title) for s in cls.sources())
    assert "opens offline" in message
    with Library.open(tmp_path / "home.db") as home:
        assert sorted((c.id, c.tag, c.quote) for c in home.cards()) == cards
        assert sorted((s.id, s.title) for s in home.sources()) == sources
        assert home.verify() == []
        assert home.search("pulled home")
    with Library.open(class_url) as cls, pytest.raises(UserError, match="already exists"):
        cls.pull_class(tmp_path / "home.db")
