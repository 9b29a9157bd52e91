"""Search as you type: a box, filters, and highlighted results that open cards or sources.

Two passes, so results keep up with typing at 100k cards: each keystroke restarts a short
timer for the type-ahead pass (tags, titles and cites; the last word a prefix; a few
milliseconds) and a longer one for the full pass (quotes, notes and article text too), which
runs once the user pauses or presses Enter and replaces the quick results. Both run on this
panel's own reader thread (``TaskRunner.reader``; never the job queue, which holds imports and
other writes), and only the newest request's results are shown, so a slow early query can
never overwrite a later one. Queued requests that have not started yet are dropped.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import UserError
from debateprep.gui.choicemodel import ChoiceModel
from debateprep.gui.controller import CARDS, MOTIONS, SOURCES, Controller
from debateprep.gui.narrow import fit_combos
from debateprep.gui.search_groups import group_counts
from debateprep.gui.search_view import SearchResultsView
from debateprep.gui.searchmodels import SearchResultsModel
from debateprep.search import SearchHit, SearchScope

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 60  # type-ahead pass: only coalesces keys that come in one burst
FULL_DEBOUNCE_MS = 350  # full pass: once typing pauses
RESULT_LIMIT = 30  # snippets are built per hit returned, so keep the page short
KIND_CHOICES = ("source", "argument", "counterargument", "evidence")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What one search asks the facade, so the worker thread never touches widgets."""

    seq: int
    text: str
    kinds: tuple[str, ...] | None = None
    doc_types: tuple[str, ...] | None = None
    sides: tuple[str, ...] | None = None
    source_id: int | None = None
    scope: SearchScope = "everything"

    @property
    def is_blank(self) -> bool:
        filtered = self.kinds or self.doc_types or self.sides or self.source_id is not None
        return not self.text.strip() and not filtered


