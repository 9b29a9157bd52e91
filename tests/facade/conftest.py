"""The facade's tests run on both engines: a personal SQLite file and a class library on a
throwaway PostgreSQL server (tests/pg_cluster.py). SQLite runs never wait for the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from engines import open_test_library

from debateprep.facade.library import Library

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(params=ENGINES)
def empty_library(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Library]:
    """A new library without the starter content, on each engine."""
    library = open_test_library(request, tmp_path, "empty")
    yield library
    library.close()


@pytest.fixture(params=ENGINES)
def starter_library(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Library]:
    """A fresh library holding the bundled corpus and starter map, on each engine."""
    library = open_test_library(request, tmp_path, "starter")
    yield library
    library.close()
