"""A library that starts as the user wants (sample or empty), and the teacher's export path:
the packet question names the motion, defaults to the worksheet and warns on an empty motion;
exports remember their folder and suggest a name (issue 12, items 7 and 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from debateprep.facade.library import Library
from debateprep.gui import dialogs, exporting
from debateprep.gui.app import create_main_window
from debateprep.gui.exporting import PACKET_FORMATS, FileFormat, chosen_format, slug
from debateprep.gui.mainwindow import MainWindow
from debateprep.text.plural import plural


def test_an_empty_library_stays_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with Library.open(path, empty=True) as library:
        assert library.counts() == (0, 0)
        assert library.motions() == []
    with Library.open(path) as library:  # a later ordinary open does not add the sample
        assert library.counts() == (0, 0)


def test_empty_window_names_real_menu_items(tmp_path: Path, qtbot: QtBot) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = create_main_window(tmp_path / "empty.db", settings, empty=True)
    qtbot.addWidget(main)
    main.show()
    try:
        main.library_panel.wait_idle()
        hint = main.library_panel.empty_hint
        assert hint.isVisible()
        menu_texts = {a.text().replace("&", "") for a in main.menus["File"].actions()}
        named = hint.text().split("File › ")[1].split(" (")[0]
        assert named in menu_texts
        assert main.action("actionImport").shortcut().toString() in hint.text()
        assert "Double-click" not in main.reader.cite_label.text()
        card_menu = {a.text().replace("&", "") for a in main.menus["Card"].actions()}
        assert main.map_view.wait_idle()
        qtbot.waitUntil(lambda: "New Motion" in main.map_view.placeholder.text())
        assert "New Motion…" in card_menu
        keys = {k.toString() for a in main.actions_by_name.values() for k in a.shortcuts()}
        for key in ("F7", "Ctrl+Shift+A"):  # the editor's empty state names real keys
            assert key in main.card_editor.empty.text() and key in keys
    finally:
        main.close()


@pytest.mark.parametrize("sample", [True, False])
def test_new_library_asks_sample_or_empty(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: bool
) -> None:
    target = tmp_path / "new.db"
    opened: list[tuple[Path, bool]] = []
    monkeypatch.setattr(dialogs.Ask, "new_library", classmethod(lambda cls, *a: target))
    monkeypatch.setattr(dialogs.Ask, "new_library_contents", classmethod(lambda cls, *a: sample))
    monkeypatch.setattr(window, "_open_window", lambda p, empty=False: opened.append((p, empty)))
    window.action("actionNewLibrary").trigger()
    assert opened == [(target, not sample)]


def test_packet_question_names_the_motion_and_defaults_to_the_worksheet() -> None:
    box, answers = dialogs.packet_box(None, "Resolved: cities should help ICE", True)
    default = box.defaultButton()
    assert answers[default] == "worksheet"
    assert "Resolved: cities should help ICE" in box.text()
    assert box.icon() != QMessageBox.Icon.Warning
    warned, _ = dialogs.packet_box(None, "Resolved: new", False)
    assert warned.icon() == QMessageBox.Icon.Warning
    assert "no arguments" in warned.informativeText()


def test_packet_of_a_new_motion_warns_and_suggests_a_name(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    window.controller.create_motion("Resolved: The US should abolish ICE", "Aff", "Neg")
    asked: list[tuple[Any, ...]] = []
    suggested: list[str] = []
    target = tmp_path / "out" / "mine.md"
    target.parent.mkdir()

    def export_file(cls: object, parent: object, title: str, name: str, *a: object) -> Any:
        suggested.append(name)
        return chosen_format(target, "", PACKET_FORMATS)

    def packet_variant(cls: object, *args: object) -> str:
        asked.append(args[1:])
        return "worksheet"

    monkeypatch.setattr(dialogs.Ask, "packet_variant", classmethod(packet_variant))
    monkeypatch.setattr(dialogs.Ask, "export_file", classmethod(export_file))
    window.action("actionExportPacket").trigger()
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: bool(window.statusBar().currentMessage()))
    assert asked == [("Resolved: The US should abolish ICE", False)]
    # The first export starts in Documents (else home), never the folder the app started in.
    first = Path(exporting.first_export_folder())
    assert suggested == [str(first / "packet-worksheet-the-us-should-abolish-ice.md")]
    assert first.is_absolute()
    message = window.statusBar().currentMessage()
    assert message.startswith("Wrote mine.md and mine.html"), message
    assert "PosixPath" not in message
    window.action("actionExportPacket").trigger()  # the next export starts in that folder
    assert window.tasks.wait()
    assert Path(suggested[1]).parent == target.parent


def test_html_packet_status_names_the_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    html_format: FileFormat = next(f for f in PACKET_FORMATS if f.extension == "html")
    target = tmp_path / "packet.html"
    monkeypatch.setattr(dialogs.Ask, "packet_variant", classmethod(lambda cls, *a: "teacher"))
    monkeypatch.setattr(
        dialogs.Ask, "export_file", classmethod(lambda cls, *a: (target, html_format))
    )
    window.action("actionExportPacket").trigger()
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: bool(window.statusBar().currentMessage()))
    assert window.statusBar().currentMessage() == f"Wrote packet.html in {tmp_path}"


def test_counts_are_in_words() -> None:
    assert plural(1, "card") == "1 card"
    assert plural(0, "source") == "0 sources"
    assert slug("Resolved: Cities & States, 2026!") == "cities-states-2026"
