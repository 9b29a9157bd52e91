"""Starting the window: logging, QApplication, the crash hook, settings, the library.

``create_main_window`` builds a ready window without entering the event loop (tests and
``--screenshot`` use it); ``main`` runs the application through ``start_main_window``, which
paints the window's frame first and opens the library right after that first paint (issue 14:
cold start to first paint within twice a bare Qt window). So this module and the window's
modules import no SQLAlchemy, importers or exporters at load time: the facade loads then.
"""

from __future__ import annotations

import gc
import logging
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from debateprep import __version__, paths
from debateprep.errors import UserError
from debateprep.gui import collector, colours
from debateprep.gui.class_connect import (
    is_class_location,
    last_local_library,
    open_class_or_local,
    remember_class_url,
)
from debateprep.gui.dialogs import CrashDialog, show_user_error
from debateprep.gui.mainwindow import MainWindow

if TYPE_CHECKING:
    from debateprep.facade.library import Library

logger = logging.getLogger(__name__)

_windows: list[MainWindow] = []  # keeps every open window alive
OPEN_FAILED = "libraryOpenFailed"  # a started window's property: its library did not open


def log_path() -> Path:
    return Path(platformdirs.user_log_dir("DebatePrep", appauthor=False)) / "debateprep.log"


def setup_logging() -> Path | None:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return path


def install_excepthook(log_file: Path | None) -> None:
    """Anything unexpected: logged, then one crash dialog; a UserError is only a message."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, UserError):
            show_user_error(QApplication.activeWindow(), value.message)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        logger.error("unexpected error:\n%s", details)
        CrashDialog(details, log_file, QApplication.activeWindow()).exec()

    sys.excepthook = hook


# Seconds a Python thread may keep the GIL while another waits for it (Python's default is
# 0.005). The GUI thread calls into Python for every paint, data() and slot and must win the
# GIL back each time; while a search or a load runs on a worker thread, 5 ms per call added up
# to 400 ms stalls when scrolling the map (about 120 ms at 1 ms).
GIL_SWITCH_INTERVAL = 0.001


def ensure_application() -> QApplication:
    """The application, its palette's selection and placeholder colours made readable."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        QCoreApplication.setOrganizationName("DebatePrep")
        QCoreApplication.setApplicationName("DebatePrep")
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(sys.argv[:1])
    collector.install(app)  # cycles are freed on this thread only (see gui/collector.py)
    colours.apply_readable_palette()
    return app


def default_settings() -> QSettings:
    return QSettings("DebatePrep", "DebatePrep")


def create_main_window(
    library_path: Path | str | None = None,
    settings: QSettings | None = None,
    *,
    empty: bool = False,
) -> MainWindow:
    """A main window with its library open (the bundled corpus on first use, unless
    ``empty``: then a new library starts with nothing). A class library asks for a password
    when the server wants one and, when it cannot be opened, offers a local library instead
    (UserError if neither opened)."""
    ensure_application()
    settings = settings or default_settings()
    library = open_library_asking(_library_path(library_path, settings), settings, empty, None)
    if library is None:
        raise _Declined
    window = MainWindow(
        library, settings, open_window=lambda p, empty=False: open_window(p, settings, empty)
    )
    return window


def start_main_window(
    library_path: Path | str | None = None,
    settings: QSettings | None = None,
    *,
    empty: bool = False,
) -> MainWindow:
    """The window's frame, to be shown at once; its library opens right after its first paint
    (a UserError then is shown and the window closes without being attached)."""
    ensure_application()
    settings = settings or default_settings()
    path = _library_path(library_path, settings)
    window = MainWindow(
        None, settings, open_window=lambda p, empty=False: open_window(p, settings, empty)
    )
    if isinstance(path, Path):
        window.setWindowTitle(f"{path.name} — {path.parent} — DebatePrep")
        window.statusBar().showMessage(f"Opening {path.name}…")
    else:
        window.setWindowTitle(f"class library {_shown(path)} — DebatePrep")
        window.statusBar().showMessage(f"Connecting to {_shown(path)}…")

    def attach() -> None:
        if not window.isVisible():  # closed before its library opened: nothing to open
            return
        from debateprep.facade.library import set_process_role

        set_process_role("the DebatePrep window")  # how a refused restore names us
        try:
            library = open_library_asking(path, settings, empty, window)
        except UserError as exc:
            show_user_error(window, exc.message)
            window.setProperty(OPEN_FAILED, True)  # ``main`` exits with 1
            window.close()
            return
        if library is None:  # the user declined the class library and a local one
            window.setProperty(OPEN_FAILED, True)
            window.close()
            return
        window.statusBar().clearMessage()
        window.attach(library)
        # What start-up loaded (Qt, SQLAlchemy, our modules, the panels: ~100k objects at 10k
        # cards) lives as long as the window: out of the cycle collector's full passes, which
        # otherwise stall the GUI thread ~100 ms whenever one happens to run (issue 14, item 6).
        gc.freeze()

    AfterFirstPaint(window, attach)
    return window


