"""The window's frame and where the docks sit: the last session's layout, or shares of the
window on first start.

A mixin of :class:`~debateprep.gui.mainwindow.MainWindow`, placed before ``QMainWindow`` in
its bases so ``showEvent`` here runs first and hands on to Qt's. The frame (docks, menus,
toolbar) needs no library, so the window can be painted before its library is open.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from debateprep.gui.actions import build_actions, build_toolbar


class WindowLayout(QMainWindow):
    """Restores geometry and dock state; else gives the reader the middle, the map a band."""

    settings: QSettings
    docks: dict[str, QDockWidget]
    actions_by_name: dict[str, QAction]
    menus: dict[str, QMenu]
    _recent_menu: QMenu
    _layout_restored: bool

    def _build_frame(self) -> None:
        """Docks (empty until :meth:`attach`), menus, toolbar, size and the saved layout."""
        self.setCentralWidget(QWidget(self))
        self.docks = {
            "Library": self._dock("Library", "libraryDock", "left"),
            "Search": self._dock("Search", "searchDock", "left"),
            "Card": self._dock("Card", "cardDock", "right"),
            "Argument map": self._dock("Argument map", "mapDock", "bottom"),
            "Brief": self._dock("Brief", "briefDock", "bottom"),
        }
        self.tabifyDockWidget(self.docks["Argument map"], self.docks["Brief"])
        self.tabifyDockWidget(self.docks["Library"], self.docks["Search"])
        self.docks["Argument map"].raise_()
        self.docks["Library"].raise_()

        self.actions_by_name, self.menus = build_actions(self)
        build_toolbar(self, self.actions_by_name)
        for action in self.actions_by_name.values():  # until ``attach`` connects them
            action.setEnabled(False)
        for dock in self.docks.values():
            self.menus["View"].addAction(dock.toggleViewAction())
        self._recent_menu = self.menus["File"].addMenu("Open &Recent")
        self._recent_menu.setObjectName("menuRecent")
        self.menus["File"].insertMenu(self.actions_by_name["actionImport"], self._recent_menu)
        self.resize(1280, 800)
        self._layout_restored = self._restore_layout()

    def _dock(self, title: str, name: str, area: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(QWidget(dock))  # the panel replaces it in ``attach``
        where = {
            "left": Qt.DockWidgetArea.LeftDockWidgetArea,
            "right": Qt.DockWidgetArea.RightDockWidgetArea,
            "bottom": Qt.DockWidgetArea.BottomDockWidgetArea,
        }[area]
        self.addDockWidget(where, dock)
        return dock

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._layout_restored:
            self._layout_restored = True
            self._default_proportions()

    def _default_proportions(self) -> None:
        # Shares of the real window size, so a small screen still gives the reader the middle
        # and the map a readable band.
        width, height = self.width(), self.height()
        self.resizeDocks(
            [self.docks["Library"], self.docks["Card"]],
            [max(220, width * 23 // 100), max(240, width * 26 // 100)],
            Qt.Orientation.Horizontal,
        )
        self.resizeDocks(
            [self.docks["Argument map"]], [max(180, height * 36 // 100)], Qt.Orientation.Vertical
        )

    def _restore_layout(self) -> bool:
        """Geometry and dock layout from the last session; False when there was none."""
        geometry = self.settings.value("geometry")
        state = self.settings.value("windowState")
        if geometry is not None:
            self.restoreGeometry(geometry)
        return state is not None and self.restoreState(state)
