"""Where the docks sit: the last session's layout, or shares of the window on first start.

A mixin of :class:`~debateprep.gui.mainwindow.MainWindow`, placed before ``QMainWindow`` in
its bases so ``showEvent`` here runs first and hands on to Qt's.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow


class WindowLayout(QMainWindow):
    """Restores geometry and dock state; else gives the reader the middle, the map a band."""

    settings: QSettings
    docks: dict[str, QDockWidget]
    _layout_restored: bool

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
