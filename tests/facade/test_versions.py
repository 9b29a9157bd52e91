"""Nobody's edit is lost: cards, links and briefs carry a version; a save based on an older
one is refused with who changed it and when, both versions, and the version to keep mine over
theirs. Two clients on one library (a second Library on the same file or server), both
engines; the race of two saves at once runs on PostgreSQL."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest
from pg_cluster import Cluster
from sqlalchemy.engine import make_url

from debateprep.errors import ConflictError, UserError
from debateprep.facade import versions
from debateprep.facade.library import Library
from debateprep.records import BriefRecord, CardKind, CardRecord, LinkKind, Side

ME = "You (another window)"


@contextmanager
def second_client(library: Library) -> Iterator[Library]:
    """Another window or another student's client on the same library."""
    other = Library.open(library.file or library.location, starter=False, index=False)
    try:
        yield other
    finally:
        other.close()


def _argument(library: Library, tag: str = "Trust matters") -> CardRecord:
    motion = library.create_motion("Trust is good", "Pro", "Con")
    return library.create_card(CardKind.ARGUMENT, Side.A, tag, motion_id=motion.id)


def test_records_carry_version_and_who_saved(empty_library: Library) -> None:
    card = _argument(empty_library)
    assert card.version == 1 and card.updated_by == empty_library.user and card.updated_at
    edited = empty_library.edit_card(card.id, tag="Trust matters most", expected_version=1)
    assert edited.version == 2 and empty_library.card(card.id).version == 2
    labelled = empty_library.edit_card(card.id, labels=["ethos"], expected_version=2)
    assert labelled.version == 3  # a labels-only edit moves the version too
    # Versions are bookkeeping: records of the same content compare equal.
    assert edited == CardRecord(**{**_fields(edited), "version": 9})


def _fields(card: CardRecord) -> dict[str, Any]:
    return {name: getattr(card, name) for name in card.__dataclass_fields__}


def test_saving_over_another_clients_change_is_refused(empty_library: Library) -> None:
    card = _argument(empty_library)
    with second_client(empty_library) as other:
        other.edit_card(card.id, tag="Their tag", expected_version=card.version)
        with pytest.raises(ConflictError) as refused:
            empty_library.edit_card(card.id, notes="my warrant", expected_version=card.version)
    conflict = refused.value
    assert isinstance(conflict, UserError)
    assert re.fullmatch(rf"{re.escape(ME)} changed this card at \d\d:\d\d\.", conflict.message)
    theirs, mine = cast(CardRecord, conflict.theirs), cast(CardRecord, conflict.mine)
    assert (theirs.tag, theirs.notes, theirs.version) == ("Their tag", "", 2)
    assert (mine.tag, mine.notes) == ("Their tag", "my warrant")  # theirs plus my change
    assert conflict.version == 2 and not conflict.deleted
    stored = empty_library.card(card.id)
    assert (stored.notes, stored.version) == ("", 2)  # nothing of the refused save
    kept = empty_library.edit_card(card.id, notes="my warrant", expected_version=conflict.version)
    assert (kept.tag, kept.notes, kept.version) == ("Their tag", "my warrant", 3)


def test_an_edit_without_a_version_saves_as_before(empty_library: Library) -> None:
    card = _argument(empty_library)
    empty_library.edit_card(card.id, tag="Second")
    assert empty_library.edit_card(card.id, tag="Third").tag == "Third"


def test_editing_a_card_deleted_meanwhile(empty_library: Library) -> None:
    card = _argument(empty_library)
    with second_client(empty_library) as other:
        other.delete_card(card.id)
    with pytest.raises(ConflictError) as refused:
        empty_library.edit_card(card.id, tag="Mine", expected_version=card.version)
    assert refused.value.message.startswith(f"{ME} deleted this card")
    assert refused.value.deleted and refused.value.mine is None and refused.value.version is None
    with pytest.raises(UserError, match="There is no card"):
        empty_library.edit_card(card.id, tag="Mine")


def test_a_refused_edit_still_checks_its_fields(empty_library: Library) -> None:
    card = _argument(empty_library)
    empty_library.edit_card(card.id, tag="Newer")
    with pytest.raises(UserError) as refused:
        empty_library.edit_card(card.id, tag="   ", expected_version=card.version)
    assert not isinstance(refused.value, ConflictError)  # the invalid tag is the problem


