"""README's "Class library" commands, run exactly as written against a throwaway server.

The block between ``<!-- class-commands -->`` markers is read from README.md; ``$SERVER``
becomes the test server's 127.0.0.1 address (TLS on, password logins), and the passwords the
commands print are put in a ``.pgpass`` file as the README tells users to.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from pg_cluster import Cluster

from debateprep.facade.library import Library
from debateprep.records import Side

REPO = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- class-commands -->", 1)[1].split("<!-- /class-commands -->", 1)[0]
    lines = [line.strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("```")]


def test_the_readmes_class_commands_work_as_written(pg_cluster: Cluster, tmp_path: Path) -> None:
    commands = _readme_commands()
    assert commands[0].startswith("export SERVER=")
    home = tmp_path / "home"
    (home / "my-library").mkdir(parents=True)
    with Library.open(home / "my-library" / "library.db") as mine:  # a student's own library
        source = mine.sources()[0]
        mine.cut_card(source.id, 0, 60, tag="Maria's own cut from home", side=Side.A)
    pgpass = home / ".pgpass"
    pgpass.write_text("*:*:*:dpadmin:admin-pw\n")
    pgpass.chmod(0o600)
    pg_cluster.psql(
        "DO $$ BEGIN CREATE ROLE dpadmin LOGIN CREATEDB CREATEROLE PASSWORD 'admin-pw'; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PGPASSFILE": str(pgpass),
        "SERVER": f"127.0.0.1:{pg_cluster.port}",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("PGPASSWORD", None)
    outputs = []
    try:
        for command in commands[1:]:
            run = subprocess.run(
                ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                timeout=120, stdin=subprocess.DEVNULL,
            )  # fmt: skip
            assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"
            outputs.append(run.stdout)
            for user, password in re.findall(
                r"(?:Teacher: |Added )(\w+)[,;] one-time password: (\S+)", run.stdout
            ):
                with pgpass.open("a") as handle:
                    handle.write(f"*:*:*:{user}:{password}\n")
        created, added, listed, found, pushed, pulled, locked = outputs
        assert "Teacher: ms_lee, one-time password:" in created
        assert "Added maria; one-time password:" in added
        assert "ms_lee" in listed and "maria" in listed
        assert "detainer" in found.lower()
        assert pushed.startswith("Pushed 1 card,") and "5 already in the class" in pushed
        assert "opens offline" in pulled and (tmp_path / "debate-copy.db").is_file()
        assert "is locked" in locked
        with Library.open(tmp_path / "debate-copy.db") as copy:
            assert any(card.tag == "Maria's own cut from home" for card in copy.cards())
    finally:
        pg_cluster.drop_database("debate_2027")
        for role in ("maria", "ms_lee", "debate_2027_students", "debate_2027_teachers"):
            pg_cluster.psql(f'DROP ROLE IF EXISTS "{role}"')
