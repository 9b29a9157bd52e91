"""A built wheel carries the corpus, resources and Help documents and runs outside the
source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("debateprep-*.whl")
    return path


def test_wheel_contains_corpus_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for corpus in (REPO / "corpus").iterdir():
        assert f"debateprep/_data/corpus/{corpus.name}" in names
    for resource in (REPO / "resources").iterdir():
        assert f"debateprep/_data/resources/{resource.name}" in names
    assert "debateprep/_data/docs/evidence-ethics.md" in names  # Help > Evidence Ethics
    assert any(name.endswith("entry_points.txt") for name in names)


def test_installed_wheel_runs_on_the_bundled_corpus(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Run from an unrelated folder with only the unpacked wheel on the path (plus the
    # dependencies of this environment), as a normal install would.
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import debateprep.paths as p, sys;"
        "assert str(p.corpus_dir()).startswith(sys.argv[1]), p.corpus_dir();"
        "assert (p.corpus_dir() / 'metadata.json').is_file();"
        "assert p.resource('starter_map.json').is_file();"
        "assert str(p.doc('evidence-ethics.md')).startswith(sys.argv[1])"
    )
    check = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    result = subprocess.run(
        [sys.executable, "-m", "debateprep", "--library", str(tmp_path / "lib"), "search", "oven"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "gambia" in result.stdout.lower()