def test_brief_edits_check_the_briefs_version(empty_library: Library) -> None:
    card = _argument(empty_library)
    brief = empty_library.create_brief(cast(int, card.motion_id), Side.A, "Pro case")
    assert brief.version == 1 and brief.updated_by == empty_library.user
    with second_client(empty_library) as other:
        grown = other.add_brief_section(brief.id, "Trust", expected_version=brief.version)
        assert grown.version == 2
        with pytest.raises(ConflictError) as refused:
            empty_library.rename_brief(brief.id, "My title", expected_version=brief.version)
        conflict = refused.value
        assert conflict.message.startswith(f"{ME} changed this brief at ")
        mine, theirs = cast(BriefRecord, conflict.mine), cast(BriefRecord, conflict.theirs)
        assert mine.title == "My title" and theirs.title == "Pro case"
        assert len(mine.sections) == 1  # mine is theirs with my change
        assert empty_library.brief(brief.id).title == "Pro case"
        renamed = empty_library.rename_brief(brief.id, "My title", expected_version=2)
        assert renamed.version == 3
        section = renamed.sections[0].id
        with pytest.raises(ConflictError):
            other.add_to_brief(section, card.id, expected_version=2)
        added = other.add_to_brief(section, card.id, expected_version=3)
        second = other.add_brief_section(brief.id, "More", expected_version=added.version)
        with pytest.raises(ConflictError):
            empty_library.move_in_brief(section, card.id, second.sections[1].id, 0, 3)
        moved = empty_library.move_in_brief(section, card.id, second.sections[1].id, 0, 5)
        assert moved.sections[1].card_ids == (card.id,) and moved.version > second.version


def test_section_edits_check_the_briefs_version(empty_library: Library) -> None:
    card = _argument(empty_library)
    brief = empty_library.create_brief(cast(int, card.motion_id), Side.A, "", outline=True)
    section = brief.sections[0].id
    stale = brief.version
    renamed = empty_library.rename_brief_section(section, "Block 1", expected_version=stale)
    for refused_edit in (
        lambda: empty_library.rename_brief_section(section, "Mine", expected_version=stale),
        lambda: empty_library.set_brief_section_level(section, 1, expected_version=stale),
        lambda: empty_library.move_brief_section(section, 0, expected_version=stale),
        lambda: empty_library.remove_from_brief(section, card.id, expected_version=stale),
        lambda: empty_library.remove_brief_section(section, expected_version=stale),
    ):
        with pytest.raises(ConflictError):
            refused_edit()
    assert empty_library.brief(brief.id) == renamed
    current = empty_library.set_brief_section_level(section, 1, expected_version=renamed.version)
    assert current.sections[0].level == 1


def test_a_brief_deleted_meanwhile(empty_library: Library) -> None:
    card = _argument(empty_library)
    brief = empty_library.create_brief(cast(int, card.motion_id), Side.A, "Pro case")
    with second_client(empty_library) as other:
        other.delete_brief(brief.id)
    with pytest.raises(ConflictError) as refused:
        empty_library.rename_brief(brief.id, "Mine", expected_version=brief.version)
    assert "deleted this brief" in refused.value.message and refused.value.deleted


def test_unlink_checks_the_links_version(empty_library: Library) -> None:
    card = _argument(empty_library)
    counter, link = empty_library.answer_claim(card.id)
    assert link.version == 1
    with second_client(empty_library) as other:
        other.unlink(link.from_id, link.to_id, link.kind)
        with pytest.raises(ConflictError) as refused:
            empty_library.unlink(link.from_id, link.to_id, link.kind, expected_version=1)
        assert "deleted this link" in refused.value.message
        again = other.link(counter.id, card.id, LinkKind.ANSWERS)
    with pytest.raises(ConflictError):
        empty_library.unlink(again.from_id, again.to_id, again.kind, expected_version=2)
    assert empty_library.unlink(again.from_id, again.to_id, again.kind, 1) == again


def test_who_and_when_in_the_message() -> None:
    store = cast(Any, SimpleNamespace(user="ana", is_server=True))
    assert versions.who("ana", store) == "you (another window)"
    assert versions.who("ben", store) == "ben" and versions.who("", store) == "somebody"
    now = datetime(2026, 12, 3, 15, 0, tzinfo=UTC).astimezone()
    today = (now - timedelta(minutes=5)).astimezone(UTC).isoformat(timespec="seconds")
    assert versions.local_time(today, now) == (now - timedelta(minutes=5)).strftime("%H:%M")
    older = (now - timedelta(days=2)).astimezone(UTC).isoformat(timespec="seconds")
    local = now - timedelta(days=2)
    assert versions.local_time(older, now) == f"{local:%H:%M} on {local.day} {local:%b %Y}"
    assert versions.local_time("", now) == "" and versions.local_time("garbage", now) == ""
    assert versions.message("ben", "card", "") == "ben changed this card."
    assert versions.message("somebody", "link", "", deleted=True) == "Somebody deleted this link."


