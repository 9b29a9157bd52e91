"""Functions stay short: none in debateprep/ is over 60 lines unless its docstring says why.

A function's length runs from its ``def`` line to its last line, docstring and comments
included. A longer function must carry the marker ``Long because`` in its docstring, followed by
the reason (for example "Long because it lays out one form, widget by widget, top to bottom").

Modules stay under MAX_MODULE_LINES lines: past that, a module holds more than one job.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "debateprep"
MAX_LINES = 60
MARKER = "Long because"
MAX_MODULE_LINES = 400


Function = ast.FunctionDef | ast.AsyncFunctionDef


def _functions(node: ast.AST, prefix: str) -> Iterator[tuple[str, Function]]:
    """Every function under `node`, nested ones too, named by its enclosing classes/functions."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{prefix}{child.name}", child
            yield from _functions(child, f"{prefix}{child.name}.")
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, f"{prefix}{child.name}.")


def long_functions(package: Path = PACKAGE) -> dict[str, int]:
    """Functions over MAX_LINES without the marker in their docstring: name -> length."""
    found: dict[str, int] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(package.parent).as_posix()
        for name, function in _functions(tree, ""):
            length = (function.end_lineno or function.lineno) - function.lineno + 1
            if length > MAX_LINES and MARKER not in (ast.get_docstring(function) or ""):
                found[f"{relative}::{name}"] = length
    return found


def test_no_function_is_long_without_a_reason() -> None:
    assert long_functions() == {}, f"split these, or say why in the docstring ({MARKER} ...)"


def test_no_module_is_over_the_limit() -> None:
    sizes = {
        path.relative_to(PACKAGE.parent).as_posix(): len(path.read_text("utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_the_marker_excuses_a_long_function(tmp_path: Path) -> None:
    package = tmp_path / "debateprep"
    package.mkdir()
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_LINES))
    (package / "plain.py").write_text(f"class A:\n    def f(self):\n{body}\n", encoding="utf-8")
    reason = f'        """{MARKER} it is a table."""\n'
    (package / "excused.py").write_text(f"class B:\n    def f(self):\n{reason}{body}\n", "utf-8")
    assert long_functions(package) == {"debateprep/plain.py::A.f": MAX_LINES + 1}
