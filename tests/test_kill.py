"""Kill test: a real `debateprep import` is SIGKILLed at varied moments; nothing is lost.

The trials themselves live in ``benchmarks/kill_trials.py`` (which runs 200 of them); here a
smaller, still deterministic set runs in CI. Run with ``-s`` to see the numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.kill_trials import run_trials, summarize

CI_TRIALS = 20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX-only"),
]


def test_killed_imports_lose_nothing(tmp_path: Path) -> None:
    trials = run_trials(CI_TRIALS, jobs=2, work=tmp_path)
    summary = summarize(trials)
    print(f"\nkill trials: {summary}")
    failed = [trial for trial in trials if not trial.ok]
    assert not failed, failed
    assert summary["trials"] == CI_TRIALS
    assert summary["sources_lost"] == 0
    assert summary["partial_sources"] == 0
    assert summary["integrity_failures"] == 0
    # The trials must actually have interrupted imports, not only start-ups or finished runs.
    assert summary["killed_during_import"] >= CI_TRIALS // 3
    assert summary["sources_reported_before_kill"] > 0
