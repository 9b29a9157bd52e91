"""A QGuiApplication for exports that paint (PDF, PNG), also from the command line.

Painting text needs a QGuiApplication (it owns the font database). The window already has
one; a headless ``debateprep export`` does not, so one is made here, on the offscreen
platform when no display is available, and kept for the life of the process.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

_app: QGuiApplication | None = None  # keeps the application we made from being collected


def gui_application() -> QCoreApplication:
    """The running Qt application, or a new QGuiApplication (offscreen without a display)."""
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    # Linux without X11 or Wayland (a server, CI, ssh): Qt would abort looking for a display.
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["debateprep"])
    return _app