def test_two_saves_at_once_exactly_one_wins(empty_library: Library) -> None:
    """Two clients save the same card at the same moment, both based on the same version:
    the database lets exactly one through (PostgreSQL: the row lock; SQLite: the write
    lock); the other is refused with the winner's version, so nothing is lost unseen."""
    card = _argument(empty_library)
    with second_client(empty_library) as other:
        for round_ in range(5):
            base = empty_library.card(card.id).version
            outcome = _race({"first": empty_library, "second": other}, card.id, round_, base)
            won = [name for name, got in outcome.items() if isinstance(got, CardRecord)]
            lost = [got for got in outcome.values() if isinstance(got, ConflictError)]
            assert len(won) == 1 and len(lost) == 1, outcome
            stored = empty_library.card(card.id)
            assert (stored.tag, stored.notes) == (f"{won[0]} {round_}", won[0])
            assert stored.version == base + 1
            assert cast(CardRecord, lost[0].theirs).tag == stored.tag
            assert lost[0].version == stored.version  # what keeping the loser's text needs


def _race(clients: dict[str, Library], card_id: int, round_: int, base: int) -> dict[str, object]:
    """Each client saves on its own thread, released together; what each one got back."""
    start = threading.Barrier(len(clients))
    outcome: dict[str, object] = {}

    def save(name: str) -> None:
        start.wait()
        try:
            outcome[name] = clients[name].edit_card(
                card_id, tag=f"{name} {round_}", notes=name, expected_version=base
            )
        except ConflictError as exc:
            outcome[name] = exc

    threads = [threading.Thread(target=save, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcome


@contextmanager
def student(cluster: Cluster, library: Library, sql: str = "") -> Iterator[Library]:
    """Another database user's client on the class library (a login role made with plain
    SQL, then ``sql``; the class roles and rights proper are the class commands' business)."""
    database = make_url(library.location).database or ""
    role = f"ana_{os.getpid()}"
    cluster.psql(
        f"CREATE ROLE {role} LOGIN PASSWORD 'secret'; "
        f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; "
        f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}; {sql}",
        database,
    )
    try:
        url = cluster.url(database, role, tcp=True)
        with Library.open(url, password="secret", index=False) as other:
            assert other.user == role
            yield other
    finally:
        cluster.psql(f"DROP OWNED BY {role}; DROP ROLE {role}", database)


@pytest.mark.parametrize("empty_library", ["postgresql"], indirect=True)
def test_the_message_names_the_student_who_changed_it(
    empty_library: Library, pg_cluster: Cluster
) -> None:
    card = _argument(empty_library)
    with student(pg_cluster, empty_library) as ana:
        ana.edit_card(card.id, tag="Ana's tag", expected_version=card.version)
        with pytest.raises(ConflictError) as refused:
            empty_library.edit_card(card.id, tag="Mine", expected_version=card.version)
    name = ana.user
    assert re.fullmatch(rf"{name} changed this card at \d\d:\d\d\.", str(refused.value))
    assert cast(CardRecord, refused.value.theirs).updated_by == name


OWN_CARDS_ONLY = (
    "ALTER TABLE cards ENABLE ROW LEVEL SECURITY; "
    "CREATE POLICY read_all ON cards FOR SELECT USING (true); "
    "CREATE POLICY change_own ON cards FOR UPDATE USING (owner = current_user)"
)


@pytest.mark.parametrize("empty_library", ["postgresql"], indirect=True)
def test_a_card_the_server_will_not_let_me_change_is_not_called_deleted(
    empty_library: Library, pg_cluster: Cluster
) -> None:
    """Row-level security hides a row others own from ``FOR UPDATE``: that is a refusal by
    the server, said as such, never "somebody deleted this card"."""
    card = _argument(empty_library)
    with student(pg_cluster, empty_library, OWN_CARDS_ONLY) as ana:
        assert ana.card(card.id).tag == card.tag  # readable
        with pytest.raises(UserError) as refused:
            ana.edit_card(card.id, tag="Ana's", expected_version=card.version)
    assert not isinstance(refused.value, ConflictError)
    assert str(refused.value) == (
        f"The class library does not let you change this card: it is {empty_library.user}'s."
    )
