"""Text contrast of at least 4.5:1 (WCAG AA), computed from the palette and the colours the
delegates and hints really use, in a light and a dark palette, on normal and selected rows."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from debateprep.gui import colours
from debateprep.gui.app import create_main_window
from debateprep.gui.colours import AA, contrast
from debateprep.gui.mainwindow import MainWindow
from debateprep.gui.map_delegate import MUTED_COLOR, MapDelegate

Role = QPalette.ColorRole
DARK = {
    Role.Window: "#2d2d2d",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#1e1e1e",
    Role.AlternateBase: "#2a2a2a",
    Role.Text: "#e8e8e8",
    Role.Button: "#3a3a3a",
    Role.ButtonText: "#e8e8e8",
    Role.Highlight: "#3d7bd9",
    Role.HighlightedText: "#ffffff",
    Role.PlaceholderText: "#6a6a6a",
}


def light_palette() -> QPalette:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    fusion = app.style() if app.style().name().lower() == "fusion" else None
    if fusion is None:
        from PySide6.QtWidgets import QStyleFactory

        fusion = QStyleFactory.create("Fusion")
    return fusion.standardPalette()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    return palette


PALETTES = {"light": light_palette, "dark": dark_palette}


@pytest.fixture(params=sorted(PALETTES))
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    """The application runs with this palette (made readable as the app does at start)."""
    before = qapp.palette()
    qapp.setPalette(PALETTES[request.param]())
    colours.apply_readable_palette()
    yield qapp.palette()
    qapp.setPalette(before)


@pytest.fixture
def window(
    palette: QPalette, _starter_template: Path, tmp_path: Path, qtbot: QtBot
) -> Iterator[MainWindow]:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = create_main_window(folder / "library.db", settings)
    qtbot.addWidget(main)
    main.show()
    # The map loads in the background; a test reading its cells waits for the rows.
    qtbot.waitUntil(lambda: main.map_view.is_idle() and main.map_view.table.model().rowCount() > 0)
    yield main
    main.close()


def test_the_old_fixed_grey_was_unreadable_on_a_selected_row(qapp: QApplication) -> None:
    # Why the colours are derived now: #5f6368 on the selection blue is about 1.7:1.
    assert contrast(QColor(MUTED_COLOR), QColor("#308cc6")) < AA


@pytest.mark.parametrize("selected", [False, True])
def test_plain_muted_and_flag_text_read_on_rows(palette: QPalette, selected: bool) -> None:
    background = palette.color(Role.Highlight if selected else Role.Base)
    text = palette.color(Role.HighlightedText if selected else Role.Text)
    assert contrast(text, background) >= AA
    assert contrast(colours.muted(palette, selected), background) >= AA
    assert contrast(colours.flag(palette, selected), background) >= AA
    if not selected:  # alternating rows
        alternate = palette.color(Role.AlternateBase)
        assert contrast(colours.muted(palette), alternate) >= AA
        assert contrast(colours.flag(palette), alternate) >= AA
    placeholder = palette.color(Role.PlaceholderText)
    assert contrast(placeholder, palette.color(Role.Base)) >= AA


@pytest.mark.parametrize("selected", [False, True])
def test_every_colour_in_a_drawn_map_cell_reads(window: MainWindow, selected: bool) -> None:
    table = window.map_view.table
    model = table.model()
    delegate = table.itemDelegate()
    assert isinstance(delegate, MapDelegate)
    option = QStyleOptionViewItem()
    option.palette = table.palette()
    option.font = table.font()
    option.rect = QRect(0, 0, 300, 200)
    background = option.palette.color(Role.Highlight if selected else Role.Base)
    seen = set()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            doc = delegate._document(option, model.index(row, column), selected)
            seen |= set(re.findall(r"color:(#[0-9a-fA-F]{6})", doc.toHtml()))
    assert len(seen) >= 2  # muted and flag colours are both on the starter map
    for name in seen:
        assert contrast(QColor(name), background) >= AA, name


def test_hints_and_status_labels_read(window: MainWindow) -> None:
    hint = window.library_panel.empty_hint
    assert hint.isEnabled()  # a disabled label is drawn at about 1.5:1
    for label in (hint, window.map_view.summary, window.map_view.placeholder):
        palette = label.palette()
        ratio = contrast(palette.color(Role.WindowText), palette.color(Role.Window))
        assert ratio >= AA, label.objectName()