class SearchPanel(QWidget):
    """The search dock: box, kind/side/source filters, results list and a status line."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._reader = controller.tasks.reader(self)
        self._reader.loaded.connect(self._on_results)
        self._reader.failed.connect(self._on_results)
        self._seq = 0  # the newest request
        self._newest_scope: SearchScope = "everything"
        self._open_when_ready = False

        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setAccessibleName("Search")
        self.box.setPlaceholderText("Search sources and cards…")
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)

        self.kind_filter = self._combo("searchKindFilter", "Kind filter")
        self.kind_filter.addItem("Any kind", None)
        for kind in KIND_CHOICES:
            self.kind_filter.addItem(kind.title(), kind)
        self.side_filter = self._combo("searchSideFilter", "Side filter")
        self.source_filter = self._combo("searchSourceFilter", "Source filter")
        # Three in a row must not widen the Library/Search column past the reader's share.
        fit_combos(self.kind_filter, self.side_filter, self.source_filter, chars=4)

        self.model = SearchResultsModel(self)
        self.results = self._build_results()

        self.status = QLabel("Type to search sources and cards", self)
        self.status.setObjectName("searchStatus")
        self.status.setAccessibleName("Search status")
        # A long status ("12 cards, 3 sources — searching quotes…") wraps inside the dock
        # instead of widening it while the user types.
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for combo in (self.kind_filter, self.side_filter, self.source_filter):
            filters.addWidget(combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.box)
        layout.addLayout(filters)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

        self._build_timers()
        self.box.textChanged.connect(lambda _text: self._typed())
        self.box.returnPressed.connect(self._return_pressed)
        for combo in (self.kind_filter, self.side_filter, self.source_filter):
            combo.currentIndexChanged.connect(lambda _i: self._schedule())
        controller.changed.connect(self._on_changed)
        self.refresh()

    def _build_results(self) -> SearchResultsView:
        """The results list (hits in groups under headers), opened on Enter, with a menu."""
        results = SearchResultsView(self.model, self)
        results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        results.customContextMenuRequested.connect(self._context_menu)
        # activated = Enter, or double-click (single click where the platform says so).
        results.activated.connect(lambda index: self.open_hit(index.row()))
        return results

    def _build_timers(self) -> None:
        """Two debounce timers: the quick type-ahead pass, then the full pass once typing pauses."""
        self._timer = QTimer(self)  # the full pass
        self._timer.setSingleShot(True)
        self._timer.setInterval(FULL_DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self._quick_timer = QTimer(self)  # the type-ahead pass
        self._quick_timer.setSingleShot(True)
        self._quick_timer.setInterval(DEBOUNCE_MS)
        self._quick_timer.timeout.connect(lambda: self._start("titles"))

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)  # long source titles must not widen the dock
        return combo

    # -- refreshing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the filter choices (side names, source titles) and rerun the search."""
        library = self.controller.library
        side_names = {"A": "Side A", "B": "Side B"}
        motion_id = self.controller.current_motion_id
        if motion_id is not None:
            try:
                motion = library.motion(motion_id)
                side_names = {"A": motion.side_a, "B": motion.side_b}
            except UserError:
                logger.info("motion %s is gone; generic side names", motion_id)
        # Titles only: at 5,000 sources whole records took 0.6 s of the window's start.
        sources = library.source_titles()
        self._fill(self.side_filter, "Any side", [(v, k) for k, v in side_names.items()])
        self._fill(self.source_filter, "Any source", [(title, sid) for sid, title in sources])
        self.model.set_context(side_names, dict(sources))
        self._schedule()

    @staticmethod
    def _fill(combo: QComboBox, any_text: str, items: list[tuple[str, Any]]) -> None:
        """Replace a combo's entries, keeping the chosen value; no signal unless it changes."""
        current = combo.currentData()
        combo.blockSignals(True)
        model = combo.model()
        if not isinstance(model, ChoiceModel):
            model = ChoiceModel(combo)
            combo.setModel(model)
        # One model reset instead of an insert per entry (thousands of sources).
        model.set_choices([(any_text, None), *items])
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)
        if current is not None and found < 0:
            combo.currentIndexChanged.emit(0)  # the chosen source vanished: search again

    def _on_changed(self, topic: str) -> None:
        if topic in (SOURCES, MOTIONS):
            self.refresh()
        elif topic == CARDS and not self.request().is_blank:
            self._schedule()  # a result may have been edited or deleted

    # -- searching -------------------------------------------------------------------------

    def request(self) -> SearchRequest:
        """The search the box and filters describe now (seq is filled in when it runs)."""
        kind = self.kind_filter.currentData()
        side = self.side_filter.currentData()
        source_id = self.source_filter.currentData()
        return SearchRequest(
            seq=self._seq,
            text=self.box.text(),
            kinds=(kind,) if kind and kind != "source" else None,
            doc_types=("source",) if kind == "source" else None,
            sides=(side,) if side else None,
            source_id=int(source_id) if source_id is not None else None,
        )

    def _schedule(self) -> None:
        """Filters or data changed: one full search once things settle."""
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.start()

    def _typed(self) -> None:
        self._quick_timer.start()
        self._timer.setInterval(FULL_DEBOUNCE_MS)
        self._timer.start()

    def search_now(self) -> None:
        """Run the full search for the current query at once (the timers end up here)."""
        self._start("everything")

    def _start(self, scope: SearchScope) -> None:
        self._quick_timer.stop()
        if scope == "everything":
            self._timer.stop()
        self._seq += 1
        self._newest_scope = scope
        request = replace(self.request(), scope=scope)
        if request.is_blank:
            self._reader.cancel()
            self.model.set_hits([])
            self.status.setText("Type to search sources and cards")
            self._open_when_ready = False
            return
        library = self.controller.library

        def search() -> list[SearchHit] | str:
            try:
                return library.search(
                    request.text,
                    kinds=request.kinds,
                    doc_types=request.doc_types,
                    sides=request.sides,
                    source_id=request.source_id,
                    limit=RESULT_LIMIT,
                    scope=request.scope,
                    seq=request.seq,  # the search process skips it once a newer one waits
                )
            except UserError:
                raise  # the reader's ``failed``: shown in the status line
            except Exception:  # a bug in search must not end typing with a crash dialog
                logger.exception("search failed")
                return "Search failed; see the log."

        self._reader.request(search)

    def _on_results(self, result: object) -> None:
        if isinstance(result, str):
            self.model.set_hits([])
            self.status.setText(result)
            return
        hits = list(result) if isinstance(result, list) else []
        self.model.set_hits(hits)
        count = len(hits)
        more = "+" if count >= RESULT_LIMIT else ""
        if self._newest_scope == "titles":
            # The full pass follows once typing pauses; say so rather than "No matches".
            found = f"{count}{more} in tags, titles and cites" if count else "Nothing in tags yet"
            self.status.setText(f"{found} — searching quotes and articles…")
        else:
            self.status.setText(
                "No matches" if not count else f"{count}{more} result{'s' if count != 1 else ''}"
            )
            if count:
                self.status.setText(f"{self.status.text()} — {group_counts(hits)}")
            # The search loosened or corrected the query: say what is shown instead.
            notice = str(getattr(result, "notice", "") or "")
            if notice and count:
                self.status.setText(f"{notice} ({count}{more})")
        first = self.model.first_hit_row()  # row 0 is the first group's header
        if first is not None:
            self.results.setCurrentIndex(self.model.index(first))
        if self._open_when_ready and self._newest_scope == "everything":
            self._open_when_ready = False
            if first is not None:
                self.open_hit(first)

    def is_idle(self) -> bool:
        """No search waiting on the timer or the worker, and the newest results are shown."""
        return (
            not self._timer.isActive()
            and not self._quick_timer.isActive()
            and self._reader.is_idle()
        )

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Run the event loop until the newest search has shown its results (tests, shutdown)."""
        deadline = time.monotonic() + timeout_ms / 1000
        if self._timer.isActive() or self._quick_timer.isActive():
            self.search_now()
        remaining = max(0, int((deadline - time.monotonic()) * 1000))
        return self._reader.wait(remaining) and self.is_idle()

    # -- focus and keys --------------------------------------------------------------------

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down (or Page Down) in the box walks into the results, as in a browser's URL bar.
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                first = self.model.first_hit_row()
                if not self.results.currentIndex().isValid() and first is not None:
                    self.results.setCurrentIndex(self.model.index(first))
                return True
        return super().eventFilter(watched, event)

    def _return_pressed(self) -> None:
        if not self.is_idle():
            self._open_when_ready = True  # Enter before the results came: open the top hit
            if self._timer.isActive() or self._newest_scope == "titles":
                self.search_now()
            return
        current = self.results.currentIndex()
        row = current.row() if current.isValid() else self.model.first_hit_row()
        if row is not None:
            self.open_hit(row)

    # -- opening ---------------------------------------------------------------------------

    def open_hit(self, row: int) -> None:
        """Open a hit: a card in the editor, a source in the reader at the match."""
        hit = self.model.hit(row)  # None on a group header
        if hit is None:
            return
        if hit.doc_type == "card":
            self.controller.open_card(hit.id)
        elif hit.offset is None:
            self.controller.show_source(hit.id, 0, 0)
        else:
            self.controller.show_source(hit.id, hit.offset, hit.offset + hit.match_length)

    def show_hit_in_source(self, row: int) -> None:
        """For an evidence hit: the quoted source, with the match (or the quote) selected."""
        hit = self.model.hit(row)
        if hit is None:
            return
        if hit.doc_type == "source":
            self.open_hit(row)
            return
        card = self.controller.attempt(lambda: self.controller.library.card(hit.id))
        if card is None or card.source_id is None or card.start is None or card.end is None:
            return
        if hit.offset is None:
            self.controller.show_source(card.source_id, card.start, card.end)
        else:
            start = card.start + hit.offset
            self.controller.show_source(card.source_id, start, start + hit.match_length)

    def _context_menu(self, pos: QPoint) -> None:
        row = self.results.indexAt(pos).row()  # -1 off the rows
        hit = self.model.hit(row)
        if hit is None:  # nothing or a group header under the pointer
            return
        menu = QMenu(self)
        menu.addAction("Open card" if hit.doc_type == "card" else "Open source").triggered.connect(
            lambda: self.open_hit(row)
        )
        if hit.doc_type == "card" and hit.kind == "evidence":
            menu.addAction("Show in source").triggered.connect(lambda: self.show_hit_in_source(row))
        menu.exec(self.results.viewport().mapToGlobal(pos))
