"""The core stays Qt-free: importing any module outside debateprep/gui must not load PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "debateprep"


def _core_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "gui" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules.append(".".join(parts))
    return modules


def test_core_modules_found() -> None:
    modules = _core_modules()
    assert "debateprep.library" in modules
    assert "debateprep.search" in modules


def test_no_core_module_loads_pyside6() -> None:
    modules = _core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert not any(m.split('.')[0] == 'PySide6' for m in sys.modules), name\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("module", ["debateprep", "debateprep.library", "debateprep.cli"])
def test_import_is_clean_under_warnings_as_errors(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_background_work_starts_only_in_gui_tasks() -> None:
    """One way to run background work in the window: gui/tasks.py owns every thread pool."""
    starters = ("QThreadPool", "QRunnable", "QThread(", "threading.Thread(", "QtConcurrent")
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {word}"
        for path in sorted((PACKAGE / "gui").rglob("*.py"))
        if path.name != "tasks.py"
        for word in starters
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
