"""`debateprep aliases`: list the alias table, add and remove with SHORT=LONG."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from debateprep.cli.entry import main


def test_aliases_list_add_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = str(tmp_path / "lib")
    assert main(["--library", lib, "--empty", "aliases"]) == 0
    listed = capsys.readouterr().out
    assert "DHS = Department of Homeland Security  (built-in)" in listed
    assert main(["--library", lib, "aliases", "--add", "SB4=Senate Bill 4", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert {"short": "SB4", "long": "Senate Bill 4", "origin": "user"} in entries
    assert (
        main(["--library", lib, "aliases", "--remove", "DHS=Department of Homeland Security"]) == 0
    )
    assert "DHS =" not in capsys.readouterr().out
    assert main(["--library", lib, "aliases", "--add", "no equals sign"]) == 1
    assert "SHORT=LONG" in capsys.readouterr().err
