"""The search package imports cleanly with warnings as errors, and without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_import_is_clean_and_qt_free() -> None:
    code = (
        "import sys\n"
        "import debateprep.search\n"
        "from debateprep.search import IndexDoc, SearchHit, SearchIndex\n"
        "assert not any(m.split('.')[0] == 'PySide6' for m in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
