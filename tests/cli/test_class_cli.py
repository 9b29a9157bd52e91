"""``debateprep class ...`` end to end: real subprocesses against the throwaway server, and
the printed one-time passwords logging in with the real psql client."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from class_support import class_name, classes, drop_class
from pg_cluster import Cluster

REPO = Path(__file__).resolve().parents[2]


def debateprep(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    env.pop("PGPASSWORD", None)
    if password is not None:
        env["PGPASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "debateprep", *args],
        capture_output=True, text=True, cwd=REPO, env=env, check=False, timeout=180,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def one_time_password(output: str) -> str:
    found = re.search(r"one-time password: (\S+)", output)
    assert found, output
    return found.group(1)


@pytest.fixture
def made_classes(pg_cluster: Cluster) -> Iterator[list[str]]:
    yield from classes(pg_cluster)


def test_class_create_add_list_lock_and_remove(
    pg_cluster: Cluster, made_classes: list[str]
) -> None:
    database = class_name()
    made_classes.append(database)
    teacher, maria = f"{database}_teacher", f"{database}_maria"
    created = debateprep("class", "create", pg_cluster.url(database), "--teacher", teacher)
    assert created.returncode == 0, created.stderr
    assert "Class library created at postgresql://postgres@/" in created.stdout
    teacher_password = one_time_password(created.stdout)
    assert pg_cluster.psql("SELECT current_user", database, teacher,
                           PGPASSWORD=teacher_password) == teacher  # fmt: skip
    assert pg_cluster.psql("SELECT DISTINCT owner FROM cards", database) == teacher

    as_teacher = ("--library", pg_cluster.url(database, teacher))
    added = debateprep(*as_teacher, "class", "add-student", maria, password=teacher_password)
    assert added.returncode == 0, added.stderr
    maria_password = one_time_password(added.stdout)
    assert maria_password not in added.stderr
    assert pg_cluster.psql("SELECT current_user", database, maria,
                           PGPASSWORD=maria_password) == maria  # fmt: skip

    motion = pg_cluster.psql("SELECT min(id) FROM motions", database)
    locked = debateprep(*as_teacher, "class", "lock-motion", motion, password=teacher_password)
    assert locked.returncode == 0, locked.stderr
    assert f"Motion {motion} (" in locked.stdout and "is locked" in locked.stdout
    assert pg_cluster.psql(f"SELECT locked FROM motions WHERE id = {motion}", database) == "1"

    as_maria = ("--library", pg_cluster.url(database, maria))
    refused = debateprep(*as_maria, "class", "unlock-motion", motion, password=maria_password)
    assert refused.returncode == 1
    assert refused.stderr == "debateprep: Only the class's teacher locks motions.\n"

    listed = debateprep(*as_maria, "class", "list", password=maria_password)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:2] == ["teacher", teacher] and "last change" in lines[0]
    assert lines[1].split()[:4] == ["student", maria, "0", "cards"]

    removed = debateprep(*as_teacher, "class", "remove-student", maria, password=teacher_password)
    assert removed.returncode == 0, removed.stderr
    assert "their cards, links and briefs stay" in removed.stdout
    with pytest.raises(subprocess.CalledProcessError):
        pg_cluster.psql("SELECT 1", database, maria, PGPASSWORD=maria_password)


def test_removed_student_keeps_their_cards_in_the_list(
    pg_cluster: Cluster, made_classes: list[str]
) -> None:
    database = class_name()
    made_classes.append(database)
    teacher, ben = f"{database}_teacher", f"{database}_ben"
    created = debateprep("class", "create", pg_cluster.url(database), "--teacher", teacher)
    teacher_password = one_time_password(created.stdout)
    as_teacher = ("--library", pg_cluster.url(database, teacher))
    ben_password = one_time_password(
        debateprep(*as_teacher, "class", "add-student", ben, password=teacher_password).stdout
    )
    pg_cluster.psql(
        "INSERT INTO motions (resolution, side_a, side_b, owner) "
        "VALUES ('Ben''s motion', 'A', 'B', current_user)",
        database, ben, PGPASSWORD=ben_password,
    )  # fmt: skip
    debateprep(*as_teacher, "class", "remove-student", ben, password=teacher_password)
    assert pg_cluster.psql("SELECT owner FROM motions WHERE resolution = 'Ben''s motion'",
                           database) == ben  # fmt: skip


def test_class_create_on_an_existing_class_says_why(
    pg_cluster: Cluster, made_classes: list[str]
) -> None:
    database = class_name()
    made_classes.append(database)
    url = pg_cluster.url(database)
    assert debateprep("class", "create", url, "--teacher", f"{database}_t").returncode == 0
    again = debateprep("class", "create", url, "--teacher", f"{database}_u")
    assert again.returncode == 1
    assert "is not empty; a class library needs a database of its own" in again.stderr
    assert len(again.stderr.splitlines()) == 1


def test_class_commands_need_a_class_library(tmp_path: Path) -> None:
    result = debateprep("--library", str(tmp_path / "mine.db"), "class", "list")
    assert result.returncode == 1
    assert result.stderr == (
        "debateprep: `debateprep class list` works on a class library: give "
        "--library postgresql://host/dbname.\n"
    )


def test_class_create_refuses_a_bad_teacher_name(pg_cluster: Cluster) -> None:
    result = debateprep("class", "create", pg_cluster.url("never_made"), "--teacher", "Mr X")
    assert result.returncode == 1
    assert "cannot be a login name" in result.stderr
    assert pg_cluster.psql("SELECT count(*) FROM pg_database WHERE datname = 'never_made'") == "0"


def test_class_create_without_admin_rights_leaves_nothing(
    pg_cluster: Cluster, made_classes: list[str]
) -> None:
    database = class_name()
    made_classes.append(database)
    pg_cluster.psql(f"CREATE DATABASE {database}")
    plain = f"{database}_plain"
    pg_cluster.psql(f"CREATE ROLE {plain} LOGIN PASSWORD 'pw'; "
                    f"ALTER DATABASE {database} OWNER TO {plain}")  # fmt: skip
    try:
        result = debateprep(
            "class", "create", pg_cluster.url(database, plain), "--teacher", f"{database}_t",
            password="pw",
        )  # fmt: skip
        assert result.returncode == 1
        assert "needs a PostgreSQL user with the CREATEDB and CREATEROLE rights" in result.stderr
        assert pg_cluster.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                               database) == "0"  # fmt: skip
    finally:
        pg_cluster.drop_database(database)
        pg_cluster.psql(f"DROP ROLE {plain}")


def test_an_admin_with_createdb_and_createrole_sets_up_a_class(
    pg_cluster: Cluster, made_classes: list[str]
) -> None:
    """Not a superuser: the rights a school's admin role would have (the class owner)."""
    database = class_name()
    admin = f"{database}_admin"
    pg_cluster.psql(f"CREATE ROLE {admin} LOGIN CREATEDB CREATEROLE PASSWORD 'admin-pw'")
    try:
        made_classes.append(database)
        teacher, student = f"{database}_teacher", f"{database}_kim"
        url = pg_cluster.url(database, admin)
        created = debateprep("class", "create", url, "--teacher", teacher, password="admin-pw")
        assert created.returncode == 0, created.stderr
        teacher_password = one_time_password(created.stdout)
        as_teacher = ("--library", pg_cluster.url(database, teacher))
        added = debateprep(*as_teacher, "class", "add-student", student, password=teacher_password)
        assert added.returncode == 0, added.stderr
        kim = one_time_password(added.stdout)
        assert pg_cluster.psql("SELECT count(*) > 0 FROM cards", database, student,
                               PGPASSWORD=kim) == "t"  # fmt: skip
        owner = pg_cluster.psql(
            f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{database}'"
        )
        assert owner == admin
    finally:
        for each in list(made_classes):
            drop_class(pg_cluster, each)
        made_classes.clear()
        pg_cluster.psql(f'DROP ROLE IF EXISTS "{admin}"')
