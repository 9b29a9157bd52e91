"""Class libraries in tests: a fresh class per test, and removing it (database and roles)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import count

from pg_cluster import Cluster

from debateprep.storage import class_roles

_numbers = count(1)


def class_name() -> str:
    """A database name no other test (or run) uses: roles are cluster-wide."""
    return f"cls{os.getpid()}_{next(_numbers)}"


def class_logins(cluster: Cluster, database: str) -> list[str]:
    """Every login of the class (teachers and students), by the server's own record."""
    groups = class_roles.group_names(database)
    found = cluster.psql(
        "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles r ON r.oid = m.member "
        f"WHERE g.rolname IN ('{groups.teachers}', '{groups.students}')"
    )
    return found.split()


def drop_class(cluster: Cluster, database: str) -> None:
    """The class's database, its logins and its groups, gone."""
    groups = class_roles.group_names(database)
    logins = class_logins(cluster, database)
    cluster.drop_database(database)
    for role in [*logins, groups.teachers, groups.students]:
        cluster.psql(f'DROP ROLE IF EXISTS "{role}"')


def classes(cluster: Cluster) -> Iterator[list[str]]:
    """For a fixture: yields a list to append database names to; drops them all after."""
    made: list[str] = []
    yield made
    for database in made:
        drop_class(cluster, database)
