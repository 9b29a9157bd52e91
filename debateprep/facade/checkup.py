"""``debateprep check``: the storage layer's health check, with the facade's quote check.

The check itself (SQLite integrity, schema, index repair) lives in ``storage.health``; whether
every evidence quote still equals its source span is a rule of the facade (``Library.verify``),
so it is handed in here and storage never imports the facade. :func:`incomplete_cites` lists
the sources whose cites lack an author, a date or qualifications (``text.cite_gaps`` decides).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from debateprep.facade.library import Library
from debateprep.storage import health
from debateprep.storage.health import HealthReport, QuoteProblem
from debateprep.storage.store import Store
from debateprep.text.cite_gaps import cite_gaps, gaps_text


def check_library(path: Path, cite_gaps_found: list[str] | None = None) -> HealthReport:
    """Check the library at ``path`` (a database file or a library folder); never raises for
    a broken library. A broken search index is rebuilt and reported as repaired.

    ``cite_gaps_found``, when given, receives :func:`incomplete_cites`' lines, read in the
    same pass as the quotes (so a read-only or busy library is handled the same way).
    """

    def verify(store: Store) -> Sequence[QuoteProblem]:
        library = Library(store)
        if cite_gaps_found is not None:
            cite_gaps_found.extend(incomplete_cites(library))
        return library.verify()

    return health.check_library(path, verify_quotes=verify)


def incomplete_cites(library: Library) -> list[str]:
    """One line per source whose cite is incomplete: ``Source 3 "Title": no date``."""
    lines = []
    for source in library.sources():
        gaps = cite_gaps(source.cite)
        if gaps:
            lines.append(f'Source {source.id} "{source.title}": {gaps_text(gaps)}')
    return lines
