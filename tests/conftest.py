"""Shared fixtures: libraries in temporary folders (SQLite files, never in-memory)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from debateprep.library import Library

# Property tests run the same examples every time so CI is repeatable; explore new ones
# locally with `pytest --hypothesis-profile=explore`.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile("repeatable")

REPO = Path(__file__).resolve().parents[1]

# GUI tests run without a screen; set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def empty_library(tmp_path: Path) -> Iterator[Library]:
    """A new library without the starter content."""
    library = Library.open(tmp_path / "empty.db", starter=False)
    yield library
    library.close()


@pytest.fixture(scope="session")
def _starter_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("starter")
    Library.open(folder / "library.db").close()
    return folder


@pytest.fixture
def starter_library(_starter_template: Path, tmp_path: Path) -> Iterator[Library]:
    """A fresh copy of a library holding the bundled corpus and starter map."""
    folder = tmp_path / "starter"
    shutil.copytree(_starter_template, folder)
    library = Library.open(folder / "library.db")
    yield library
    library.close()
