"""Golden files: exports compared byte for byte with tests/data/golden/, through one fixture.

Tests take the ``golden`` fixture (tests/conftest.py) and call ``golden(name, output)``. When an
export changes on purpose, rewrite its golden files and review their diff before committing::

    DEBATEPREP_UPDATE_GOLDEN=1 python -m pytest tests/exporters/test_export_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"


class Golden(Protocol):
    """The `golden` fixture: ``golden(name, output)`` checks output against a golden file."""

    def __call__(self, name: str, output: str | bytes) -> None: ...


def check_golden(name: str, output: str | bytes) -> None:
    """``output`` equals tests/data/golden/``name`` byte for byte (text is UTF-8).

    With DEBATEPREP_UPDATE_GOLDEN=1 the file is rewritten first: run the tests that changed on
    purpose that way, then review the golden files' diff before committing it.
    """
    path = GOLDEN / name
    data = output.encode("utf-8") if isinstance(output, str) else output
    if os.environ.get("DEBATEPREP_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{name} is missing; run with DEBATEPREP_UPDATE_GOLDEN=1"
    # Bytes compared, not read_text(): no newline translation may hide a "\r". Text is compared
    # as text so a failure shows a readable diff.
    expected = path.read_bytes()
    if isinstance(output, str):
        assert expected.decode("utf-8") == output, (
            f"{name} changed; rerun with DEBATEPREP_UPDATE_GOLDEN=1 and review the diff"
        )
    else:
        assert expected == output, f"{name} changed; rerun with DEBATEPREP_UPDATE_GOLDEN=1"