class AfterFirstPaint(QObject):
    """Calls ``then`` once, when the event loop is back after ``widget``'s first paint (its
    children paint in the same pass), so the user sees the window before slower work. A
    window shown but never painted (on a hidden desktop) gets it ``FALLBACK_MS`` after Show."""

    FALLBACK_MS = 1000

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)
        elif watched is self._widget and event.type() == QEvent.Type.Show:
            QTimer.singleShot(self.FALLBACK_MS, self._fire)
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def _library_path(library_path: Path | str | None, settings: QSettings) -> Path | str:
    """The library to open: a file or folder (a Path), or a class library's URL (text: a
    Path would fold its "//"); None means the last one used, else the default library."""
    if library_path is None:
        last = settings.value("lastLibrary")
        if not last:
            return paths.default_library_path()
        library_path = str(last)
    if is_class_location(library_path):
        return str(library_path)
    return Path(library_path)


def _shown(location: str) -> str:
    """A URL as the title shows it before the library opens: without a password."""
    scheme, _, rest = location.partition("://")
    who, at, where = rest.rpartition("@")
    return f"{scheme}://{who.split(':', 1)[0]}{at}{where}" if at else location


class _Declined(UserError):
    """The user cancelled opening a class library (already told; nothing more to say)."""

    def __init__(self) -> None:
        super().__init__("The class library was not opened.")


def open_library_asking(
    location: Path | str, settings: QSettings, empty: bool, parent: QWidget | None
) -> Library | None:
    """Open a library file, or a class library asking for its password when the server
    wants one; a class library that cannot be opened offers the last local library
    instead (None: the user declined both)."""
    if not isinstance(location, str):
        return _open_library(location, empty)
    library = open_class_or_local(
        lambda password: _open_library(location, empty, password),
        lambda: _open_library(last_local_library(settings), empty),
        parent,
    )
    if library is not None and library.is_class_library:
        remember_class_url(settings, library.location)
    return library


def _open_library(location: Path | str, empty: bool, password: str | None = None) -> Library:
    from debateprep.facade.library import Library  # SQLAlchemy: after the first paint

    # The index is checked by the window, which rebuilds it in the background if needed, in
    # the library's search process (the window never loads Whoosh). A class library's window
    # follows other people's changes as they commit (``listen``).
    return Library.open(
        location,
        index=False,
        empty=empty,
        search_process=True,
        password=password,
        listen=isinstance(location, str),
    )


def open_window(path: Path | str, settings: QSettings, empty: bool = False) -> MainWindow | None:
    try:
        window = create_main_window(path, settings, empty=empty)
    except _Declined:
        return None  # the user was asked already, and declined
    except UserError as exc:
        show_user_error(QApplication.activeWindow(), exc.message)
        return None
    _windows.append(window)
    window.show()
    return window


def save_screenshot(window: QWidget, path: Path) -> Path:
    window.show()
    if isinstance(window, MainWindow):
        window.tasks.wait(60000)  # a background index rebuild shows its end state, not 0%
    for _ in range(3):
        QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise UserError(f"Could not save the screenshot to {path}.")
    return path


def main(
    library_path: Path | str | None = None, screenshot: Path | None = None, *, empty: bool = False
) -> int:
    log_file = setup_logging()
    app = ensure_application()
    install_excepthook(log_file)
    if screenshot is not None:
        from debateprep.facade.library import set_process_role

        set_process_role("the DebatePrep window")  # how a refused restore names us
        return _screenshot(library_path, screenshot, empty)
    window = start_main_window(library_path, empty=empty)
    window.log_file = log_file
    _windows.append(window)
    window.show()
    status = app.exec()
    return 1 if window.property(OPEN_FAILED) else status


def _screenshot(library_path: Path | str | None, target: Path, empty: bool = False) -> int:
    """Render the window in its default layout at 1280x800; the user's settings stay as
    they were (a throwaway settings file stands in for them)."""
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        library_path = _library_path(library_path, default_settings())
        try:
            window = create_main_window(library_path, settings, empty=empty)
        except UserError as exc:
            print(f"debateprep: {exc.message}", file=sys.stderr)
            return 1
        window.resize(1280, 800)
        save_screenshot(window, target)
        window.close()
    print(f"Wrote {target}", file=sys.stderr)
    return 0
