"""Progress of long work, as the window's progress dialog and the CLI's status line hear it.

A report is ``(done, total, what)``. The callback may raise to cancel (the window's task
raises ``Cancelled`` when Cancel is pressed; Ctrl+C raises KeyboardInterrupt): work that
reports progress keeps nothing half-done when that happens, since exports write their file
only once it is complete. Core code calls reports; it never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable

Report = Callable[[int, int, str], None]


def ignore(done: int, total: int, what: str) -> None:
    """The report used when nobody listens."""


def scaled(report: Report | None, start: int, end: int, total: int) -> Report:
    """A report for one stage of a longer job: its own 0..n mapped onto ``start..end``."""
    outer = report or ignore

    def inner(done: int, count: int, what: str) -> None:
        share = done / count if count > 0 else 1.0
        outer(start + round((end - start) * min(max(share, 0.0), 1.0)), total, what)

    return inner
