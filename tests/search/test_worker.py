"""The search process (search/worker.py, facade/search_client.py, facade/search_host.py):
started on first use, answers searches, applies updates, drops stale searches, restarts when
killed or crashed, and leaves no process behind when the library closes."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.facade.search_client import RESTARTED, SearchProcess
from debateprep.search import IndexDoc, SearchHit
from debateprep.search.worker import read_frame, serve, write_frame
from tests.search.helpers import process_gone


@pytest.fixture
def library(_starter_template: Path, tmp_path: Path) -> Iterator[Library]:
    """The starter library, searched through its own process."""
    folder = tmp_path / "starter"
    shutil.copytree(_starter_template, folder)
    library = Library.open(folder / "library.db", search_process=True, index=False)
    yield library
    library.close()


def _process(library: Library) -> SearchProcess:
    assert library.search_process is not None
    return library.search_process


def _waitprocess_gone(process: SearchProcess) -> None:
    deadline = time.monotonic() + 5
    while process.pid is not None and time.monotonic() < deadline:
        time.sleep(0.02)


def test_frames_round_trip_the_records() -> None:
    hit = SearchHit("card:1", "card", 1, "t", "evidence", "A", 2, 3, 1.5, "s", ((0, 1),), 4, 1)
    doc = IndexDoc("source:2", "source", "title", "body", labels=("x",))
    stream = io.BytesIO()
    write_frame(stream, (1, "ok", [hit, doc]))
    stream.seek(0)
    assert read_frame(stream) == (1, "ok", [hit, doc])
    with pytest.raises(EOFError):
        read_frame(stream)


def test_serve_answers_in_order_and_skips_superseded_requests() -> None:
    requests = [(1, "echo", "a", "box"), (2, "echo", "b", "box"), (3, "echo", "c", None)]
    stream = io.BytesIO()
    for request in requests:
        write_frame(stream, request)
    stream.seek(0)
    out = io.BytesIO()
    seen: list[Any] = []

    def handle(op: str, args: Any, progress: Any) -> Any:
        seen.append(args)
        return args.upper()

    time.sleep(0.05)  # let the inbox read everything, as a burst of typing would queue it
    serve(stream, out, handle)
    out.seek(0)
    replies = [read_frame(out) for _ in requests]
    assert replies[0][1] in {"ok", "stale"}  # stale when the newer one was already queued
    assert replies[1:] == [(2, "ok", "B"), (3, "ok", "C")]


def test_starts_lazily_and_searches(library: Library) -> None:
    process = _process(library)
    assert process.pid is None  # nothing asked yet: not started
    hits = library.search("sanctuary", limit=5)
    assert hits and all(isinstance(hit, SearchHit) for hit in hits)
    assert process.pid is not None


def test_a_loosened_search_keeps_its_notice_through_the_process(library: Library) -> None:
    results = library.search("sanctuary zqxjv")  # no document has the second word
    assert results and "showing results with" in results.notice
    assert _process(library).pid is not None  # answered by the process, not in-process


def test_an_alias_added_in_the_window_reaches_the_process(library: Library) -> None:
    assert not library.search("zqxalias", doc_types=["source"])
    library.add_alias("ZQXALIAS", "Immigration and Customs Enforcement")
    assert library.search("zqxalias", doc_types=["source"])  # the process re-read the edits


def test_an_update_is_seen_by_the_next_search(library: Library) -> None:
    assert not library.search("zyxwvut")
    library.add_source("A paragraph about the zyxwvut doctrine.", title="Zyxwvut note")
    hits = library.search("zyxwvut")
    assert [hit.title for hit in hits] == ["Zyxwvut note"]


def test_a_stale_search_is_dropped(library: Library) -> None:
    process = _process(library)
    library.search("oven")  # started
    busy = threading.Thread(target=lambda: process.call("debug_sleep", 2.0))
    busy.start()
    time.sleep(0.2)
    answers: dict[int, Any] = {}

    def ask(seq: int, text: str) -> None:
        answers[seq] = process.search(seq, query=text, limit=5)

    first = threading.Thread(target=ask, args=(1, "oven"))
    first.start()
    time.sleep(0.2)  # seq 1 waits behind the busy request; seq 2 overtakes it
    second = threading.Thread(target=ask, args=(2, "sanctuary"))
    second.start()
    for thread in (busy, first, second):
        thread.join(10)
    assert answers[1] is None
    assert answers[2]


def test_killed_process_restarts_and_says_so(library: Library) -> None:
    process = _process(library)
    heard: list[str] = []
    process.add_listener(heard.append)
    library.search("oven")
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    _waitprocess_gone(process)
    assert library.search("sanctuary")
    assert heard == [RESTARTED]
    assert process.pid not in (None, pid)
    assert process.restarts == 1


def test_a_request_that_crashes_the_process_is_one_line(library: Library) -> None:
    process = _process(library)
    library.search("oven")
    with pytest.raises(UserError, match="stopped while answering"):
        process.call("debug_exit", None, timeout=10)
    assert library.search("sanctuary")
    assert process.restarts == 1


def test_close_leaves_no_process(library: Library) -> None:
    library.search("oven")
    pid = _process(library).pid
    assert pid is not None
    library.close()
    assert process_gone(pid)


def test_close_while_a_query_runs_does_not_hang(library: Library) -> None:
    process = _process(library)
    library.search("oven")
    pid = process.pid
    assert pid is not None
    failures: list[BaseException] = []

    def slow() -> None:
        try:
            process.call("debug_sleep", 60.0)
        except UserError as exc:
            failures.append(exc)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    process.close(timeout=1.0)
    thread.join(5)
    assert time.monotonic() - started < 5
    assert not thread.is_alive() and failures
    assert process_gone(pid)


def test_a_search_sent_as_the_process_is_killed_is_answered(library: Library) -> None:
    process = _process(library)
    library.search("oven")
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)  # no waiting: the search may reach the dying process
    assert library.search("sanctuary")


def test_a_damaged_index_is_rebuilt_by_the_process(library: Library) -> None:
    before = [hit.key for hit in library.search("detainer", limit=50)]
    process = _process(library)
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    _waitprocess_gone(process)
    segments = list(library.index_path.glob("*.seg"))
    assert segments
    for segment in segments:
        segment.write_bytes(b"not a segment")
    assert [hit.key for hit in library.search("detainer", limit=50)] == before


def test_the_process_exits_when_its_input_closes(library: Library) -> None:
    # The window killed outright: the child sees end of input and quits on its own.
    root = str(Path(__file__).resolve().parents[2])
    child = subprocess.Popen(
        [sys.executable, "-m", "debateprep.facade.search_host", str(library.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": root},
    )
    assert child.stdin is not None and child.stdout is not None
    write_frame(child.stdin, (1, "pid", None, None))
    assert read_frame(child.stdout) == (1, "ok", child.pid)
    child.stdin.close()
    assert child.wait(20) == 0
    child.stdout.close()


def test_library_close_while_a_query_runs_does_not_hang(library: Library) -> None:
    process = _process(library)
    library.search("oven")
    pid = process.pid
    assert pid is not None
    thread = threading.Thread(target=lambda: _swallow(lambda: process.call("debug_sleep", 60.0)))
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    library.close()  # what the window's closeEvent does
    assert time.monotonic() - started < 15
    thread.join(5)
    assert process_gone(pid)


def _swallow(call: Any) -> None:
    with contextlib.suppress(UserError):  # the query dies with the process: one line
        call()


def test_reindex_in_the_process_reports_progress(library: Library) -> None:
    done: list[int] = []
    count = library.reindex(done.append)
    assert count > 0 and done and done[-1] == count
    assert library.index_is_current()
    assert library.search("oven")


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_the_process_runs_below_the_window(library: Library) -> None:
    """A long query must not take a core from the window's GUI thread (issue 14, item 6)."""
    from debateprep.facade.search_host import NICENESS

    library.search("ICE")
    pid = _process(library).pid
    assert pid is not None
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(ours + NICENESS, 19)
