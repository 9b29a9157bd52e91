"""The layers hold: import-linter's contracts (pyproject [tool.importlinter]) pass and fail when
a forbidden import is added; importing any module outside debateprep/gui never loads PySide6."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "debateprep"


def _core_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "gui" in relative.parts or "render" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules.append(".".join(parts))
    return modules


def test_core_modules_found() -> None:
    modules = _core_modules()
    assert "debateprep.facade.library" in modules
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


def test_the_window_modules_never_load_whoosh() -> None:
    """The window searches through its search process: no gui module (nor the facade and
    storage they reach) loads Whoosh at import. tests/gui/test_search_process.py checks a
    window that has searched."""
    modules = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in (PACKAGE / "gui").glob("*.py")
        if path.stem != "__init__"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'whoosh' not in sys.modules, name\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize(
    "module", ["debateprep", "debateprep.facade.library", "debateprep.cli.entry"]
)
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


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run the venv's lint-imports on the `debateprep` package and pyproject.toml under `root`."""
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.fail("lint-imports is not installed; install the test extras")
    # PYTHONPATH first: the copy (or this checkout) wins over any installed debateprep.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [tool, "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_contracts_hold() -> None:
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_core_module_is_held_to_the_qt_contract() -> None:
    """A new top-level module must join the "core never imports Qt" list (or be gui)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (qt_contract,) = [
        contract
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract.get("forbidden_modules") == ["PySide6"]
    ]
    top_level = {
        f"debateprep.{path.stem if path.is_file() else path.name}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert set(qt_contract["source_modules"]) == top_level - {"debateprep.gui", "debateprep.render"}


FORBIDDEN = [
    ("records.py", "import PySide6.QtCore", "The core never imports Qt"),
    ("importers/text.py", "import debateprep.exporters.brief", "never import each other"),
    ("exporters/brief.py", "import debateprep.importers.text", "never import each other"),
    ("gui/mime.py", "import debateprep.storage.store", "storage or search internals"),
    ("gui/mime.py", "from debateprep.search import index", "storage or search internals"),
    ("gui/mime.py", "import debateprep.search.worker", "storage or search internals"),
    ("gui/mime.py", "import whoosh.index", "The window never imports Whoosh"),
    ("render/map_png.py", "import debateprep.gui.mime", "Render never imports the window"),
    ("storage/db.py", "import debateprep.facade.lookup", "only the ones below it"),
    ("text/intervals.py", "import debateprep.search", "only the ones below it"),
    ("search/schema.py", "import debateprep.importers.text", "only the ones below it"),
    ("records.py", "import debateprep.text.intervals", "shared vocabulary imports no layer"),
]


@pytest.mark.parametrize(("module", "line", "contract"), FORBIDDEN)
def test_a_forbidden_import_breaks_the_contracts(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(PACKAGE, tmp_path / "debateprep", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "debateprep" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
