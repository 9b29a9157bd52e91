"""A class library is upgraded by the same ordered migrations as a library file, in one
transaction, and never while somebody else has it open."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from pg_cluster import Cluster
from sqlalchemy import Engine, inspect, text

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.storage import server
from debateprep.storage.models import SCHEMA_VERSION

# What schema 6 added (storage/migrations.py::_v5_to_v6), taken away again.
_V6_COLUMNS = {
    "sources": ["owner"],
    "motions": ["owner", "locked"],
    "cards": ["owner", "version", "updated_by"],
    "links": ["owner", "version"],
    "briefs": ["owner", "version", "updated_by", "updated_at"],
}


def _engine(url: str) -> Engine:
    return server.create_server_engine(server.server_url(url))


def _make_v5(url: str) -> None:
    engine = _engine(url)
    with engine.begin() as connection:
        for table, columns in _V6_COLUMNS.items():
            for column in columns:
                connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        connection.execute(text("DROP TABLE change_log"))
        connection.execute(text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))
    engine.dispose()


def _schema(url: str) -> dict[str, list[tuple[str, str, bool]]]:
    engine = _engine(url)
    try:
        found = inspect(engine)
        return {
            table: sorted(
                (c["name"], str(c["type"]), bool(c["nullable"])) for c in found.get_columns(table)
            )
            for table in found.get_table_names()
        }
    finally:
        engine.dispose()


@pytest.fixture
def old_class(pg_database: Callable[[str], str], pg_templates: dict[str, str]) -> str:
    url = pg_database(pg_templates["starter"])
    _make_v5(url)
    return url


def test_an_upgrade_waits_until_nobody_else_is_connected(old_class: str) -> None:
    conninfo = server.server_url(old_class).render_as_string(hide_password=False)
    conninfo = conninfo.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, application_name="debateprep"):
        with pytest.raises(UserError) as caught:
            Library.open(old_class)
        message = caught.value.message
        assert "needs an upgrade to schema 6, which cannot run while others have it open" in message
        assert "postgres (debateprep)" in message
    with Library.open(old_class) as library:  # alone now: upgraded, cards intact
        assert library.cards() and library._store.change_counter() > 0
        library.create_card("argument", "A", "Written after the upgrade")


def test_an_upgraded_class_library_has_the_schema_of_a_new_one(
    old_class: str, pg_database: Callable[[str], str], pg_templates: dict[str, str]
) -> None:
    Library.open(old_class, index=False).close()
    fresh = pg_database(pg_templates["empty"])
    assert _schema(old_class) == _schema(fresh)
    engine = _engine(old_class)
    with engine.connect() as connection:
        version = connection.execute(text("SELECT value FROM meta WHERE key='schema_version'"))
        assert int(version.scalar_one()) == SCHEMA_VERSION
    engine.dispose()


def test_a_student_is_told_that_only_the_class_owner_upgrades(pg_cluster: Cluster) -> None:
    from class_support import class_name, drop_class

    from debateprep.facade.classroom import create_class

    database = class_name()
    try:
        created = create_class(pg_cluster.url(database), "teach")
        with Library.open(
            pg_cluster.url(database, "teach"), password=created.password, index=False
        ) as teacher:
            password = teacher.add_student("pupil")
        pg_cluster.psql("UPDATE meta SET value = '5' WHERE key = 'schema_version'", database)
        with pytest.raises(UserError, match="which only its owner") as caught:
            Library.open(pg_cluster.url(database, "pupil"), password=password)
        assert "\n" not in caught.value.message
    finally:
        drop_class(pg_cluster, database)
