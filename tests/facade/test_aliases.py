"""The alias list through the facade: learned, built-in, the user's edits, stored and searched."""

from __future__ import annotations

from pathlib import Path

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.records import AliasEntry


def _origins(library: Library) -> dict[tuple[str, str], str]:
    return {(e.short, e.long): e.origin for e in library.aliases()}


def test_learned_built_in_and_user_aliases(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib.db", starter=False) as library:
        library.add_source("Jails talked to the Wardens Bureau (WB) daily.", title="Wardens")
        library.add_source("The WB said no again and again.", title="Other")
        library.wait_for_index()
        origins = _origins(library)
        assert origins[("WB", "Wardens Bureau")] == "learned"
        assert origins[("DHS", "Department of Homeland Security")] == "built-in"
        assert len(library.search("Wardens Bureau")) == 2

        assert library.add_alias(" SB4 ", "Senate Bill 4") == AliasEntry(
            "SB4", "Senate Bill 4", "user"
        )
        library.remove_alias("WB", "Wardens Bureau")
        assert ("WB", "Wardens Bureau") not in _origins(library)
        assert len(library.search("Wardens Bureau")) == 1
    # Stored in the database: still there when the library is opened again.
    with Library.open(tmp_path / "lib.db", starter=False) as library:
        origins = _origins(library)
        assert origins[("SB4", "Senate Bill 4")] == "user"
        assert ("WB", "Wardens Bureau") not in origins
        library.add_alias("WB", "Wardens Bureau")  # brings the learned one back
        assert _origins(library)[("WB", "Wardens Bureau")] == "learned"
        library.remove_alias("SB4", "Senate Bill 4")
        assert ("SB4", "Senate Bill 4") not in _origins(library)


def test_bad_aliases_are_refused(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib.db", starter=False) as library:
        with pytest.raises(UserError):
            library.add_alias("", "Long")
        with pytest.raises(UserError):
            library.add_alias("ICE", "ice")
