"""Schema upgrades: a library saved by schema 1 (``tests/data/library_v1.db``) keeps everything.

The expectations below were read from the fixture with the schema-1 code, before schema 2
existed, and are hard-coded on purpose: a migration that loses or alters a row changes a
table digest. See ``tests/data/make_library_v1.py`` for how the fixture was made.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from debateprep.errors import UserError
from debateprep.facade.hidden_refresh import RULES_KEY as HIDDEN_RULES_KEY
from debateprep.facade.library import Library
from debateprep.records import Cite, Highlight, SectionLevel
from debateprep.storage import db, migrations
from debateprep.storage.models import SCHEMA_VERSION, utc_now
from debateprep.text.article_lines import HIDDEN_RULES

FIXTURE = Path(__file__).parents[1] / "data" / "library_v1.db"

# Schema-1 columns of every content table, in their schema-1 order.
V1_COLUMNS = {
    "sources": "id title author qualifications outlet date url accessed lean origin text "
    "content_hash",
    "motions": "id resolution side_a side_b",
    "cards": "id kind side tag notes motion_id position source_id start end quote highlights "
    "cite_author cite_qualifications cite_date cite_title cite_outlet cite_url cite_accessed",
    "card_labels": "card_id label",
    "links": "id kind from_id to_id",
    "briefs": "id motion_id side title",
    "brief_sections": "id brief_id position title",
    "brief_items": "id section_id card_id position",
}
# (row count, sha256 of the rows as JSON) per table, read from the fixture under schema 1.
V1_CONTENT = {
    "sources": (6, "6c10a63f598c7bcfe615dfbe911975d913fdec4d5ded7af91b1c4e24ebfc2f90"),
    "motions": (1, "5df363a9e988afaf7679609ce2bf3f0460591a2ef167de60f083d92d491f4b7d"),
    "cards": (70, "12dff9693053fcee014ec9303f9a5dd415c67630e799176c9f86e1c4642129da"),
    "card_labels": (124, "4645a727d546762e508995dcaac2ae608efe0aa4c6288fe8e05614ed627b4180"),
    "links": (58, "2ad09a61c75351f255e56f31ae22c9e32fb69fe712fe8d54b9f82769b0764e1e"),
    "briefs": (1, "1df3fd41ea30cc68f1f5c6e1f008c38def92f933e0bdddbff66565623c35b147"),
    "brief_sections": (2, "29c71344ee47153c4f62344d9926804845bef6b57d0afae62096b2047edb2d43"),
    "brief_items": (3, "4dd765c61c7206bb6a8c521e8a1dc26c109e4fdb44e077fee08c8de8b1bf5107"),
}
V1_META = {"schema_version": "1", "change_counter": "14", "starter_loaded": "1"}


def content(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and digest of the schema-1 columns of every content table."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = {}
        for table, names in V1_COLUMNS.items():
            columns = ", ".join(f'"{name}"' for name in names.split())
            order = ", ".join(f'"{name}"' for name in names.split()[:2])
            rows = conn.execute(f"SELECT {columns} FROM {table} ORDER BY {order}").fetchall()
            digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
            result[table] = (len(rows), digest)
        return result
    finally:
        conn.close()


def meta(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()


def schema(path: Path) -> dict[str, object]:
    """Columns (name, type, not null, default, pk) and indexes (name, unique, columns)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        shape: dict[str, object] = {}
        for table in tables:
            columns = [row[1:] for row in conn.execute(f"PRAGMA table_info({table})")]
            indexes = sorted(
                (
                    row[1],
                    row[2],
                    [info[2] for info in conn.execute(f"PRAGMA index_info('{row[1]}')")],
                )
                for row in conn.execute(f"PRAGMA index_list({table})")
            )
            shape[table] = (columns, indexes)
        return shape
    finally:
        conn.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    path = tmp_path / "library.db"
    shutil.copyfile(FIXTURE, path)
    return path


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.v1-backup-*"))


def test_fixture_is_schema_1_with_the_recorded_content() -> None:
    assert meta(FIXTURE) == V1_META
    assert content(FIXTURE) == V1_CONTENT
    assert not Path(f"{FIXTURE}-wal").exists() and not Path(f"{FIXTURE}-shm").exists()


