"""Opening a test library on the engine a test is parametrised with (sqlite|postgresql)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from debateprep.facade.library import Library


def open_test_library(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Library:
    """A library for the engine the test is parametrised with: ``kind`` is empty|starter."""
    if request.param == "postgresql":
        templates = request.getfixturevalue("pg_templates")
        url = request.getfixturevalue("pg_database")(templates[kind])
        return Library.open(url)
    if kind == "starter":
        folder = tmp_path / "starter"
        shutil.copytree(request.getfixturevalue("_starter_template"), folder)
        return Library.open(folder / "library.db")
    return Library.open(tmp_path / "empty.db", starter=False)
