"""The window's side of its search process: start it lazily, ask it, restart it if it dies.

``SearchProcess`` is what ``Library.open(..., search_process=True)`` uses instead of an
in-process Whoosh index (the CLI keeps searching in-process). It starts
``python -m debateprep.facade.search_host`` on the first search or index update and speaks the
frames of ``search.worker`` on its pipes (that module says why a subprocess on pipes). Calls
may come from any thread: a reader thread hands each reply to the call waiting for it, so a
search never waits for the pipe behind another caller's send.

- **Death**: a process found dead before a request is started again, and listeners hear one
  line ("...was restarted"); a process that dies *during* a request fails that request with
  a one-line UserError (the next request restarts it). A restarted process first checks its
  index against the database (``ensure``), so an update lost with the old process is rebuilt.
- **Timeouts**: a search waits at most ``timeout`` seconds and then says so; closing sends
  ``quit``, waits ``CLOSE_WAIT`` seconds and then kills, so a running query never hangs the
  window's close.
- **Stale answers**: searches carry the caller's sequence number; one overtaken by a newer
  search answers None, here or in the process (which skips it if it has not started).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import debateprep
from debateprep.errors import UserError
from debateprep.search import IndexChange
from debateprep.search.worker import read_frame, write_frame

logger = logging.getLogger(__name__)

SEARCH_TIMEOUT = 30.0  # seconds a search may take before the caller is told so
CLOSE_WAIT = 5.0  # seconds the process gets to finish and quit before it is killed
RESTARTED = "Search restarted: its process had stopped."
SEARCH_CHANNEL = "search"
RETRIED = frozenset({"search", "index_is_current"})  # reads: safe to ask a fresh process again

Listener = Callable[[str], None]


class _Died(Exception):
    """The process ended while a request waited."""


class _Pending:
    def __init__(self, progress: Callable[[Any], None] | None) -> None:
        self.done = threading.Event()
        self.kind = ""
        self.payload: Any = None
        self.progress = progress


class _Process:
    """One running search process, its pipes and the thread reading its replies."""

    def __init__(self, location: Path | str, password: str | None) -> None:
        env = dict(os.environ)
        if password is not None:
            env["PGPASSWORD"] = password  # a class library's: never on the command line
        # The child imports this very copy of the package (a worktree, an unpacked wheel).
        root = str(Path(debateprep.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "debateprep.facade.search_host", str(location)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.pending: dict[int, _Pending] = {}
        self.lock = threading.Lock()  # pending, and whole frames on stdin
        self.dead = False
        self.reader = threading.Thread(target=self._read, name="search-replies", daemon=True)
        self.reader.start()

    @property
    def pid(self) -> int:
        return self.popen.pid

    def _read(self) -> None:
        assert self.popen.stdout is not None
        while True:
            try:
                rid, kind, payload = read_frame(self.popen.stdout)
            except Exception:  # EOF, a broken pipe or a torn frame: the process is gone
                break
            with self.lock:
                waiting = self.pending.get(rid)
                if waiting is not None and kind != "progress":
                    del self.pending[rid]
            if waiting is None:
                continue
            if kind == "progress":
                if waiting.progress is not None:
                    waiting.progress(payload)
                continue
            waiting.kind, waiting.payload = kind, payload
            waiting.done.set()
        with self.lock:
            self.dead = True
            orphans = list(self.pending.values())
            self.pending.clear()
        for waiting in orphans:
            waiting.kind = "died"
            waiting.done.set()

    def send(self, rid: int, op: str, args: Any, channel: str | None, pending: _Pending) -> None:
        assert self.popen.stdin is not None
        with self.lock:
            if self.dead:
                raise _Died
            self.pending[rid] = pending
            try:
                write_frame(self.popen.stdin, (rid, op, args, channel))
            except (BrokenPipeError, OSError, ValueError) as exc:
                self.pending.pop(rid, None)
                raise _Died from exc

    def alive(self) -> bool:
        return not self.dead and self.popen.poll() is None

    def stop(self, wait: float) -> None:
        """Ask it to quit; kill it if it has not within ``wait`` seconds."""
        with self.lock:
            stdin = self.popen.stdin
            if stdin is not None:
                with contextlib.suppress(OSError, ValueError):
                    if not self.dead:
                        write_frame(stdin, (0, "quit", None, None))
                with contextlib.suppress(OSError, ValueError):
                    stdin.close()  # end of input: it quits even if the frame was lost
        try:
            self.popen.wait(wait)
        except subprocess.TimeoutExpired:
            logger.warning("search process %d did not quit; killing it", self.pid)
            self.popen.kill()
            self.popen.wait(wait)
        if self.popen.stdout is not None:
            self.popen.stdout.close()


class SearchProcess:
    """The client of one library's search process (see the module docstring)."""

    def __init__(
        self, location: Path | str, *, password: str | None = None, timeout: float = SEARCH_TIMEOUT
    ) -> None:
        """``location``: a library file, or a class library's URL without its password (which
        goes to the process in its environment)."""
        self.location = location
        self._password = password
        self.timeout = timeout
        self.restarts = 0
        self._proc: _Process | None = None
        self._lock = threading.Lock()  # starting, restarting, closing
        self._ids = itertools.count(1)
        self._newest_seq = 0
        self._closed = False
        self._listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> None:
        """``listener(message)`` hears restarts, on whichever thread noticed them."""
        self._listeners.append(listener)

    @property
    def pid(self) -> int | None:
        """The running process's id (None before the first request and after close)."""
        proc = self._proc
        return proc.pid if proc is not None and proc.alive() else None

    # -- requests --------------------------------------------------------------------------

    def search(self, seq: int | None = None, **kwargs: Any) -> Any:
        """The facade's search, answered by the process; None when a newer search overtook
        this one (``seq``: the caller's sequence number, increasing)."""
        if seq is not None:
            self._newest_seq = max(self._newest_seq, seq)
        channel = SEARCH_CHANNEL if seq is not None else None
        result = self.call("search", kwargs, channel=channel, timeout=self.timeout)
        if result is _STALE or (seq is not None and seq < self._newest_seq):
            return None
        return result

    def apply(self, changes: Sequence[IndexChange]) -> None:
        """Index updates (called by the store's upkeep thread after each commit, in order)."""
        self.call("apply", list(changes), timeout=None)

    def sync_aliases(self) -> None:
        """The user changed an alias: the process re-reads the edits from the database."""
        self.call("sync_aliases", None, timeout=None)

    def learned_aliases(self) -> list[Any]:
        """The aliases the process's index learned from the texts."""
        return list(self.call("learned_aliases", None, timeout=None) or [])

    def index_is_current(self) -> bool:
        return bool(self.call("index_is_current", None, timeout=None))

    def watermark(self) -> int | None:
        """The change counter the process's index reflects (None: it must be rebuilt)."""
        result = self.call("watermark", None, timeout=None)
        return None if result is None else int(result)

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        result = self.call("reindex", None, timeout=None, progress=progress)
        return int(result)

    def call(
        self,
        op: str,
        args: Any,
        *,
        channel: str | None = None,
        timeout: float | None = None,
        progress: Callable[[Any], None] | None = None,
    ) -> Any:
        """Send one request and wait for its answer (see the module docstring for failures).

        A search whose process dies before answering is asked once more of a fresh process
        (it was probably killed while idle); if that one dies too, the user hears one line.
        """
        pending = self._send(op, args, channel, progress)
        if op in RETRIED and pending.done.wait(timeout) and pending.kind == "died":
            pending = self._send(op, args, channel, progress)
        return self._answer(pending, timeout)

    def _send(
        self, op: str, args: Any, channel: str | None, progress: Callable[[Any], None] | None
    ) -> _Pending:
        pending = _Pending(progress)
        proc = self._running()
        try:
            proc.send(next(self._ids), op, args, channel, pending)
        except _Died:
            proc = self._running()  # died since we looked: once more on a fresh process
            try:
                proc.send(next(self._ids), op, args, channel, pending)
            except _Died:
                raise UserError("The search process could not be started.") from None
        return pending

    @staticmethod
    def _answer(pending: _Pending, timeout: float | None) -> Any:
        if not pending.done.wait(timeout):
            raise UserError(f"Search did not answer within {timeout:.0f} seconds; try again.")
        if pending.kind == "ok":
            return pending.payload
        if pending.kind == "stale":
            return _STALE
        if pending.kind == "died":
            raise UserError(
                "The search process stopped while answering; it restarts with the next search."
            )
        user, message = pending.payload
        if user:
            raise UserError(message)
        raise RuntimeError(f"search process: {message}")

    # -- lifetime --------------------------------------------------------------------------

    def _running(self) -> _Process:
        """The live process: started on first use, started again (and announced) if dead."""
        with self._lock:
            if self._closed:
                raise UserError("The library is closed.")
            proc = self._proc
            if proc is not None and proc.alive():
                return proc
            restarted = proc is not None
            if proc is not None:
                proc.stop(0.5)  # reap it; its pipes close
                self.restarts += 1
                logger.warning("search process %d had stopped; starting another", proc.pid)
            proc = self._proc = _Process(self.location, self._password)
            if restarted:
                # An update may have died with the old process: check before anything else.
                proc.send(next(self._ids), "ensure", None, None, _Pending(None))
        if restarted:
            for listener in list(self._listeners):
                listener(RESTARTED)
        return proc

    def close(self, timeout: float | None = CLOSE_WAIT) -> None:
        """Stop the process (a running query is not waited for beyond ``timeout``)."""
        with self._lock:
            self._closed = True
            proc, self._proc = self._proc, None
        if proc is not None:
            proc.stop(CLOSE_WAIT if timeout is None else timeout)


class _Stale:
    def __repr__(self) -> str:
        return "<stale>"


_STALE = _Stale()
