"""Where the bundled corpus, resources, documents and the default library live.

In a wheel the top-level ``corpus/`` and ``resources/`` folders (and the documents the Help
menu opens, from ``docs/``) travel inside the package as ``debateprep/_data/``; in a source
checkout (or an editable install) they sit beside it.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE_DIR / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / name


def corpus_dir() -> Path:
    return _data_dir("corpus")


def resources_dir() -> Path:
    return _data_dir("resources")


def _bundled_file(folder: Path, name: str, what: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise FileNotFoundError(f"DebatePrep {what} missing: {path}")
    return path


def resource(name: str) -> Path:
    """A file under resources/ by name; raises FileNotFoundError if the install lacks it."""
    return _bundled_file(resources_dir(), name, "resource")


def docs_dir() -> Path:
    return _data_dir("docs")


def doc(name: str) -> Path:
    """A document under docs/ by name; raises FileNotFoundError if the install lacks it."""
    return _bundled_file(docs_dir(), name, "document")


def default_library_path() -> Path:
    return Path(platformdirs.user_data_dir("DebatePrep", appauthor=False)) / "library.db"