def test_upgrade_keeps_every_source_card_link_and_brief(v1_copy: Path) -> None:
    with Library.open(v1_copy) as library:
        assert library.verify() == []
        source = next(s for s in library.sources() if s.id == 6)
        assert source.title == "Homework and the “Ten-Minute Rule”"
        assert "“more homework isn’t always better”" in library.source_text(6)
        evidence = library.card(68)
        assert evidence.tag == "Homework has diminishing returns"
        assert evidence.quote == "“more homework isn’t always better”"
        assert evidence.highlights == (Highlight(1, 14), Highlight(23, 29))
        assert evidence.cite == Cite(
            author="Dana Reyes",
            qualifications="education reporter",
            date="2023-09-01",
            title="Homework and the “Ten-Minute Rule”",
            outlet="The Fixture Times",
            url="https://example.org/homework",
            accessed="2024-01-15",
        )
        assert evidence.labels == ("fixture", "homework")
        argument = library.card(69)
        assert argument.notes == "Lead with the ten-minute rule."
        assert argument.labels == ("fixture", "policy")
        assert library.card(70).tag == "A cap ignores older students’ needs"
        kinds = {(link.from_id, link.to_id, str(link.kind)) for link in library.links(69)}
        assert kinds == {(68, 69, "supports"), (70, 69, "answers")}
        assert len(library.cards()) == 70
        (brief,) = library.briefs()
        assert brief.title == "Fixture brief"
        assert [section.title for section in brief.sections] == ["Why cap it", "Answers"]
        assert [list(section.card_ids) for section in brief.sections] == [[69, 68], [70]]
        # Schema 3: sections from before levels are blocks (Verbatim's Heading 3).
        assert [section.level for section in brief.sections] == [SectionLevel.BLOCK] * 2
        # Schema 4: older cards quote nobody but their source's author.
        assert (evidence.speaker, evidence.speaker_quals) == ("", "")
        hits = library.search("diminishing returns")
        assert hits and hits[0].key == "card:68"
        assert any(hit.key == "source:6" for hit in library.search("ten-minute"))
    assert content(v1_copy) == V1_CONTENT
    upgraded = meta(v1_copy)
    # Opening gives a library made before library ids one (a meta row; see db.LIBRARY_ID).
    assert len(upgraded.pop("library_id")) == 32
    # The boilerplate rules in force are recorded once the sources' hidden spans are redone.
    # Recording them is one more write, which the change counter counts.
    assert upgraded == {
        **V1_META,
        "schema_version": str(SCHEMA_VERSION),
        HIDDEN_RULES_KEY: HIDDEN_RULES,
        "change_counter": str(int(V1_META["change_counter"]) + 1),
    }
    (backup,) = backups(v1_copy)
    assert meta(backup) == V1_META
    assert content(backup) == V1_CONTENT
    assert schema(backup) == schema(FIXTURE)
    assert not Path(f"{backup}-wal").exists()


def test_upgraded_schema_equals_a_new_library(v1_copy: Path, tmp_path: Path) -> None:
    Library.open(v1_copy, index=False, starter=False).close()
    Library.open(tmp_path / "new.db", index=False, starter=False).close()
    assert schema(v1_copy) == schema(tmp_path / "new.db")
    # Old rows' times are unknown, not invented.
    with sqlite3.connect(v1_copy) as conn:
        times = conn.execute("SELECT DISTINCT created_at, updated_at FROM cards").fetchall()
    assert times == [("", "")]


def test_a_current_library_is_not_migrated_again(v1_copy: Path) -> None:
    Library.open(v1_copy, index=False).close()
    Library.open(v1_copy, index=False).close()
    assert len(backups(v1_copy)) == 1


def test_new_and_edited_rows_get_utc_timestamps(empty_library: Library) -> None:
    card = empty_library.create_card("argument", "A", "Timestamps are kept")
    engine = empty_library._store.engine
    query = text("SELECT created_at, updated_at FROM cards WHERE id = :id")
    with engine.connect() as conn:
        created, updated = conn.execute(query, {"id": card.id}).one()
    assert created == updated and created.endswith("+00:00") and created <= utc_now()
    with engine.begin() as conn:
        conn.execute(text("UPDATE cards SET updated_at = '2000-01-01T00:00:00+00:00'"))
    empty_library.edit_card(card.id, tag="Timestamps follow edits")
    with engine.connect() as conn:
        created_after, updated_after = conn.execute(query, {"id": card.id}).one()
    assert created_after == created and updated_after > "2000-01-01T00:00:00+00:00"


def test_a_failing_step_leaves_the_library_unchanged(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Put the file in WAL mode first (as the app leaves it), so opening does not rewrite the
    # header and the main file must stay byte for byte what it was.
    with sqlite3.connect(v1_copy) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    before = v1_copy.read_bytes()

    def half_done(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE sources ADD COLUMN created_at TEXT NOT NULL DEFAULT ''"))
        conn.execute(text("DELETE FROM card_labels"))
        raise RuntimeError("simulated failure half-way through a step")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, half_done)
    with pytest.raises(UserError, match="was not changed") as caught:
        Library.open(v1_copy)
    (backup,) = backups(v1_copy)
    assert str(backup) in caught.value.message
    assert v1_copy.read_bytes() == before
    assert meta(v1_copy) == V1_META
    assert content(v1_copy) == V1_CONTENT
    assert schema(v1_copy) == schema(FIXTURE)
    assert content(backup) == V1_CONTENT
    # With the real step back, the next open upgrades (and makes a fresh backup).
    monkeypatch.undo()
    Library.open(v1_copy, index=False).close()
    assert meta(v1_copy)["schema_version"] == str(SCHEMA_VERSION)
    assert content(v1_copy) == V1_CONTENT


def test_no_backup_means_no_upgrade(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(source: Path, dest: Path) -> None:
        dest.write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrations, "copy_database", disk_full)
    with pytest.raises(UserError, match=r"could not be made.*not changed"):
        Library.open(v1_copy)
    assert backups(v1_copy) == []
    assert meta(v1_copy) == V1_META
    assert content(v1_copy) == V1_CONTENT


def test_the_migration_table_is_complete() -> None:
    assert sorted(migrations.MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    # migrations.py repeats db.py's "BEGIN IMMEDIATE" option to avoid an import cycle.
    assert migrations._WRITE_OPTION == db._WRITE_OPTION


def test_backup_names_never_collide(tmp_path: Path) -> None:
    path, now = tmp_path / "library.db", datetime(2024, 1, 15, 10, 0, 0, tzinfo=UTC)
    first = migrations.backup_path_for(path, "v1-backup", now)
    assert first.name == "library.db.v1-backup-20240115T100000Z"
    first.write_bytes(b"")
    assert migrations.backup_path_for(path, "v1-backup", now).name == f"{first.name}-2"
