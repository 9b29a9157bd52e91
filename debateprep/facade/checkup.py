"""``debateprep check``: the storage layer's health check, with the facade's quote check.

The check itself (SQLite integrity, schema, index repair) lives in ``storage.health``; whether
every evidence quote still equals its source span is a rule of the facade (``Library.verify``),
so it is handed in here and storage never imports the facade.
"""

from __future__ import annotations

from pathlib import Path

from debateprep.facade.library import Library
from debateprep.storage import health
from debateprep.storage.health import HealthReport


def check_library(path: Path) -> HealthReport:
    """Check the library at ``path`` (a database file or a library folder); never raises for
    a broken library. A broken search index is rebuilt and reported as repaired."""
    return health.check_library(path, verify_quotes=lambda store: Library(store).verify())
