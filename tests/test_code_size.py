"""Functions stay short: none in debateprep/ is over 60 lines unless its docstring says why.

A function's length runs from its ``def`` line to its last line, docstring and comments
included. A longer function must carry the marker ``Long because`` in its docstring, followed by
the reason (for example "Long because it lays out one form, widget by widget, top to bottom").

The functions that were longer before this rule are listed in ALLOWED with their length then:
the list may only shrink. Each may not grow, and an entry that is no longer needed must go.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "debateprep"
MAX_LINES = 60
MARKER = "Long because"

# Today's offenders, "path::Class.function": lines. Split them; never add to this list.
ALLOWED: dict[str, int] = {
    "debateprep/gui/library_panel.py::LibraryPanel.__init__": 112,
    "debateprep/gui/brief_view.py::BriefView.__init__": 74,
    "debateprep/gui/card_editor.py::CardEditor._build": 73,
    "debateprep/gui/search_panel.py::SearchPanel.__init__": 71,
    "debateprep/gui/link_picker.py::LinkPicker.__init__": 64,
}

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
    new = {name: size for name, size in long_functions().items() if name not in ALLOWED}
    assert new == {}, f"split these, or say why in the docstring ({MARKER} ...)"


def test_the_allowed_long_functions_only_shrink() -> None:
    found = long_functions()
    grown = {name: found[name] for name in ALLOWED if found.get(name, 0) > ALLOWED[name]}
    assert grown == {}, "these grew; split them instead"
    stale = sorted(name for name in ALLOWED if name not in found)
    assert stale == [], "these are short now (or gone): take them off ALLOWED"


def test_the_marker_excuses_a_long_function(tmp_path: Path) -> None:
    package = tmp_path / "debateprep"
    package.mkdir()
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_LINES))
    (package / "plain.py").write_text(f"class A:\n    def f(self):\n{body}\n", encoding="utf-8")
    reason = f'        """{MARKER} it is a table."""\n'
    (package / "excused.py").write_text(f"class B:\n    def f(self):\n{reason}{body}\n", "utf-8")
    assert long_functions(package) == {"debateprep/plain.py::A.f": MAX_LINES + 1}
