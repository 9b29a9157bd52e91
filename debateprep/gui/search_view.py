"""The search results list: wrapped highlighted hits under group headers ("Sources (4)").

The cursor never rests on a header: Up/Down, Page Up/Down and Home/End step over them (the
model marks headers disabled, and ``moveCursor`` checks the model in case a style's geometry
lands on one anyway), so Enter always opens a hit. Page Up/Down are ours: QListView's own
never left a hit taller than half the list (most hits, in a docked column). When a group's
first hit becomes current, its header is scrolled into sight with it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QWidget

from debateprep.gui.searchmodels import SearchHitDelegate, SearchResultsModel

Action = QAbstractItemView.CursorAction
_BACKWARDS = (Action.MoveUp, Action.MovePageUp, Action.MoveLeft, Action.MovePrevious)


class SearchResultsView(QListView):
    """A list view over ``model``: hits are dragged out as cards; headers are passed by."""

    def __init__(self, model: SearchResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setObjectName("searchResults")
        self.setAccessibleName("Search results")
        self.setModel(model)
        self.setItemDelegate(SearchHitDelegate(self))
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap rows on resize
        # Not QListView's batched layout: keyboard selection works on laid-out rows only, so
        # Down pressed before the last batch selected nothing. Thirty rows whose documents
        # are cached (SearchHitDelegate) lay out in a few milliseconds.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        if cursorAction in (Action.MovePageDown, Action.MovePageUp):
            return self._page(-1 if cursorAction in _BACKWARDS else 1)
        if cursorAction in (Action.MoveHome, Action.MoveEnd):
            # From the model: rows are laid out in batches, and Qt's End stops at the last
            # row laid out so far.
            end = cursorAction == Action.MoveEnd
            row = self._model.nearest_hit_row(
                self._model.rowCount() - 1 if end else 0, -1 if end else 1
            )
            return self._model.index(row) if row is not None else self.currentIndex()
        index = super().moveCursor(cursorAction, modifiers)
        if not index.isValid() or self._model.hit(index.row()) is not None:
            return index
        step = -1 if cursorAction in _BACKWARDS else 1
        row = self._model.nearest_hit_row(index.row(), step)
        return self._model.index(row) if row is not None else self.currentIndex()

    def _page(self, step: int) -> QModelIndex:
        """The hit about one list height below (``step`` 1) or above (-1) the current one,
        and at least the next hit that way."""
        current = self.currentIndex()
        if not current.isValid():
            return current
        ahead = [row for row, _ in self._model.hit_rows() if (row - current.row()) * step > 0]
        if not ahead:
            return current
        if step < 0:
            ahead.reverse()
        here = self.rectForIndex(current)
        pick = ahead[0]
        if not here.isValid():  # not laid out yet (rows are laid out in batches)
            return self._model.index(pick)
        goal = here.top() + step * self.viewport().height()
        for row in ahead[1:]:
            rect = self.rectForIndex(self._model.index(row))
            if not rect.isValid() or (rect.top() - goal) * step > 0:
                break  # past a page away, or not laid out yet
            pick = row
        return self._model.index(pick)

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        row = current.row()
        first_of_group = row > 0 and self._model.hit(row - 1) is None
        # Not under a mouse press: a list that moves between the two clicks of a double-click
        # opens nothing (Qt wants both on the same row).
        pressed = QApplication.mouseButtons() != Qt.MouseButton.NoButton
        if current.isValid() and first_of_group and not pressed:
            # Keep the group's name on screen with its first hit (the top hit especially).
            self.scrollTo(self._model.index(row - 1))
