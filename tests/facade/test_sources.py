"""Source actions: add, import (files and folders), edit metadata and text, delete."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import ImportStatus, Side

ARTICLE = "Cities “won’t” cooperate.\n\nThe county jail holds people 48 hours\u00a0longer."


def test_add_source_stores_text_exactly(empty_library: Library) -> None:
    source = empty_library.add_source(ARTICLE, title="Jail holds", author="Ana Ruiz")
    assert empty_library.source_text(source.id) == ARTICLE
    assert source.title == "Jail holds"
    assert source.length == len(ARTICLE)
    assert [s.id for s in empty_library.sources()] == [source.id]


def test_add_source_refuses_empty_and_duplicate(empty_library: Library) -> None:
    with pytest.raises(UserError, match="no text"):
        empty_library.add_source("   \n")
    empty_library.add_source(ARTICLE, title="One")
    with pytest.raises(UserError, match="already in the library"):
        empty_library.add_source(ARTICLE, title="Two")
    assert len(empty_library.sources()) == 1


def test_unknown_metadata_field_is_refused(empty_library: Library) -> None:
    with pytest.raises(UserError, match="Unknown source field"):
        empty_library.add_source(ARTICLE, colour="red")


def test_import_file_reports_duplicates(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "jail.txt"
    path.write_text("Jail holds\n\n" + ARTICLE, encoding="utf-8")
    first = empty_library.import_file(path)
    assert first.status is ImportStatus.IMPORTED
    assert first.source is not None and first.source.title == "Jail holds"
    again = empty_library.import_file(path)
    assert again.status is ImportStatus.DUPLICATE
    assert "already in the library" in again.message
    assert len(empty_library.sources()) == 1


def test_import_bad_file_raises_user_error(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        empty_library.import_file(path)
    assert empty_library.sources() == []


def test_import_folder_yields_progress(empty_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Alpha\n\nAlpha body text.", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("---\ntitle: Beta\n---\nBeta body.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    steps = list(empty_library.import_paths([folder]))
    assert [step.done for step in steps] == [1, 2, 3]
    assert {step.total for step in steps} == {3}
    statuses = sorted(step.outcome.status.value for step in steps)
    assert statuses == ["failed", "imported", "imported"]
    assert sorted(s.title for s in empty_library.sources()) == ["Alpha", "Beta"]


def test_stopping_a_folder_import_keeps_whole_files_only(
    empty_library: Library, tmp_path: Path
) -> None:
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Title {n}\n\nBody {n}.", encoding="utf-8")
    steps = empty_library.import_paths([tmp_path])
    next(steps)
    next(steps)
    steps.close()  # the user pressed Cancel
    sources = empty_library.sources()
    assert len(sources) == 2
    for source in sources:
        assert empty_library.source_text(source.id).startswith(source.title)


def test_edit_source_metadata_updates_defaulted_cites(empty_library: Library) -> None:
    source = empty_library.add_source(ARTICLE, title="Jail", author="Ana Ruiz")
    card = empty_library.cut_card(source.id, 0, 25, tag="Cities refuse", side="A")
    custom = empty_library.cut_card(source.id, 27, 60, tag="Jails hold", side="A")
    empty_library.edit_card(
        custom.id, cite=custom.cite.__class__(**{**_cite_dict(custom), "author": "Someone"})
    )
    edited = empty_library.edit_source(source.id, author="Ana M. Ruiz", date="2018-07-25")
    assert edited.author == "Ana M. Ruiz" and edited.date == "2018-07-25"
    assert empty_library.card(card.id).cite.author == "Ana M. Ruiz"
    assert empty_library.card(card.id).cite.date == "2018-07-25"
    assert empty_library.card(custom.id).cite.author == "Someone"


def _cite_dict(card: object) -> dict[str, str]:
    from dataclasses import asdict

    return asdict(card.cite)  # type: ignore[attr-defined]


def test_edit_source_refuses_empty_title(empty_library: Library) -> None:
    source = empty_library.add_source(ARTICLE, title="Jail")
    with pytest.raises(UserError, match="needs a title"):
        empty_library.edit_source(source.id, title="  ")
    assert empty_library.source(source.id).title == "Jail"


def test_unknown_source_id(empty_library: Library) -> None:
    with pytest.raises(UserError, match="no source with id 99"):
        empty_library.source(99)
    with pytest.raises(UserError, match="no source with id 99"):
        empty_library.edit_source(99, title="x")


def test_delete_source_refused_while_quoted(empty_library: Library) -> None:
    source = empty_library.add_source(ARTICLE, title="Jail")
    card = empty_library.cut_card(source.id, 0, 10, tag="Tag", side=Side.A)
    with pytest.raises(UserError, match="quoted by 1 evidence card"):
        empty_library.delete_source(source.id)
    empty_library.delete_card(card.id)
    empty_library.delete_source(source.id)
    assert empty_library.sources() == []
    assert empty_library.search("county") == []


def test_set_source_text_never_rewrites_quotes(empty_library: Library) -> None:
    source = empty_library.add_source(ARTICLE, title="Jail")
    card = empty_library.cut_card(source.id, 0, 25, tag="Cities refuse", side="A")
    assert empty_library.verify() == []
    empty_library.set_source_text(source.id, "Intro line.\n" + ARTICLE)
    assert empty_library.card(card.id).quote == ARTICLE[0:25]
    problems = empty_library.verify()
    assert [p.card_id for p in problems] == [card.id]
    assert "now starts at 12" in problems[0].reason
    empty_library.edit_card(card.id, span=(12, 37))
    assert empty_library.verify() == []


def _begins(library: Library) -> tuple[list[str], Callable[[], None]]:
    """Record each transaction the library begins (BEGIN / BEGIN IMMEDIATE)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        statement = args[2].strip().upper()
        if statement.startswith("BEGIN"):
            seen.append(statement)

    engine = library._store.engine
    event.listen(engine, "before_cursor_execute", record)
    return seen, lambda: event.remove(engine, "before_cursor_execute", record)


