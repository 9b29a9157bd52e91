"""citations and the exporters import each other's modules: either may be imported first.

(citations uses exporters.markdown_text; the exporters call citations through the module.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "modules",
    [
        ("debateprep.text.citations", "debateprep.exporters"),
        ("debateprep.exporters", "debateprep.text.citations"),
        ("debateprep.exporters.packet",),
        ("debateprep.text.markdown_text",),
    ],
)
def test_import_order_does_not_matter(modules: tuple[str, ...]) -> None:
    code = "".join(f"import {name}\n" for name in modules) + (
        "import sys\n"
        "assert not any(m.split('.')[0] == 'PySide6' for m in sys.modules)\n"
        "from debateprep.exporters import render_map\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
