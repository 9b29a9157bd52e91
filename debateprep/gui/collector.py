"""Garbage collection on the GUI thread only.

Python's cycle collector runs in whichever thread happens to allocate when a threshold is
crossed. The window has several threads running Python (background readers, the search
process's reply reader, a class library's change feed); if the collector runs in one of them
and frees a cycle holding a Qt object (a dialog whose slot refers back to it), Qt deletes that
object off its thread and the process dies with a segmentation fault. So automatic collection
is switched off and a timer collects on the GUI thread instead, as qutebrowser does: the young
generation every second, everything (minus what start-up froze) every minute.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_MS = 1000
FULL_EVERY = 60  # young collections per full one


class MainThreadCollector(QObject):
    """Owns the timer; created once for the application (see ``install``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(YOUNG_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % FULL_EVERY == 0 else 0)


def install(app: QObject) -> MainThreadCollector:
    """Collect only on ``app``'s (the GUI) thread from now on (automatic collection off)."""
    gc.disable()  # again even if installed: something may have switched it back on
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
