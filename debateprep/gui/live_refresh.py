"""Other people's changes in this window, and who else has the class library open.

The library's change feed hears each change someone else commits (LISTEN/NOTIFY, within a
fraction of a second) on its own thread; ``LiveRefresh`` hops to the GUI thread with a
queued signal, gathers a burst for a moment, and tells the panels what changed the way an
edit of the user's own does (``controller.changed``), so lists, the map and briefs reload in
place keeping selection and scroll. The card editor shows their version in its fields but
one the user is typing in, and keeps the version its typing is based on (so finishing the
field saves through the conflict dialog, not over their change).

The status bar says who is connected and who last changed what, asked of the server after
each change and every ``PRESENCE_MS`` (people come and go without changing anything).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from debateprep.gui.controller import BRIEFS, CARDS, LINKS, MOTIONS, SOURCES

if TYPE_CHECKING:
    from debateprep.facade.live import ChangeEntry, Presence
    from debateprep.gui.mainwindow import MainWindow

GATHER_MS = 200  # a burst of changes (an import) is one refresh
PRESENCE_MS = 10000


def topics_for(entries: Sequence[ChangeEntry]) -> list[str]:
    """What the panels must reload for these changes (the log names cards and sources; a
    change naming neither was to the map's motions, a brief or links)."""
    keys = [key for entry in entries for key in (*entry.upserts, *entry.deletes)]
    topics: list[str] = []
    if any(key.startswith("source:") for key in keys):
        topics.append(SOURCES)
    if any(key.startswith("card:") for key in keys):
        topics += [CARDS, LINKS, BRIEFS]  # a brief shows its cards' tags
    if any(not entry.upserts and not entry.deletes for entry in entries):
        topics += [MOTIONS, LINKS, BRIEFS]
    return list(dict.fromkeys(topics))


def when(at: str, now: datetime | None = None) -> str:
    """A change's time as the status bar shows it: local 14:02, with the date if not today."""
    try:
        moment = datetime.fromisoformat(at).astimezone()
    except ValueError:
        return ""
    today = (now or datetime.now().astimezone()).date()
    return moment.strftime("%H:%M" if moment.date() == today else "%d %b %H:%M")


def presence_text(presence: Presence, me: str) -> str:
    """“3 connected: maria, li, teacher · li changed card “…” 14:02”."""
    names = [person.user for person in presence.connected]
    text = f"{len(names)} connected: {', '.join(names)}" if names else "nobody connected"
    last = presence.last_change
    if last is not None:
        who = "you" if last.actor == me else last.actor
        text += f" · {who} changed {last.summary} {when(last.at)}".rstrip()
    return text


class LiveRefresh(QObject):
    """The bridge from the change feed's thread to the window (see the module docstring)."""

    arrived = Signal(object)  # a list of ChangeEntry, emitted on the feed's thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._controller = window.controller
        self._library = window.library
        self._pending: list[ChangeEntry] = []
        self._listening = True
        self.refreshes = 0  # bursts applied (tests and the log count them)
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(GATHER_MS)
        self._gather.timeout.connect(self._apply)
        self.arrived.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        self.label = QLabel(window)
        self.label.setObjectName("statusPresence")
        window.statusBar().addPermanentWidget(self.label)
        self._presence = window.tasks.reader(self)
        self._presence.loaded.connect(self._show_presence)
        self._presence.failed.connect(self.label.setText)
        self._poll = QTimer(self)
        self._poll.setInterval(PRESENCE_MS)
        self._poll.timeout.connect(self.refresh_presence)
        self._poll.start()
        window.installEventFilter(self)  # stops hearing before the library closes
        self._library.add_change_listener(self._heard)
        self.refresh_presence()

    def _heard(self, entries: list[ChangeEntry]) -> None:
        """On the feed's thread: only hand the entries to the GUI thread."""
        if self._listening:
            self.arrived.emit(list(entries))

    def _collect(self, entries: list[ChangeEntry]) -> None:
        self._pending.extend(entries)
        if not self._gather.isActive():
            self._gather.start()

    def _apply(self) -> None:
        entries, self._pending = self._pending, []
        if not entries or not self._listening:
            return
        self.refreshes += 1
        for topic in topics_for(entries):
            self._controller.changed.emit(topic)
        self.refresh_presence()

    def refresh_presence(self) -> None:
        if self._listening:
            self._presence.request(self._library.presence)

    def _show_presence(self, presence: Any) -> None:
        self.label.setText(presence_text(presence, self._library.user))
        self.label.setToolTip(
            "\n".join(
                f"{person.user}, connected since {when(person.since.isoformat())}"
                for person in presence.connected
            )
        )

    def stop(self) -> None:
        """The window closes: nothing more is shown (the feed stops with the library)."""
        self._listening = False
        self._gather.stop()
        self._poll.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.stop()
        return False
