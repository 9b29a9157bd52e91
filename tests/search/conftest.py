"""Fixtures: the sample library indexed once per session, then shared or copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from debateprep.search import SearchIndex

from .helpers import build


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Building costs ~0.1 s; copying the finished directory is much cheaper.
    directory = tmp_path_factory.mktemp("template") / "index"
    build(directory).close()
    return directory


@pytest.fixture(scope="module")
def shared_index(
    _sample_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    """Read-only index of SAMPLE_DOCS (watermark 1) shared by a module's tests."""
    directory = tmp_path_factory.mktemp("shared") / "index"
    shutil.copytree(_sample_template, directory)
    index = SearchIndex(directory)
    yield index
    index.close()


@pytest.fixture
def index(_sample_template: Path, tmp_path: Path) -> Iterator[SearchIndex]:
    """A private index of SAMPLE_DOCS (watermark 1) that a test may modify."""
    directory = tmp_path / "index"
    shutil.copytree(_sample_template, directory)
    index = SearchIndex(directory)
    yield index
    index.close()
