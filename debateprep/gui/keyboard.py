"""A keyboard path with no traps: Tab leaves every list, Ctrl+1..Ctrl+5 jump to a panel, and
the widget holding focus is always outlined.

Tab inside a table used to move cell to cell forever (and the source table opened each source
on the way); here Tab and Shift+Tab move between widgets and the arrow keys move inside them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QDockWidget,
    QFocusFrame,
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


class FocusRing(QObject):
    """One frame drawn around the scroll area (reader, map, lists) that has focus.

    Item views show the current cell, but a student tabbing into a table needs to see that
    the table itself has focus; the style's focus frame does that for every one of them.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.frame = QFocusFrame(window)
        self.frame.setObjectName("focusRing")
        self.frame.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._moved)

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        area = _scroll_area_of(new)
        if area is not None and area.window() is self.frame.window():
            self.frame.setWidget(area)
            self.frame.show()
        else:
            self.frame.hide()


def _scroll_area_of(widget: QWidget | None) -> QAbstractScrollArea | None:
    """The big reading/list widget focus is in (its viewport or itself), if any."""
    if isinstance(widget, QAbstractScrollArea):
        return widget
    parent = widget.parentWidget() if widget is not None else None
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return parent
    return None
