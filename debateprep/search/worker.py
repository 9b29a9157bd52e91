"""The search process's wire and server loop: length-prefixed pickles over stdin and stdout.

Why a child process on pipes: the window must never share its interpreter (GIL, memory) with
Whoosh. Of the three ways considered, a plain ``subprocess`` speaking length-prefixed frames
on its stdin/stdout is the simplest that is robust:

- ``multiprocessing`` with ``spawn`` re-imports the parent's ``__main__`` in the child (the
  whole window, Qt included) and hides the child's death behind its own pipes and threads;
- ``QLocalSocket`` would put Qt in the core and a socket name on disk;
- a pipe closes when either side dies: the child sees end of input when the window goes
  (no orphan), the window sees end of output when the child dies (restart).

A frame is a 4-byte big-endian length and a pickle. Pickle, not JSON, because the records
(``IndexDoc``, ``SearchHit``) are frozen dataclasses that pickle as they are; both ends are
this program, over private pipes, so nothing untrusted is unpickled.

Requests are ``(id, op, args, channel)``; replies ``(id, kind, payload)`` with kind ``ok``,
``err`` (payload: (is_user_error, one line)), ``progress`` (zero or more before the answer) or
``stale``. A request with a ``channel`` (the search box's requests) is answered ``stale``
without running when a newer request of the same channel is already waiting: type-ahead
queries that typing has overtaken cost nothing. Requests run one at a time, in order, so a
search sent after an index update sees it.

This module imports neither Whoosh nor the database: ``serve`` calls a handler that the
process's entry point (``facade/search_host.py``) builds over an in-process library.
"""

from __future__ import annotations

import logging
import pickle
import struct
import threading
from collections import deque
from collections.abc import Callable
from typing import IO, Any

logger = logging.getLogger(__name__)

_HEADER = struct.Struct(">I")
MAX_FRAME = 1 << 30  # a sanity bound: a corrupt length must not allocate gigabytes


class UserFacing(Exception):
    """A failure the handler wants shown to the user as one line (a UserError's message)."""


Request = tuple[int, str, Any, "str | None"]
Progress = Callable[[Any], None]
Handler = Callable[[str, Any, Progress], Any]


def write_frame(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """The next message, or raise EOFError when the other end has gone."""
    header = _read_exact(stream, _HEADER.size)
    (size,) = _HEADER.unpack(header)
    if size > MAX_FRAME:
        raise EOFError(f"frame of {size} bytes: the stream is out of step")
    return pickle.loads(_read_exact(stream, size))


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("the other end closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _Inbox:
    """Requests read by a thread, so the loop can see what waits behind the current one."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._queue: deque[Request | None] = deque()
        self._cond = threading.Condition()
        self._thread = threading.Thread(
            target=self._read, args=(stream,), name="search-inbox", daemon=True
        )
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            try:
                request = read_frame(stream)
            except (EOFError, OSError, pickle.UnpicklingError):
                request = None  # the window has gone (or closed our input): stop
            with self._cond:
                self._queue.append(request)
                self._cond.notify_all()
            if request is None:
                return

    def next(self) -> Request | None:
        with self._cond:
            self._cond.wait_for(lambda: bool(self._queue))
            return self._queue.popleft()

    def superseded(self, channel: str | None) -> bool:
        """True when a newer request of ``channel`` already waits."""
        if channel is None:
            return False
        with self._cond:
            return any(req is not None and req[3] == channel for req in self._queue)


def serve(inp: IO[bytes], out: IO[bytes], handle: Handler) -> None:
    """Answer requests until ``quit`` or end of input. A handler exception is answered
    ``err`` and the loop goes on; only a crash of the process itself ends it otherwise."""
    inbox = _Inbox(inp)
    while True:
        request = inbox.next()
        if request is None:
            return
        rid, op, args, channel = request
        if op == "quit":
            write_frame(out, (rid, "ok", None))
            return
        if inbox.superseded(channel):
            write_frame(out, (rid, "stale", None))
            continue

        def progress(value: Any, rid: int = rid) -> None:
            write_frame(out, (rid, "progress", value))

        try:
            result = handle(op, args, progress)
        except UserFacing as exc:
            write_frame(out, (rid, "err", (True, str(exc))))
        except Exception as exc:
            logger.exception("search request %r failed", op)
            write_frame(out, (rid, "err", (False, f"{type(exc).__name__}: {exc}")))
        else:
            write_frame(out, (rid, "ok", result))
