"""The search process's news in the status bar ("Search restarted: ...").

The search client tells its listeners on whichever thread noticed the restart (a search
reader, the index upkeep thread); a queued signal brings the line to the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from debateprep.facade.library import Library


MESSAGE_MS = 8000


class SearchStatus(QObject):
    """Relays the library's search-process messages to ``window``'s status bar."""

    message = Signal(str)

    def __init__(self, window: QMainWindow, library: Library) -> None:
        super().__init__(window)
        self.last = ""  # the last message shown (tests)
        self.message.connect(self._show)
        self._window = window
        if library.search_process is not None:
            library.search_process.add_listener(self.message.emit)

    def _show(self, text: str) -> None:
        self.last = text
        self._window.statusBar().showMessage(text, MESSAGE_MS)
