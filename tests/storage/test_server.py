"""Connecting to a class library: URLs, credentials the way libpq finds them, TLS, and one
clear line for each way it can fail (tests/pg_cluster.py's throwaway server)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Cluster
from sqlalchemy import text

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.storage import server
from debateprep.storage.server import PasswordNeeded

DB = "server_tests"


@pytest.fixture(scope="module")
def maria(pg_cluster: Cluster, pg_templates: dict[str, str]) -> Iterator[str]:
    """A login role with a password and read rights in the class library ``DB``."""
    pg_cluster.psql(
        "DO $$ BEGIN CREATE ROLE maria LOGIN PASSWORD 'secret-1'; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    pg_cluster.create_database(DB, pg_templates["empty"])
    pg_cluster.psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO maria", DB)
    yield "maria"
    pg_cluster.drop_database(DB)


def _url(cluster: Cluster, database: str, user: str, **query: str) -> str:
    url = cluster.url(database, user)
    return url + "".join(f"&{key}={value}" for key, value in query.items())


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("postgresql://host", "names no database"),
        ("postgresql://host:99999/db", "no valid port"),
        ("mysql://host/db", "Not a PostgreSQL URL"),
    ],
)
def test_a_malformed_url_is_one_line(location: str, expected: str) -> None:
    with pytest.raises(UserError, match=expected):
        server.server_url(location)


def test_the_password_never_shows(pg_cluster: Cluster) -> None:
    shown = server.display("postgresql://maria:hunter2@school.example/debate")
    assert shown == "postgresql://maria@school.example/debate"
    assert "hunter2" not in server.display("postgresql://maria:hunter2@[bad")


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(UserError) as caught:
        Library.open(f"postgresql://nobody@127.0.0.1:{port}/class")
    assert "No PostgreSQL server answers at postgresql://nobody@127.0.0.1" in caught.value.message
    assert "\n" not in caught.value.message


def test_a_missing_password_asks_and_a_wrong_one_is_refused(
    pg_cluster: Cluster, pg_database: object, maria: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    url = _url(pg_cluster, DB, maria)
    with pytest.raises(PasswordNeeded, match="asks maria for a password"):
        Library.open(url)
    with pytest.raises(PasswordNeeded, match="refused the password of maria"):
        Library.open(url, password="wrong")
    with Library.open(url, password="secret-1", index=False) as library:
        assert library.user == "maria"
        assert library.is_class_library and library.file is None
        assert "secret" not in library.location


def test_pgpass_and_the_environment_supply_the_password(
    pg_cluster: Cluster, maria: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:{maria}:secret-1\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with Library.open(_url(pg_cluster, DB, maria), index=False) as library:
        assert library.user == maria
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    monkeypatch.setenv("PGPASSWORD", "secret-1")
    with Library.open(_url(pg_cluster, DB, maria), index=False) as library:
        assert library.user == maria


def test_tls_is_used_when_asked_and_a_failed_check_is_one_line(
    pg_cluster: Cluster, maria: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "secret-1")
    tcp = pg_cluster.url(DB, maria, tcp=True)
    with (
        Library.open(f"{tcp}?sslmode=require", index=False) as library,
        library._store.read() as session,
    ):
        used = session.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
        assert used.scalar() is True
    # Our self-signed certificate is in no trusted list: verify-full must refuse, in one line.
    monkeypatch.setenv("PGSSLROOTCERT", os.devnull)
    with pytest.raises(UserError, match="secure \\(TLS\\) connection") as caught:
        Library.open(f"{tcp}?sslmode=verify-full", index=False)
    assert "\n" not in caught.value.message


def test_missing_rights_and_missing_things_are_one_line(
    pg_cluster: Cluster, maria: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "secret-1")
    pg_cluster.psql("CREATE DATABASE closed_class")
    pg_cluster.psql("REVOKE CONNECT ON DATABASE closed_class FROM PUBLIC")
    try:
        with pytest.raises(UserError, match="your user is not in this class"):
            Library.open(_url(pg_cluster, "closed_class", maria))
    finally:
        pg_cluster.drop_database("closed_class")
    with pytest.raises(UserError, match="There is no database 'nowhere'"):
        Library.open(_url(pg_cluster, "nowhere", maria))
    with pytest.raises(UserError, match="There is no DebatePrep class library"):
        Library.open(_url(pg_cluster, "postgres", maria))
    pg_cluster.psql("REVOKE SELECT ON meta FROM maria", DB)
    try:
        with pytest.raises(UserError, match="may not read the class library"):
            Library.open(_url(pg_cluster, DB, maria))
    finally:
        pg_cluster.psql("GRANT SELECT ON meta TO maria", DB)
