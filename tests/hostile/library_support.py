"""Helpers for the library-file tests: the CLI in a subprocess, a process holding a library
open, read-only snapshots of a database, and running a child without root's file powers."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}

# A process that opens a library, says "ready", and keeps it open until its stdin closes.
HOLDER = textwrap.dedent(
    """
    import sys
    from debateprep.facade.library import Library
    from debateprep.storage.locking import set_process_role

    set_process_role(sys.argv[2])
    with Library.open(sys.argv[1], starter=False) as library:
        print("ready", flush=True)
        sys.stdin.read()
        library.create_card("argument", "A", "Written by the holder after waiting")
    print("closed", flush=True)
    """
)


def run_cli(
    *args: str, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "debateprep", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=180,
        env=env or ENV,
        check=False,
        **kwargs,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], expected: str) -> str:
    """The run failed with exit 1 and one ``debateprep:`` line holding ``expected``."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("debateprep: "), lines
    assert expected in lines[0], (expected, lines)
    return lines[0]


@contextlib.contextmanager
def held_open(
    db_path: Path, role: str = "the DebatePrep window"
) -> Iterator[subprocess.Popen[str]]:
    """A real second process with the library open for the duration of the block."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), role],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=ENV,
    ) as holder:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        assert line.strip() == "ready", line + (holder.stderr.read() if holder.stderr else "")
        try:
            yield holder
        finally:
            if holder.poll() is None:
                out, err = holder.communicate("", timeout=120)
                assert holder.returncode == 0, err
                assert "closed" in out
            else:
                holder.communicate(timeout=30)


def read_only_rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` read without writing anything (not even a -wal) beside the file."""
    uri = f"{db_path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return conn.execute(sql).fetchall()


def card_tags(db_path: Path) -> list[str]:
    return [str(row[0]) for row in read_only_rows(db_path, "SELECT tag FROM cards ORDER BY id")]


def meta(db_path: Path) -> dict[str, str]:
    return dict(read_only_rows(db_path, "SELECT key, value FROM meta"))


def files_in(folder: Path) -> dict[str, bytes | None]:
    """Every entry in ``folder``: file name -> content (None for folders)."""
    return {
        path.name: (None if path.is_dir() else path.read_bytes())
        for path in sorted(folder.iterdir())
    }


# -- running a child without root's power to ignore file permissions -------------------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_file_powers() -> None:
    """preexec_fn: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so
    the program the child runs gets neither, and root obeys file modes like anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def permission_bound_runner(
    scratch: Path,
) -> Callable[..., subprocess.CompletedProcess[str]] | None:
    """``run_cli`` for a child that obeys chmod (root drops its override powers); None if
    this machine cannot do that (root without the right to drop capabilities)."""
    if not hasattr(os, "geteuid"):
        return None
    if os.geteuid() != 0:
        return run_cli
    locked = scratch / "probe"
    locked.mkdir(mode=0o555)
    try:
        probe = subprocess.run(
            [sys.executable, "-c", f"import os; print(os.access({str(locked)!r}, os.W_OK))"],
            capture_output=True,
            text=True,
            preexec_fn=_drop_file_powers,
            check=False,
        )
    finally:
        locked.rmdir()
    if probe.returncode != 0 or probe.stdout.strip() != "False":
        return None

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, env=env, preexec_fn=_drop_file_powers)

    return run