def test_import_file_is_one_transaction(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "jail.txt"
    path.write_text("Jail holds\n\n" + ARTICLE, encoding="utf-8")
    seen, stop = _begins(empty_library)
    try:
        outcome = empty_library.import_file(path)
    finally:
        stop()
    assert outcome.status is ImportStatus.IMPORTED
    # The duplicate check and the insert share one write transaction (no read before it).
    # (psycopg begins PostgreSQL's transactions itself, below the statements recorded.)
    assert seen == ([] if empty_library.is_class_library else ["BEGIN IMMEDIATE"])
    assert outcome.source is not None
    assert empty_library.source(outcome.source.id) == outcome.source


def test_duplicate_import_changes_nothing(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "jail.txt"
    path.write_text("Jail holds\n\n" + ARTICLE, encoding="utf-8")
    first = empty_library.import_file(path)
    assert first.source is not None
    counter = empty_library._store.change_counter()
    again = empty_library.import_file(path)
    assert again.status is ImportStatus.DUPLICATE
    assert again.message == "jail.txt: already in the library as “Jail holds”."
    assert again.source == first.source
    assert empty_library._store.change_counter() == counter  # rolled back, nothing queued
    with pytest.raises(UserError) as caught:
        empty_library.add_source("Jail holds\n\n" + ARTICLE)
    expected = f"This text is already in the library as “Jail holds” (source {first.source.id})."
    assert caught.value.message == expected


def test_duplicate_is_reported_whatever_its_metadata(
    empty_library: Library, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("Jail holds\n\n" + ARTICLE, encoding="utf-8")
    empty_library.import_file(tmp_path / "a.txt")
    too_long = tmp_path / "b.md"
    too_long.write_text(f"---\ntitle: {'x' * 2500}\n---\nJail holds\n\n{ARTICLE}\n")
    assert empty_library.import_file(too_long).status is ImportStatus.DUPLICATE
    new_text = tmp_path / "c.md"
    new_text.write_text(f"---\ntitle: {'x' * 2500}\n---\nSomething new.\n")
    with pytest.raises(UserError, match="title is too long"):
        empty_library.import_file(new_text)
    assert len(empty_library.sources()) == 1


def test_duplicate_is_reported_when_the_library_cannot_be_written(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.txt"
    old.write_text("Jail holds\n\n" + ARTICLE, encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text("Something else\n\nEntirely new text.", encoding="utf-8")
    empty_library.import_file(old)

    @contextmanager
    def read_only() -> Iterator[None]:
        raise UserError("The library could not be saved: the library file is read-only.")
        yield  # pragma: no cover

    monkeypatch.setattr(empty_library._store, "write", read_only)
    assert empty_library.import_file(old).status is ImportStatus.DUPLICATE
    with pytest.raises(UserError, match="read-only"):
        empty_library.import_file(new)


def test_folder_import_reports_each_file_in_order(empty_library: Library, tmp_path: Path) -> None:
    for n in range(30):
        (tmp_path / f"{n:02d}.txt").write_text(f"Title {n}\n\nBody {n}.", encoding="utf-8")
    (tmp_path / "30.txt").write_text("Title 3\n\nBody 3.", encoding="utf-8")  # same as 03
    steps = list(empty_library.import_paths([tmp_path]))
    assert [step.done for step in steps] == list(range(1, 32))
    assert [step.outcome.status for step in steps] == [ImportStatus.IMPORTED] * 30 + [
        ImportStatus.DUPLICATE
    ]
    assert steps[-1].outcome.message == "30.txt: already in the library as “Title 3”."
    assert len(empty_library.sources()) == 30


def test_duplicate_check_uses_the_content_hash_index(empty_library: Library) -> None:
    # Looked up per imported file: a scan of every source would make big imports quadratic.
    from debateprep.facade.sources import _BY_HASH

    engine = empty_library._store.engine
    if empty_library.is_class_library:
        # PostgreSQL's planner scans a table this small whatever its indexes; the unique
        # constraint behind the index is the same one (see test_server_schema).
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    sql = str(_BY_HASH.compile(engine))
    with engine.connect() as conn:
        plan = " ".join(
            str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", ("x",))
        )
    assert "USING INDEX" in plan and "SCAN" not in plan, plan
