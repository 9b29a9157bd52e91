"""Help > Evidence Ethics opens the bundled guide, rendered, in a dialog that stays out of the
way (not modal, Esc closes it), in the window's palette; a missing guide is one message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from debateprep import paths
from debateprep.gui import dialogs
from debateprep.gui.ethics_help import DOC_NAME, EthicsDialog
from debateprep.gui.mainwindow import MainWindow

HEADING = "Evidence ethics: how the starter map is cut"
GUIDE = (
    f"# {HEADING}\n\n"
    "Every card quotes its source **word for word**.\n\n"
    "| Caveat | Meaning |\n| --- | --- |\n| no data | a claim without figures |\n"
)


@pytest.fixture
def guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The guide in a docs folder of its own (the real one is the lead's content)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / DOC_NAME).write_text(GUIDE, encoding="utf-8")
    monkeypatch.setattr(paths, "docs_dir", lambda: folder)
    return folder


def _open(window: MainWindow, qtbot: QtBot) -> EthicsDialog:
    window.action("actionEvidenceEthics").trigger()
    dialog = window.findChild(EthicsDialog, "evidenceEthicsDialog")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_help_menu_opens_the_guide_rendered(window: MainWindow, guide: Path, qtbot: QtBot) -> None:
    menu = window.menus["Help"]
    assert window.action("actionEvidenceEthics") in menu.actions()
    dialog = _open(window, qtbot)
    assert dialog.isVisible() and not dialog.isModal()
    document = dialog.view.document()
    first = document.firstBlock()
    assert first.text() == HEADING and first.blockFormat().headingLevel() == 1
    text = dialog.view.toPlainText()
    assert "Every card quotes its source word for word." in text  # Markdown rendered, no **
    assert "no data" in text and "| ---" not in text  # the table is a table
    # The window stays usable while the guide is open.
    assert QApplication.activeModalWidget() is None


def test_esc_closes_and_the_menu_opens_it_again(
    window: MainWindow, guide: Path, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _open(window, qtbot) is dialog and dialog.isVisible()


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    """The application in a dark palette, as a dark desktop theme gives it."""
    before = qapp.palette()
    palette = QPalette(before)
    for role, colour in (
        (QPalette.ColorRole.Window, Qt.GlobalColor.black),
        (QPalette.ColorRole.Base, Qt.GlobalColor.black),
        (QPalette.ColorRole.Text, Qt.GlobalColor.white),
        (QPalette.ColorRole.WindowText, Qt.GlobalColor.white),
    ):
        palette.setColor(role, colour)
    qapp.setPalette(palette)
    yield
    qapp.setPalette(before)


def test_guide_follows_a_dark_palette(
    dark: None, window: MainWindow, guide: Path, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    palette = dialog.view.palette()
    assert palette.color(QPalette.ColorRole.Base).lightness() < 50
    assert palette.color(QPalette.ColorRole.Text).lightness() > 200
    # No colour of its own anywhere in the document: the palette's text colour is used.
    assert "color" not in dialog.view.toHtml()


def test_a_missing_guide_is_one_line(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_user_error", lambda _parent, message: said.append(message))
    monkeypatch.setattr(paths, "docs_dir", lambda: tmp_path / "nowhere")
    window.action("actionEvidenceEthics").trigger()
    assert len(said) == 1 and "\n" not in said[0]
    assert said[0].startswith("Cannot open the evidence ethics guide:") and DOC_NAME in said[0]
    assert window.findChild(EthicsDialog) is None


def test_doc_is_found_beside_the_package_in_a_checkout(tmp_path: Path) -> None:
    assert paths.docs_dir() == Path(paths.__file__).resolve().parents[1] / "docs"
    with pytest.raises(FileNotFoundError, match="document missing"):
        paths.doc("no-such-guide.md")
