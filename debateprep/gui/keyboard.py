"""A keyboard path with no traps: Tab leaves every list, Ctrl+1..Ctrl+5 jump to a panel, and
the widget holding focus is always outlined.

Tab inside a table used to move cell to cell forever (and the source table opened each source
on the way); here Tab and Shift+Tab move between widgets and the arrow keys move inside them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QDockWidget,
    QWidget,
)

# Ctrl+N -> (panel, dock title or "" for the central reader); also in actions.SPECS.
PANEL_KEYS = (
    ("actionGoLibrary", "Library"),
    ("actionGoReader", ""),
    ("actionGoCard", "Card"),
    ("actionGoMap", "Argument map"),
    ("actionGoBrief", "Brief"),
)


def untrap_item_views(root: QWidget) -> None:
    """Tab and Shift+Tab leave every table, tree and list under ``root``."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def show_panel(dock: QDockWidget | None, target: QWidget, panel: QWidget) -> None:
    """Show and raise the panel's dock (if it has one) and put focus in its main widget (or
    in the panel, when that widget is hidden: an empty map shows a hint instead)."""
    if dock is not None:
        dock.show()
        dock.raise_()
    (target if target.isVisibleTo(panel.window()) else panel).setFocus(
        Qt.FocusReason.ShortcutFocusReason
    )


class FocusRing(QWidget):
    """A frame drawn over the edge of the scroll area (reader, map, lists) that has focus.

    Item views show the current cell, but a student tabbing into a table needs to see that
    the table itself has focus, in every style: a 2-pixel ring in the palette's highlight
    colour, on top of the widget's own frame, letting clicks through.
    """

    WIDTH = 2

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._window = window
        self._area: QAbstractScrollArea | None = None
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._moved)  # a method: dropped with the window

    def target(self) -> QWidget | None:
        return self._area if self.isVisible() else None

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        area = _scroll_area_of(new)
        if self._area is not None:
            self._area.removeEventFilter(self)
        self._area = area if area is not None and area.window() is self._window else None
        if self._area is None:
            self.hide()
            return
        self._area.installEventFilter(self)
        self.setParent(self._area.parentWidget())
        self._place()

    def _place(self) -> None:
        area = self._area
        if area is None or not area.isVisible():
            self.hide()
            return
        self.setGeometry(area.geometry())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._area and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._place()
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), self.WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = self.WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))


def _scroll_area_of(widget: QWidget | None) -> QAbstractScrollArea | None:
    """The big reading/list widget focus is in (its viewport or itself), if any."""
    if isinstance(widget, QAbstractScrollArea):
        return widget
    parent = widget.parentWidget() if widget is not None else None
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return parent
    return None
