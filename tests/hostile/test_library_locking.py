"""Restore against a library in use: refused (naming the process) while a window or command has
it open, serialized against another restore, and openers wait for a running restore. Also
`check` while another process imports: no false mismatch.

Every "other process" here is a real one (subprocess); flock locks belong to open files, so a
thread would not show what a second program does.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from library_support import (
    ENV,
    REPO,
    assert_one_line_failure,
    card_tags,
    held_open,
    run_cli,
)

from debateprep.errors import UserError
from debateprep.facade.checkup import check_library
from debateprep.facade.library import Library
from debateprep.storage import health, locking
from debateprep.storage.backup import backup_library, library_version, restore_library

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock-based locking")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "lib" / "library.db"
    with Library.open(path, starter=False) as lib:
        lib.create_card("argument", "A", "Before the backup")
    return path


@pytest.fixture
def backup(library: Path, tmp_path: Path) -> Path:
    made = backup_library(library, tmp_path / "saved.db")
    with Library.open(library, starter=False) as lib:
        lib.create_card("argument", "B", "After the backup")
    return made


def _before_restore_copies(library: Path) -> list[Path]:
    return sorted(library.parent.glob("*before-restore*"))


def test_restore_refuses_while_another_process_has_the_library_open(
    library: Path, backup: Path
) -> None:
    before = card_tags(library)
    with held_open(library, "the DebatePrep window") as holder:
        with pytest.raises(UserError) as caught:
            restore_library(backup, library)
        message = caught.value.message
        assert f"pid {holder.pid}: the DebatePrep window" in message, message
        assert "Nothing was changed" in message and "\n" not in message
        # The command line says the same, in one line.
        result = run_cli("--library", str(library), "restore", str(backup))
        assert_one_line_failure(result, f"pid {holder.pid}: the DebatePrep window")
        assert card_tags(library) == before
        assert _before_restore_copies(library) == []
    # The holder wrote into the library it had open, which is still the same library.
    assert card_tags(library) == [*before, "Written by the holder after waiting"]
    previous = restore_library(backup, library)
    assert previous is not None
    assert card_tags(library) == ["Before the backup"]
    with Library.open(library, starter=False) as lib:
        assert [hit.title for hit in lib.search("after")] == []
        assert [hit.title for hit in lib.search("before")] == ["Before the backup"]


def test_restore_refuses_while_this_process_has_it_open(library: Path, backup: Path) -> None:
    with (
        Library.open(library, starter=False),
        pytest.raises(UserError, match=rf"pid {os.getpid()}: .*has it open"),
    ):
        restore_library(backup, library)
    assert restore_library(backup, library) is not None


def test_a_command_is_named_by_its_subcommand(library: Path, backup: Path) -> None:
    # `debateprep import` of a FIFO-free, slow thing is hard to time; a role set like the CLI
    # sets it stands in: the holder names itself as the CLI would.
    with held_open(library, "the command `debateprep import`") as holder:
        result = run_cli("--library", str(library), "restore", str(backup))
        assert_one_line_failure(
            result, f"pid {holder.pid}: the command `debateprep import`, which has it open"
        )


def test_an_opener_waits_for_a_running_restore_then_says_who(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hold = locking.LibraryLock.exclusive(library)
    try:
        monkeypatch.setattr(locking, "RESTORE_WAIT", 0.3)
        with pytest.raises(UserError, match=rf"being restored by .*pid {os.getpid()}"):
            Library.open(library, starter=False)
    finally:
        hold.release()
    with Library.open(library, starter=False) as lib:
        assert [card.tag for card in lib.cards()] == ["Before the backup"]


def test_a_killed_holder_does_not_block_a_restore(library: Path, backup: Path) -> None:
    with held_open(library) as holder:
        holder.kill()
        holder.wait(timeout=30)
    records = locking.openers_dir_for(library)
    assert len(list(records.iterdir())) == 1  # the dead holder's record is still there
    with Library.open(library, starter=False):
        # Opening prunes dead records: only this process's own is left.
        (mine,) = records.iterdir()
        assert mine.name.startswith(f"{os.getpid()}-")
    assert restore_library(backup, library) is not None
    assert card_tags(library) == ["Before the backup"]
    # Its record was cleared: nothing is left to name.
    assert list(locking.openers_dir_for(library).iterdir()) == []


RESTORING = textwrap.dedent(
    """
    import sys
    from debateprep.storage import health
    from debateprep.storage import locking

    locking.set_process_role("the command `debateprep restore`")
    hold = locking.LibraryLock.exclusive(__import__("pathlib").Path(sys.argv[1]))
    print("restoring", flush=True)
    sys.stdin.read()
    hold.release()
    """
)


def test_a_second_restore_refuses_while_one_runs(library: Path, backup: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", RESTORING, str(library)],
        cwd=REPO,
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as first:
        assert first.stdout is not None and first.stdout.readline().strip() == "restoring"
        before = card_tags(library)
        result = run_cli("--library", str(library), "restore", str(backup))
        assert_one_line_failure(
            result, f"pid {first.pid}: the command `debateprep restore`, which is restoring it"
        )
        assert card_tags(library) == before
        assert _before_restore_copies(library) == []
        first.communicate("", timeout=60)
    result = run_cli("--library", str(library), "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert card_tags(library) == ["Before the backup"]


RESTORER = textwrap.dedent(
    """
    import sys, time
    from debateprep.cli.entry import main

    start = float(sys.argv[3])
    time.sleep(max(0.0, start - time.time()))
    sys.exit(main(["--library", sys.argv[1], "restore", sys.argv[2]]))
    """
)


def test_concurrent_restores_are_serialized(library: Path, tmp_path: Path) -> None:
    # Backups big enough that a restore takes a while, each with its own marker card.
    backups = []
    with Library.open(library, starter=False) as lib:
        for n in range(3):
            lib.create_card("argument", "A", f"marker {n}", notes="padding words " * 200_000)
            backups.append(backup_library(library, tmp_path / f"backup-{n}.db"))
    for trial in range(2):
        start = time.time() + 1.5
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", RESTORER, str(library), str(b), str(start)],
                cwd=REPO,
                env=ENV,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for b in backups
        ]
        outcomes = [(*run.communicate(timeout=180), run.returncode) for run in runs]
        for out, err, code in outcomes:
            assert "Traceback" not in err and "readonly" not in err, err
            if code != 0:
                assert err.strip().startswith("debateprep: The library is in use by"), err
                assert "is restoring it" in err or "has it open" in err, err
                assert err.count("\n") == 1
            else:
                assert "Restored the library" in out
        assert any(code == 0 for _, _, code in outcomes), (trial, outcomes)
        assert library_version(library) > 0
        with sqlite3.connect(library) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
        tags = card_tags(library)
        # Exactly one backup's content, whole: its marker is the last card.
        assert tags[0] == "Before the backup"
        assert tags == ["Before the backup"] + [f"marker {n}" for n in range(len(tags) - 1)]


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from debateprep.facade.library import Library

    stop = Path(sys.argv[2])
    with Library.open(sys.argv[1], starter=False) as library:
        for n in range(2000):
            library.create_card("argument", "A", f"busy card {n}")
            if n == 5:
                print("writing", flush=True)
            if stop.exists():
                break
    print("done", n, flush=True)
    """
)


def test_check_during_another_process_writing_reports_no_false_mismatch(
    _starter_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "busy"
    shutil.copytree(_starter_template, folder)
    db_path = folder / "library.db"
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(stop)],
        cwd=REPO,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing"
        monkeypatch.setattr(health, "SETTLE_PATIENCE", 3.0)
        reports = [check_library(db_path) for _ in range(2)]
        cli = run_cli("--library", str(db_path), "check")
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert int(out.split()[-1]) > 5
    for report in reports:
        assert report.ok and report.problems == (), report
    assert cli.returncode == 0, cli.stdout + cli.stderr
    # Idle again: the check now compares for real and finds the index whole.
    final = check_library(db_path)
    assert final.ok and final.notes == (), final
