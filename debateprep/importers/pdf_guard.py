"""Bound what pdfminer may decompress while reading one PDF (decompression bombs).

A Flate stream of a few kilobytes can inflate to gigabytes, and pdfminer inflates content
streams and fonts whole (``zlib.decompress``), keeping them for the document's lifetime. We
give pdfminer's stream decoder a ``zlib`` of our own whose inflating draws on a budget of
bytes per PDF read; past it, :class:`TooMuchData` stops the read (``pdf.py`` turns it into a
``UserError``). LZW and run-length streams (rare, and of bounded ratio) are charged to the same
budget after decoding. Images are never decoded to read text, so a big scan costs nothing.

The budget is per thread: the window imports in a background thread while the CLI and tests
run on the main one.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

MAX_INFLATED = 128 * 1024 * 1024  # decompressed bytes one PDF may make (300 pages: ~20 MB)


class TooMuchData(Exception):
    """The PDF's streams inflate past the budget: a decompression bomb, or a damaged file."""


class _Budget(threading.local):
    remaining: int = MAX_INFLATED


_BUDGET = _Budget()
_installed = threading.Lock()
_done: list[bool] = []


@contextmanager
def inflate_budget(limit: int = MAX_INFLATED) -> Iterator[None]:
    """Within the block, this thread's PDF reading may inflate at most ``limit`` bytes."""
    install()
    _BUDGET.remaining = limit
    try:
        yield
    finally:
        _BUDGET.remaining = MAX_INFLATED


def _charge(size: int) -> None:
    _BUDGET.remaining -= size
    if _BUDGET.remaining < 0:
        raise TooMuchData


def _decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
    inflater = zlib.decompressobj(wbits)
    result = inflater.decompress(data, max(_BUDGET.remaining, 0) + 1)
    _charge(len(result))
    if inflater.unconsumed_tail:  # more output waits beyond what the budget allows
        raise TooMuchData
    return result + inflater.flush()


class _Inflater:
    """``zlib.decompressobj`` whose output is charged (pdfminer's repair of corrupt streams)."""

    def __init__(self, *args: Any) -> None:
        self._inflater = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = max(_BUDGET.remaining, 0) + 1
        result = self._inflater.decompress(data, min(max_length, room) if max_length else room)
        _charge(len(result))
        if self._inflater.unconsumed_tail and not max_length:
            raise TooMuchData
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inflater, name)


def _charged(decode: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def charged(data: bytes) -> bytes:
        result = decode(data)
        _charge(len(result))
        return result

    return charged


def install() -> None:
    """Give pdfminer's stream decoder the budgeted ``zlib`` (once per process)."""
    with _installed:
        if _done:
            return
        from pdfminer import pdftypes

        # Fails loudly (AttributeError, caught by a test) if pdfminer stops naming these.
        pdftypes.zlib = SimpleNamespace(  # type: ignore[assignment]
            decompress=_decompress,
            decompressobj=_Inflater,
            error=zlib.error,
            MAX_WBITS=zlib.MAX_WBITS,
        )
        pdftypes.lzwdecode = _charged(pdftypes.lzwdecode)  # type: ignore[assignment]
        pdftypes.rldecode = _charged(pdftypes.rldecode)  # type: ignore[assignment]
        _done.append(True)
